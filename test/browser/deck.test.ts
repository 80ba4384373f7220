/**
 * The deck: `support-analytics report --out FILE.pptx` writes a 16:9 PowerPoint file whose
 * native charts hold the same numbers as `metrics --json` and the page's own data; the page's
 * «Скачать презентацию» button downloads the same deck; LibreOffice opens it when installed.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { formatMonthShort } from "../../src/core/format.ts";
import { ROLE_LABELS_RU, labelOf } from "../../src/core/labels.ts";
import { downloadFrom, useSite } from "./harness.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TMP = `${ROOT}test/.tmp/deck-${process.pid}`;
const MONTH = "2026-10";
const site = useSite();

interface ChartSeries {
  name: string;
  labels: string[];
  values: (number | null)[];
  color: string | null;
}

function runCli(args: string[]): Promise<{ code: number | null; output: string; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`${ROOT}bin/support-analytics.js`, ...args], { cwd: ROOT });
    let output = "";
    let stdout = "";
    child.stdout.on("data", (c: Buffer) => ((output += c), (stdout += c)));
    child.stderr.on("data", (c: Buffer) => (output += c));
    child.on("close", (code) => resolve({ code, output, stdout }));
  });
}

const texts = (xml: string) => [...xml.matchAll(/<a:t>([^<]*)<\/a:t>/g)].map((m) => m[1]!);
const cachedValues = (xml: string) => [...xml.matchAll(/<c:pt idx="\d+">\s*<c:v>([^<]*)<\/c:v>/g)].map((m) => m[1]!);

/** The series of a chart part: name, category labels, cached values (empty → null), colour. */
export function chartSeries(xml: string): ChartSeries[] {
  return [...xml.matchAll(/<c:ser>([\s\S]*?)<\/c:ser>/g)].map(([, ser]) => ({
    name: /<c:tx>[\s\S]*?<c:v>([^<]*)<\/c:v>/.exec(ser!)?.[1] ?? "",
    labels: cachedValues(/<c:cat>([\s\S]*?)<\/c:cat>/.exec(ser!)?.[1] ?? ""),
    values: cachedValues(/<c:val>([\s\S]*?)<\/c:val>/.exec(ser!)?.[1] ?? "").map((v) => (v === "" ? null : Number(v))),
    color: /<c:spPr>[\s\S]*?<a:srgbClr val="([0-9A-F]{6})"/.exec(ser!)?.[1] ?? null,
  }));
}

async function slidesOf(zip: JSZip): Promise<string[]> {
  const names = Object.keys(zip.files).filter((n) => /^ppt\/slides\/slide\d+\.xml$/.test(n));
  names.sort((a, b) => Number(/(\d+)\.xml/.exec(a)![1]) - Number(/(\d+)\.xml/.exec(b)![1]));
  return Promise.all(names.map((n) => zip.file(n)!.async("string")));
}

function pageData(prefix: string): any {
  const dir = join(inject("distDir"), "_file", "data", "site");
  return JSON.parse(readFileSync(join(dir, readdirSync(dir).find((f) => f.startsWith(`${prefix}.`))!), "utf8"));
}

let deckPath = "";
let cliRun: { code: number | null; output: string; stdout: string; ms: number };

beforeAll(async () => {
  mkdirSync(TMP, { recursive: true });
  deckPath = `${TMP}/otchet.pptx`;
  const started = performance.now();
  cliRun = { ...(await runCli(["report", "--month", MONTH, "--out", deckPath])), ms: performance.now() - started };
}, 240_000);
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

