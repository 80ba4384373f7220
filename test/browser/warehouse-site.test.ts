/**
 * The site built from a warehouse: the sample (CSV) and an .xlsx written by exceljs are imported
 * into a temporary warehouse file, the site is built once from it ($SUPPORT_ANALYTICS_DB, into a
 * folder of its own, so the site the other browser tests read stays as it is) and opened in
 * Chromium: «Загрузки» lists both imports, the monthly report's cards hold the figures
 * `metrics --json --db` prints for the last complete month, its source line names the warehouse,
 * and /support renders without an error.
 */
import { spawn } from "node:child_process";
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import ExcelJS from "exceljs";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildSite, CACHE_DIR } from "../../loaders/site/build.ts";
import { serveStatic, type StaticServer } from "../../loaders/site/serve.ts";
import { importExports } from "../../loaders/warehouse/import.ts";
import { cellErrors, launchChromium, openPage } from "./harness.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const TMP = `${ROOT}test/.tmp/warehouse-site-${process.pid}`;
const DB = join(TMP, "w.duckdb");
const OUT = join(TMP, "site");
const MONTH = "2026-10";

let server: StaticServer;
let browser: Browser;

function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`${ROOT}bin/support-analytics.js`, ...args], { cwd: ROOT });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c: Buffer) => (stdout += c));
    child.stderr.on("data", (c: Buffer) => (stderr += c));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** Three October tickets in a workbook as Bitrix24 users save it (Russian headers, a date cell, a text date). */
async function writeWorkbook(path: string): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet("Обращения");
  sheet.addRow(["ID обращения", "Клиент", "Дата создания", "Приоритет", "Ответственный"]);
  sheet.addRow(["XL-1", "C-0002", new Date(Date.UTC(2026, 9, 5, 10, 15, 0)), "Стандартное", "Орлова Марина"]);
  sheet.addRow(["XL-2", "C-0002", "06.10.2026 09:00", "Экстренное", null]);
  sheet.addRow(["XL-3", "C-0002", "07.10.2026 11:30", "Консультация", "Орлова Марина"]);
  await workbook.xlsx.writeFile(path);
}

/** The value at a dotted path of the metrics JSON («sla.standard.compliance»), or null. */
function valueAt(tree: unknown, key: string): number | null {
  let node: unknown = tree;
  for (const part of key.split(".")) node = node !== null && typeof node === "object" ? (node as Record<string, unknown>)[part] : undefined;
  return typeof node === "number" ? node : null;
}

const url = (path: string) => new URL(path, server.url).href;

beforeAll(async () => {
  mkdirSync(TMP, { recursive: true });
  const workbook = join(TMP, "tickets-excel.xlsx");
  await writeWorkbook(workbook);
  const clock = new Date("2026-11-30T12:00:00Z");
  await importExports([join(ROOT, "data/sample")], { dbPath: DB, waitMs: 5_000, clock });
  await importExports([workbook], { dbPath: DB, waitMs: 5_000, clock });
  await buildSite({ clean: true, env: { SUPPORT_ANALYTICS_DB: DB }, outDir: OUT });
  server = await serveStatic(OUT);
  browser = await launchChromium();
}, 600_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(TMP, { recursive: true, force: true });
  // the loader cache now holds the warehouse's data: a later `observable preview` must not reuse it
  rmSync(CACHE_DIR, { recursive: true, force: true });
});

describe("the site built from a warehouse", () => {
  it("«Загрузки» lists both imports: the sample's CSV files and the .xlsx with its sheet", async () => {
    const view = await openPage(browser, url("/imports"));
    expect(view.problems()).toEqual([]);
    expect(await cellErrors(view.page)).toEqual([]);
    const text = await view.page.locator("main").innerText();
    expect(text).toContain("Хранилище:");
    expect(text).toContain("w.duckdb");
    const journal = await view.page.locator("table").first().locator("tbody tr").allInnerTexts();
    expect(journal).toHaveLength(2);
    const [excel, sample] = [journal.find((r) => r.includes("tickets-excel.xlsx")), journal.find((r) => r.includes("tickets.csv"))];
    expect(sample).toMatch(/^\s*1\s/);
    expect(sample).toMatch(/tickets\.csv · [0-9a-f]{12}/);
    expect(sample).toMatch(/clients\.csv · [0-9a-f]{12}/);
    expect(excel).toMatch(/^\s*2\s/);
    expect(excel).toMatch(/tickets-excel\.xlsx \(лист «Обращения»\) · [0-9a-f]{12}/);
    expect(excel).toContain("5 октября 2026 – 7 октября 2026");
  });

  it("the monthly report shows the figures of metrics --json --db for the last complete month, its source is the warehouse", async () => {
    const cli = await runCli(["metrics", "--db", DB, "--month", MONTH, "--json"]);
    expect(cli.stderr).toBe("");
    expect(cli.code).toBe(0);
    const metrics = JSON.parse(cli.stdout) as Record<string, unknown>;
    const view = await openPage(browser, url("/"));
    expect(view.problems()).toEqual([]);
    expect(await view.page.evaluate(() => document.body.dataset.reportMonth)).toBe(MONTH);
    const cards = await view.page.$$eval(".kpi-card", (nodes) =>
      nodes.map((n) => ({ key: (n as HTMLElement).dataset.kpi!, value: (n.querySelector(".kpi-value") as HTMLElement).dataset.value! })),
    );
    expect(cards.length).toBeGreaterThanOrEqual(10);
    for (const card of cards) {
      const expected = valueAt(metrics, card.key);
      if (expected === null) expect(card.value, card.key).toBe("");
      else expect(Number(card.value), card.key).toBeCloseTo(expected, 9);
    }
    expect(cards.find((c) => c.key === "tickets.total")!.value).not.toBe("");
    const text = await view.page.locator("main").innerText();
    expect(text).toContain("Источник: выгрузки Bitrix24 отдела сопровождения (хранилище «w.duckdb»)");
    expect(text).not.toContain("папка «");
  });

  it("/support renders from the warehouse without an error", async () => {
    const view = await openPage(browser, url("/support"));
    expect(view.problems()).toEqual([]);
    expect(await cellErrors(view.page)).toEqual([]);
    expect(await view.page.locator("svg").count()).toBeGreaterThan(3);
  });
});
