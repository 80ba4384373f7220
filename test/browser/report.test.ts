/**
 * «Ежемесячный отчёт»: the month selector drives the KPI cards and the URL; a shared link
 * opens the same month; the PDF command prints it on A4 landscape pages.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { addMonths, formatMonth } from "../../src/core/format.ts";
import { countPdfPages, useSite } from "./harness.ts";

const site = useSite();
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
/** the sample's data reach 24 November 2026: the last complete month is October */
const LAST_COMPLETE_MONTH = "2026-10";

async function kpiTexts(page: import("playwright-core").Page): Promise<Record<string, string>> {
  return page.$$eval(".kpi-card", (cards) =>
    Object.fromEntries(cards.map((c) => [(c as HTMLElement).dataset.kpi ?? "", c.querySelector(".kpi-value")?.textContent ?? ""])),
  );
}

describe("month selector", () => {
  it("defaults to the last complete month and shows 14 KPI cards with a status each", async () => {
    const view = await site.open("/");
    const month = await view.page.evaluate(() => document.body.dataset.reportMonth);
    expect(month).toBe(LAST_COMPLETE_MONTH);
    const statuses = await view.page.$$eval(".kpi-card", (cards) => cards.map((c) => (c as HTMLElement).dataset.status));
    expect(statuses).toHaveLength(14);
    for (const status of statuses) expect(["ok", "warn", "bad", "none"]).toContain(status);
    const narrative = await view.page.$$eval(".narrative li", (items) => items.map((i) => i.textContent ?? ""));
    expect(narrative.some((t) => t.startsWith("SLA стандартных обращений"))).toBe(true);
    expect(narrative.some((t) => t.startsWith("Обращений за месяц:"))).toBe(true);
    await view.context.close();
  });

  it("changing the month changes the KPI values and the URL; the link reopens the same view", async () => {
    const view = await site.open("/");
    const first = (await view.page.evaluate(() => document.body.dataset.reportMonth))!;
    const before = await kpiTexts(view.page);
    const earlier = addMonths(first, -1);
    await view.page.selectOption("select", { label: formatMonth(earlier) });
    await view.page.waitForFunction((m) => document.body.dataset.reportMonth === m, earlier);
    const after = await kpiTexts(view.page);
    expect(after["tickets.total"]).not.toBe(before["tickets.total"]);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    expect(new URL(view.page.url()).searchParams.get("month")).toBe(earlier);

    const shared = await site.open(`/?month=${earlier}`);
    expect(await kpiTexts(shared.page)).toEqual(after);
    await view.context.close();
    await shared.context.close();
  });

  it("ignores a malformed month in the URL", async () => {
    const view = await site.open("/?month=2026-13");
    expect(await view.page.evaluate(() => document.body.dataset.reportMonth)).toBe(LAST_COMPLETE_MONTH);
    expect(view.problems()).toEqual([]);
    await view.context.close();
  });
});

describe("support-analytics report", () => {
  it("renders the month to an A4-landscape PDF and the page count matches the file", async () => {
    const tmp = `${ROOT}test/.tmp`;
    mkdirSync(tmp, { recursive: true });
    const out = `${tmp}/report-${process.pid}.pdf`;
    rmSync(out, { force: true });
    const month = addMonths(LAST_COMPLETE_MONTH, -1);
    const { code, output } = await new Promise<{ code: number; output: string }>((resolve) => {
      const child = spawn(process.execPath, [`${ROOT}bin/support-analytics.js`, "report", "--month", month, "--out", out], { cwd: ROOT });
      let output = "";
      child.stdout.on("data", (c: Buffer) => (output += c));
      child.stderr.on("data", (c: Buffer) => (output += c));
      child.on("close", (exitCode) => resolve({ code: exitCode ?? 1, output }));
    });
    expect(output).toContain(`Отчёт за ${month}`);
    expect(code).toBe(0);
    const pdf = readFileSync(out);
    expect(pdf.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    const pages = countPdfPages(pdf);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(pages).toBeLessThanOrEqual(6);
    expect(output).toContain(`(${pages} стр.`);
    if (existsSync("/usr/bin/pdfinfo")) {
      const info = execFileSync("/usr/bin/pdfinfo", [out], { encoding: "utf8" });
      expect(Number(/Pages:\s+(\d+)/.exec(info)?.[1])).toBe(pages);
      // A4 landscape: 842 × 595 pt
      const [, w, h] = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info)!;
      expect(Math.round(Number(w))).toBe(842);
      expect(Math.round(Number(h))).toBe(595);
      // the layout: the KPI cards alone on page 1, the narrative and the triggers on page 2, the
      // trends heading on the same page as its first charts
      const pageText = (n: number) => execFileSync("/usr/bin/pdftotext", ["-f", String(n), "-l", String(n), out, "-"], { encoding: "utf8" });
      expect(pageText(1)).toContain("SLA экстренных");
      expect(pageText(1)).not.toContain("Что изменилось");
      expect(pageText(2)).toContain("Что изменилось и почему");
      expect(pageText(2)).toContain("Триггеры масштабирования");
      const trends = Array.from({ length: pages }, (_, i) => pageText(i + 1)).find((text) => text.includes("Динамика за 24 месяца"));
      expect(trends).toContain("Соблюдение SLA по приоритетам");
    }
    rmSync(out, { force: true });
  });

  it("when Chromium cannot start, exits non-zero within a bounded time, saying so", async () => {
    const started = performance.now();
    const { code, signal, output } = await new Promise<{ code: number | null; signal: string | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, [`${ROOT}bin/support-analytics.js`, "report", "--month", "2026-10", "--out", `${ROOT}test/.tmp/never-${process.pid}.pdf`], {
        cwd: ROOT,
        env: { ...process.env, CHROMIUM_PATH: "/bin/false" },
      });
      let output = "";
      child.stdout.on("data", (c: Buffer) => (output += c));
      child.stderr.on("data", (c: Buffer) => (output += c));
      const killer = setTimeout(() => child.kill("SIGKILL"), 60_000);
      child.on("close", (exitCode, exitSignal) => {
        clearTimeout(killer);
        resolve({ code: exitCode, signal: exitSignal, output });
      });
    });
    expect(signal).toBeNull();
    expect(code).toBe(1);
    expect(output).toContain("Отчёт не создан: не удалось запустить Chromium «/bin/false»");
    expect(performance.now() - started).toBeLessThan(60_000);
    expect(existsSync(`${ROOT}test/.tmp/never-${process.pid}.pdf`)).toBe(false);
  });

  it("rejects a malformed month with exit code 2", async () => {
    const code = await new Promise<number>((resolve) => {
      const child = spawn(process.execPath, [`${ROOT}bin/support-analytics.js`, "report", "--month", "2026-3", "--out", "x.pdf"], { cwd: ROOT });
      child.on("close", (exitCode) => resolve(exitCode ?? 1));
    });
    expect(code).toBe(2);
  });
});
