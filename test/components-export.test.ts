import { describe, expect, it } from "vitest";
import {
  composeSlideSvg,
  legendPositions,
  slideLayout,
  slideChartSize,
  legendRowCount,
  SLIDE_CHART_ZOOM,
  SUBTITLE_CHARS_PER_LINE,
  subtitleLines,
  wrapLines,
  csvValue,
  exportFilename,
  neutralizeCell,
  SLIDE_HEIGHT,
  SLIDE_WIDTH,
  toCsv,
} from "../src/components/export.ts";

describe("CSV export", () => {
  it("neutralises cells a spreadsheet would run as formulas", () => {
    expect(neutralizeCell("=1+1")).toBe("'=1+1");
    expect(neutralizeCell("+7 900")).toBe("'+7 900");
    expect(neutralizeCell("-cmd")).toBe("'-cmd");
    expect(neutralizeCell("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(neutralizeCell("\tx")).toBe("'\tx");
    expect(neutralizeCell("ЖК Сосны")).toBe("ЖК Сосны");
    expect(neutralizeCell("a=b")).toBe("a=b");
  });
  it("writes numbers with a decimal comma and keeps negative numbers numeric", () => {
    expect(csvValue(0.934)).toBe("0,934");
    expect(csvValue(-5)).toBe("-5");
    expect(csvValue(null)).toBe("");
    expect(csvValue(Number.NaN)).toBe("");
    expect(csvValue(true)).toBe("да");
    expect(csvValue(new Date("2026-03-10T00:00:00Z"))).toBe("2026-03-10");
    expect(csvValue(new Date("2026-03-10T07:30:00Z"))).toBe("2026-03-10T07:30:00Z");
  });
  it("starts with a BOM, uses «;», quotes when needed and ends lines with CRLF", () => {
    const csv = toCsv(
      [
        { month: "2026-03", name: 'ЖК «<b>Сосны</b>»; "А"', value: 0.5 },
        { month: "2026-04", name: "=HYPERLINK(1)", value: -1 },
      ],
      [
        { key: "month", label: "Месяц" },
        { key: "name", label: "Клиент" },
        { key: "value", label: "Значение" },
      ],
    );
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.slice(1)).toBe(
      'Месяц;Клиент;Значение\r\n2026-03;"ЖК «<b>Сосны</b>»; ""А""";0,5\r\n2026-04;\'=HYPERLINK(1);-1\r\n',
    );
    expect(Buffer.from(csv, "utf8").subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
  });
  it("defaults columns to the union of the row keys", () => {
    expect(toCsv([{ a: 1 }, { b: 2 }]).slice(1)).toBe("a;b\r\n1;\r\n;2\r\n");
  });
});

describe("file names", () => {
  it("keeps letters and digits, replaces the rest", () => {
    expect(exportFilename("SLA по приоритетам 2026-03", "png")).toBe("sla-по-приоритетам-2026-03.png");
    expect(exportFilename("../../etc/passwd", "csv")).toBe("etc-passwd.csv");
    expect(exportFilename("***", "svg")).toBe("chart.svg");
  });
});

describe("slide composition", () => {
  it("wraps legend items into rows within the width", () => {
    const items = ["Руководитель отдела", "Менеджер техподдержки", "Менеджер сопровождения (МОС)", "Старший инженер"].map((label) => ({ label, color: "#000" }));
    const placed = legendPositions(items, 500);
    expect(placed.map((p) => p.row)).toEqual([0, 0, 1, 1]);
    expect(placed[0]!.x).toBe(0);
    expect(placed[2]!.x).toBe(0);
    for (const p of placed) expect(p.x + 40 + p.item.label.length * 8.6).toBeLessThanOrEqual(500 + 1);
    // more legend rows push the chart down
    expect(slideLayout(1, 2).chartY).toBeGreaterThan(slideLayout(1, 1).chartY);
  });

  it("redraws charts for the slide at its chart area ÷ 1.4 (labels 14 px on the slide)", () => {
    // chart area: 960 − 2 × 32 = 896 px wide; 896 / 1.4 = 640
    expect(SLIDE_CHART_ZOOM).toBe(1.4);
    expect(slideChartSize(0, 0).width).toBe(640);
    // no subtitle, no legend: chart from y 70 to 540 − 18 − 22 = 500 → 430 px → 307 px
    expect(slideLayout(0, 0).chartHeight).toBe(430);
    expect(slideChartSize(0, 0).height).toBe(307);
    // subtitle and two legend rows: chart from 80 + 30 + 22 + 20 = 152 → 348 px → 249 px
    expect(slideLayout(1, 2).chartHeight).toBe(348);
    expect(slideChartSize(1, 2)).toEqual({ width: 640, height: 249 });
    // a second subtitle line takes 20 px more: 328 px → 234 px
    expect(slideChartSize(2, 2)).toEqual({ width: 640, height: 234 });
    expect(legendRowCount([])).toBe(0);
    const items = ["Руководитель отдела", "Менеджер техподдержки", "Менеджер сопровождения (МОС)", "Старший инженер", "Менеджер внедрения"];
    // item widths 40 + ⌈chars × 8.6⌉: 204 + 221 + 281 + 169 = 875 ≤ 896; + 195 = 1070 > 896 → a second row
    expect(legendRowCount(items.map((label) => ({ label, color: "#000" })))).toBe(2);
    expect(legendRowCount(items.slice(0, 4).map((label) => ({ label, color: "#000" })))).toBe(1);
  });

  it("wraps a long subtitle into two slide lines and cuts the rest with «…»", () => {
    expect(wrapLines("", 10, 2)).toEqual([]);
    expect(wrapLines("один два три", 10, 2)).toEqual(["один два", "три"]);
    expect(wrapLines("один два три четыре пять", 9, 2)).toEqual(["один два", "три…"]);
    expect(wrapLines("абвгдежзийклм", 5, 3)).toEqual(["абвгд", "ежзий", "клм"]);
    expect(wrapLines("абвгдежзийклм", 5, 2)).toEqual(["абвгд", "ежзи…"]);
    const long = "Решено в пределах лимита ÷ (в пределах + нарушено), на конец месяца; пунктир — цель · ноябрь 2025 — октябрь 2026";
    const lines = subtitleLines(long);
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(SUBTITLE_CHARS_PER_LINE);
    expect(lines.join(" ")).toBe(long);
    const svg = composeSlideSvg({
      title: "SLA",
      subtitle: long,
      source: "Источник: тест",
      legend: [],
      chartSvg: "<svg></svg>",
      chartWidth: 640,
      chartHeight: 300,
      background: "#fff",
      foreground: "#000",
      muted: "#666",
    });
    expect(svg).toContain(`y="80" font-size="16" fill="#666">${lines[0]!.replace("&", "&amp;")}</text>`);
    expect(svg).toContain(`y="100" font-size="16"`);
  });

  it("is a 16:9 SVG with title, subtitle, legend, chart and source, all text escaped", () => {
    const svg = composeSlideSvg({
      title: "Клиент <script>",
      subtitle: "март 2026",
      source: "Источник: тест",
      legend: [{ label: "A&B", color: "#0072b2" }],
      chartSvg: '<svg class="plot"><rect width="10" height="10"/></svg>',
      chartWidth: 640,
      chartHeight: 400,
      background: "#fff",
      foreground: "#000",
      muted: "#666",
    });
    expect(svg).toContain(`width="${SLIDE_WIDTH}" height="${SLIDE_HEIGHT}"`);
    expect(SLIDE_WIDTH / SLIDE_HEIGHT).toBeCloseTo(16 / 9, 2);
    expect(svg).toContain("Клиент &lt;script&gt;");
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("A&amp;B");
    expect(svg).toContain("Источник: тест");
    expect(svg).toContain('viewBox="0 0 640 400"');
  });
});
