/** The deck's pure parts: colours from CSS values, the narrative split over slides, the native chart specs. */
import { describe, expect, it } from "vitest";
import { reportChartSpecs, TREND_MONTHS } from "../src/components/deck/chart-specs.ts";
import { colorOf, fallbackPalette, hexOfCss } from "../src/components/deck/colors.ts";
import { narrativePages } from "../src/components/deck/slides.ts";
import { addMonths } from "../src/core/format.ts";

describe("deck colours", () => {
  it("turns CSS colours into PowerPoint hex", () => {
    expect(hexOfCss("#0072b2")).toBe("0072B2");
    expect(hexOfCss(" #abc ")).toBe("AABBCC");
    expect(hexOfCss("rgb(0, 114, 178)")).toBe("0072B2");
    expect(hexOfCss("rgba(213 94 0 / 0.5)")).toBe("D55E00");
    expect(hexOfCss("oklch(0.5 0.1 200)")).toBeNull();
    const palette = { ...fallbackPalette(), "--cat-2": "E69F00" };
    expect(colorOf(palette, "var(--cat-2)")).toBe("E69F00");
    expect(colorOf(palette, "var(--status-bad)")).toBe("D55E00");
    expect(colorOf(palette, "#123456")).toBe("123456");
    expect(colorOf(palette, "var(--unknown)")).toBe("8C8C8C");
  });
});

describe("narrative slides", () => {
  it("splits by length, never an empty slide, every item once", () => {
    const items = Array.from({ length: 9 }, (_, i) => ({ key: `k${i}`, tone: "ok" as const, text: "а".repeat(300) }));
    const pages = narrativePages(items, 1000);
    expect(pages.map((p) => p.length)).toEqual([3, 3, 3]);
    expect(pages.flat()).toEqual(items);
    expect(narrativePages([{ key: "x", tone: "bad", text: "б".repeat(5000) }], 1000)).toHaveLength(1);
  });
});

describe("native chart specs of the report page", () => {
  const months = Array.from({ length: 30 }, (_, i) => {
    const month = addMonths("2024-06", i);
    return {
      month,
      tickets: { total: 200 + i },
      sla: { emergency: { compliance: i === 3 ? null : 0.9, met: 9, breached: 1 }, standard: { compliance: 0.96, met: 96, breached: 4 }, consultation: { compliance: 1, met: 5, breached: 0 } },
      workload: { support_manager: { utilization: 0.5 + i / 100 }, senior_engineer: { utilization: 1.3 } },
    };
  });
  const settings = { sla: { standard: { compliance_target: 0.95 } }, triggers: { second_support_manager: { threshold: 400 } }, status_thresholds: { amber_from: 0.8, red_above: 1 } };

  it("covers the trend window ending with the month, values per month, nulls where none", () => {
    const [sla, tickets, utilization] = reportChartSpecs(months, "2026-10", settings);
    expect(sla!.months).toHaveLength(TREND_MONTHS);
    expect(sla!.months.at(-1)).toBe("2026-10");
    expect(sla!.labels.at(-1)).toBe("окт 2026");
    expect(sla!.series.map((s) => s.name)).toEqual(["Экстренные", "Стандартные", "Консультации"]);
    expect(sla!.guides).toEqual([{ name: "Цель: стандартные", values: Array(TREND_MONTHS).fill(0.95), color: "var(--cat-2)" }]);
    expect(reportChartSpecs(months, "2024-09", settings)[0]!.series[0]!.values.at(-1)).toBeNull();
    expect(tickets!.kind).toBe("bar");
    expect(tickets!.series[0]!.values.at(-1)).toBe(200 + 28);
    expect(tickets!.series[0]!.pointColors!.filter((c) => c === "var(--cat-2)")).toHaveLength(1);
    expect(tickets!.subtitle).toContain("(400)");
    expect(utilization!.series.map((s) => [s.name, s.values.at(-1)])).toEqual([
      ["Менеджер техподдержки", 0.5 + 28 / 100],
      ["Старший инженер", 1.3],
    ]);
    expect(utilization!.valueMax).toBe(1.3);
    expect(utilization!.subtitle).toContain("ноябрь 2024 — октябрь 2026");
  });
});