describe("support-analytics report --out FILE.pptx", () => {
  it("writes a 16:9 deck: title, KPIs, narrative, one slide per report chart, triggers", async () => {
    expect(cliRun.output).toMatch(new RegExp(`Отчёт за ${MONTH}: .*otchet\\.pptx \\((\\d+) слайдов`));
    expect(cliRun.code).toBe(0);
    const bytes = readFileSync(deckPath);
    expect(bytes.subarray(0, 2).toString("latin1")).toBe("PK");
    // compressed (stored uncompressed, the same deck is about 400 KB)
    expect(bytes.length).toBeLessThan(200_000);
    const zip = await JSZip.loadAsync(bytes);
    const presentation = await zip.file("ppt/presentation.xml")!.async("string");
    const [, cx, cy] = /<p:sldSz cx="(\d+)" cy="(\d+)"/.exec(presentation)!;
    expect(Number(cx) / Number(cy)).toBeCloseTo(16 / 9, 3);
    const slides = await slidesOf(zip);
    expect(cliRun.output).toContain(`(${slides.length} слайдов`);
    const titles = slides.map((xml) => texts(xml)[0] ?? "");
    expect(titles[0]).toBe("Ежемесячный отчёт отдела сопровождения");
    expect(texts(slides[0]!).join(" ")).toMatch(/Октябрь 2026.*Данные на \d+ \S+ \d{4}.*Источник: выгрузки Bitrix24/);
    expect(titles[1]).toBe("Показатели месяца");
    const narrative = titles.filter((t) => t.startsWith("Что изменилось и почему"));
    expect(narrative.length).toBeGreaterThanOrEqual(1);
    expect(titles.slice(2 + narrative.length)).toEqual(["Соблюдение SLA по приоритетам", "Обращений в месяц", "Загрузка по ролям", "Триггеры масштабирования"]);
    expect(slides.length).toBe(6 + narrative.length);
    // every content slide: the month in its subtitle, source and as-of in the footer (the master)
    for (const xml of slides.slice(1)) expect(texts(xml)[1]).toMatch(/октябрь 2026/);
    const master = texts(await zip.file("ppt/slideLayouts/slideLayout2.xml")!.async("string")).join(" ");
    expect(master).toMatch(/Источник: выгрузки Bitrix24 .* · данные на \d+ \S+ \d{4}/);
    // the KPI slide holds the 14 KPIs of the page's cards
    expect(texts(slides[1]!)).toEqual(expect.arrayContaining(["SLA экстренных", "Обращений за месяц", "Оплаты в срок"]));
  });

  it("every native chart holds the same numbers as metrics --json and the page's data, in the page's colours", async () => {
    const page = pageData("metrics");
    const settings = pageData("settings");
    const cli = await runCli(["metrics", "--month", MONTH, "--json", "--as-of", page.asOf]);
    expect(cli.code).toBe(0);
    const metrics = JSON.parse(cli.stdout);
    const zip = await JSZip.loadAsync(readFileSync(deckPath));
    const chartNames = Object.keys(zip.files).filter((n) => /^ppt\/charts\/chart\d+\.xml$/.test(n)).sort();
    expect(chartNames).toHaveLength(3);
    const [sla, tickets, utilization] = await Promise.all(chartNames.map(async (n) => chartSeries(await zip.file(n)!.async("string"))));
    const pageByLabel = new Map<string, any>(page.months.map((m: { month: string }) => [formatMonthShort(m.month), m]));
    const at = (series: ChartSeries, month: string) => series.values[series.labels.indexOf(formatMonthShort(month))];
    const byName = (list: ChartSeries[], name: string) => list.find((s) => s.name === name)!;
    /** every point of a series against the page's monthly KPIs */
    const expectPageValues = (series: ChartSeries, read: (month: any) => number | null) => {
      expect(series.labels.length).toBeGreaterThanOrEqual(12);
      expect(series.labels.at(-1)).toBe(formatMonthShort(MONTH));
      expect(series.values).toEqual(series.labels.map((l) => read(pageByLabel.get(l)) ?? null));
    };

    for (const [priority, name] of [["emergency", "Экстренные"], ["standard", "Стандартные"], ["consultation", "Консультации"]] as const) {
      expect(at(byName(sla!, name), MONTH)).toBe(metrics.sla[priority].compliance);
      expectPageValues(byName(sla!, name), (m) => m.sla[priority].compliance);
      expect(byName(sla!, `Цель: ${name.toLowerCase()}`).values.every((v) => v === settings.sla[priority].compliance_target)).toBe(true);
    }
    expect(at(byName(tickets!, "Обращений"), MONTH)).toBe(metrics.tickets.total);
    expectPageValues(byName(tickets!, "Обращений"), (m) => m.tickets.total);
    expect(byName(tickets!, "Порог второго менеджера").values[0]).toBe(settings.triggers.second_support_manager.threshold);
    for (const role of Object.keys(metrics.workload)) {
      const series = byName(utilization!, labelOf(ROLE_LABELS_RU, role));
      expect(series, `${role} in ${utilization!.map((s) => s.name).join(", ")}`).toBeDefined();
      expect(at(series, MONTH)).toBe(metrics.workload[role].utilization);
      expectPageValues(series, (m) => m.workload[role].utilization);
    }
    // the colours are the page's CSS variables (style.css :root) in hex
    const css = readFileSync(`${ROOT}src/style.css`, "utf8");
    const cssVar = (name: string) => new RegExp(`${name}:\\s*#([0-9a-fA-F]{6})`).exec(css)![1]!.toUpperCase();
    expect(byName(sla!, "Экстренные").color).toBe(cssVar("--cat-1"));
    expect(byName(sla!, "Стандартные").color).toBe(cssVar("--cat-2"));
    expect(utilization![0]!.color).toBe(cssVar("--cat-1"));
  });

  it("opens in LibreOffice (soffice --headless --convert-to pdf) with a page per slide, when installed", async () => {
    const soffice = ["/usr/bin/soffice", "/usr/bin/libreoffice"].find(existsSync);
    if (!soffice) return;
    execFileSync(soffice, ["--headless", `-env:UserInstallation=file://${TMP}/lo-profile`, "--convert-to", "pdf", "--outdir", TMP, deckPath], { timeout: 180_000, stdio: "ignore" });
    const pdf = readFileSync(`${TMP}/otchet.pdf`);
    const slides = (await slidesOf(await JSZip.loadAsync(readFileSync(deckPath)))).length;
    expect((pdf.toString("latin1").match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length).toBe(slides);
    if (existsSync("/usr/bin/pdftotext")) expect(execFileSync("/usr/bin/pdftotext", [`${TMP}/otchet.pdf`, "-"], { encoding: "utf8" })).toContain("Соблюдение SLA по приоритетам");
  }, 200_000);
});

describe("«Скачать презентацию» on the report page", () => {
  it("downloads the month's deck, the same slides as the command's", async () => {
    const view = await site.open(`/?month=${MONTH}`);
    const { filename, bytes } = await downloadFrom(view.page, "button.deck-download");
    expect(filename).toBe(`otchet-${MONTH}.pptx`);
    const fromButton = (await slidesOf(await JSZip.loadAsync(bytes))).map((xml) => texts(xml)[0]);
    const fromCli = (await slidesOf(await JSZip.loadAsync(readFileSync(deckPath)))).map((xml) => texts(xml)[0]);
    expect(fromButton).toEqual(fromCli);
    expect(view.problems()).toEqual([]);
    expect(view.consoleWarnings).toEqual([]);
    await view.context.close();
  });
});
