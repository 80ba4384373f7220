/**
 * `support-analytics report --month YYYY-MM --out FILE.pdf|FILE.pptx [--data DIR | --db FILE] [--as-of ISO] [--publish] [--rebuild]`
 *
 * Renders «Ежемесячный отчёт» for a month: builds the site when dist/ is missing (or with
 * --rebuild / --data / --db), serves dist/ on localhost and opens the home page for the month in
 * headless Chromium. An as-of (--as-of, else $SUPPORT_ANALYTICS_AS_OF / $SUPPORT_ANALYTICS_NOW)
 * that dist/ was not built at is served from a site built at it in a folder of its own, removed
 * afterwards with the build cache it filled: dist/ stays as it is, and the report is judged at the
 * moment asked for. A `.pdf` is printed with the page's print stylesheet (A4 landscape); a
 * `.pptx` is the deck the page's «Скачать презентацию» button makes, saved from the download.
 * The output path is checked before anything is rendered; every failure closes the server and
 * the browser, so the command always ends.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import type { Page } from "playwright-core";
import { AS_OF_ENV_VAR, asOfOverride, NOW_ENV_VAR } from "../as-of.ts";
import { DATA_ENV_VAR } from "../data-dir.ts";
import { loadSettings } from "../settings.ts";
import { publishMonth } from "../warehouse/publish.ts";
import { DB_ENV_VAR, resolveWarehousePath } from "../warehouse/store.ts";
import { buildSite, CACHE_DIR, DIST_DIR, siteIsBuilt } from "../site/build.ts";
import { countPdfPages, launchChromium, waitForSettled } from "../site/chromium.ts";
import { OutputPathError, prepareOutputFile, writeOutputFile } from "../site/output-file.ts";
import { serveStatic, type StaticServer } from "../site/serve.ts";

export type ReportFormat = "pdf" | "pptx";

export interface ReportOptions {
  month: string;
  out: string;
  format: ReportFormat;
  dataDir?: string;
  /** a warehouse file: the site is built from it ($SUPPORT_ANALYTICS_DB) */
  db?: string;
  /** store the month's KPIs in the warehouse as published (loaders/warehouse/publish.ts) */
  publish?: boolean;
  rebuild: boolean;
  /** the moment to judge the report at (ISO 8601; without an offset the calendar's time zone) */
  asOf?: string;
}

const USAGE = "Использование: support-analytics report --month ГГГГ-ММ --out ФАЙЛ.pdf|ФАЙЛ.pptx [--data ПАПКА | --db ФАЙЛ] [--as-of МОМЕНТ] [--publish] [--rebuild]";
/** how long the deck may take to be made and downloaded in the page */
const DECK_TIMEOUT_MS = 120_000;

export class ReportArgsError extends Error {}

/** The format follows the extension of --out. */
export function reportFormatOf(out: string): ReportFormat {
  const extension = /\.([^./\\]+)$/.exec(out)?.[1]?.toLowerCase();
  if (extension === "pdf" || extension === "pptx") return extension;
  throw new ReportArgsError(`Формат отчёта определяется расширением --out: .pdf или .pptx, а не «${out}».\n${USAGE}`);
}

/** The command line of `report`; the as-of override (--as-of, else `env`'s $SUPPORT_ANALYTICS_AS_OF / $SUPPORT_ANALYTICS_NOW) is checked here, and refused beside --publish. */
export function parseReportArgs(args: string[], env: NodeJS.ProcessEnv = process.env): ReportOptions {
  const options: Partial<ReportOptions> = { rebuild: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = () => {
      const next = args[++i];
      if (next === undefined || next.startsWith("--")) throw new ReportArgsError(`После ${arg} нужно значение.\n${USAGE}`);
      return next;
    };
    if (arg === "--month") options.month = value();
    else if (arg === "--out") options.out = value();
    else if (arg === "--data") options.dataDir = value();
    else if (arg === "--db") options.db = value();
    else if (arg === "--publish") options.publish = true;
    else if (arg === "--rebuild") options.rebuild = true;
    else if (arg === "--as-of") options.asOf = value();
    else throw new ReportArgsError(`Неизвестный параметр «${arg}».\n${USAGE}`);
  }
  if (!options.month) throw new ReportArgsError(`Не указан --month.\n${USAGE}`);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(options.month)) throw new ReportArgsError(`Месяц «${options.month}» не в формате ГГГГ-ММ (например, 2026-10).`);
  if (!options.out) throw new ReportArgsError(`Не указан --out.\n${USAGE}`);
  options.format = reportFormatOf(options.out);
  let asOf: Date | null;
  try {
    asOf = asOfOverride(options.asOf, loadSettings().calendar.timezone, env);
  } catch (error) {
    throw new ReportArgsError(`${(error as Error).message}\n${USAGE}`);
  }
  if (asOf !== null && options.publish) {
    const source = options.asOf !== undefined ? "--as-of" : `${AS_OF_ENV_VAR} / ${NOW_ENV_VAR}`;
    throw new ReportArgsError(`--publish сохраняет показатели на дату данных хранилища и не сочетается с ${source}.\n${USAGE}`);
  }
  if (options.publish && !resolveWarehousePath(options.db, { orDefault: false })) {
    throw new ReportArgsError(`--publish сохраняет показатели в хранилище: укажите --db ФАЙЛ или SUPPORT_ANALYTICS_DB.\n${USAGE}`);
  }
  return options as ReportOptions;
}

/** Number of slides of a .pptx: the distinct ppt/slides/slideN.xml entries of the zip. */
export function countPptxSlides(pptx: Uint8Array): number {
  const names = Buffer.from(pptx).toString("latin1").match(/ppt\/slides\/slide\d+\.xml/g) ?? [];
  return new Set(names).size;
}

/** The moment a built site was judged at (the `asOf` of its data/site/as-of.json), or null when it has none. */
export function builtSiteAsOf(dir: string): string | null {
  const folder = join(dir, "_file", "data", "site");
  try {
    const name = readdirSync(folder).find((n) => /^as-of\.[0-9a-f]+\.json$/.test(n));
    if (!name) return null;
    const asOf = (JSON.parse(readFileSync(join(folder, name), "utf8")) as { asOf?: unknown }).asOf;
    return typeof asOf === "string" ? asOf : null;
  } catch {
    return null;
  }
}

/**
 * Which site the report is rendered from: "as-of", a site built at `asOf` in a folder of its own
 * (unless dist/ is that site already); "rebuild", dist/ built afresh (other data, --rebuild, none
 * built); "dist", dist/ as it is.
 */
export function reportSite(options: Pick<ReportOptions, "dataDir" | "db" | "rebuild">, asOf: Date | null, built: { exists: boolean; asOf: string | null }): "as-of" | "rebuild" | "dist" {
  const rebuild = Boolean(options.dataDir || options.db || options.rebuild) || !built.exists;
  if (asOf !== null && (rebuild || built.asOf !== asOf.toISOString())) return "as-of";
  return rebuild ? "rebuild" : "dist";
}

/** Opens the report page for the month of the site in `dir` in a fresh Chromium and hands it to `render`; always closes both. */
async function withReportPage<T>(dir: string, month: string, render: (page: Page) => Promise<T>): Promise<T> {
  let server: StaticServer | undefined;
  let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
  try {
    server = await serveStatic(dir);
    browser = await launchChromium();
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: "light", locale: "ru-RU", acceptDownloads: true });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(String(error)));
    await page.goto(`${server.url}/?month=${month}`, { waitUntil: "load" });
    await waitForSettled(page);
    await page.waitForSelector(".kpi-card", { timeout: 30_000 });
    const shown = await page.evaluate(() => document.body.dataset.reportMonth ?? null);
    if (shown !== month) throw new Error(`за ${month} в данных нет месяца (страница открылась на ${shown ?? "?"}).`);
    if (pageErrors.length > 0) throw new Error(`Ошибка на странице отчёта: ${pageErrors[0]}`);
    return await render(page);
  } finally {
    await browser?.close().catch(() => undefined);
    await server?.close();
  }
}

async function printPdf(page: Page): Promise<Uint8Array> {
  await page.emulateMedia({ media: "print" });
  return page.pdf({ format: "A4", landscape: true, printBackground: true, preferCSSPageSize: true });
}

/** Clicks «Скачать презентацию» and returns the downloaded deck; fails as soon as the page reports that it could not make it. */
async function downloadDeck(page: Page): Promise<Uint8Array> {
  const reported = new Promise<never>((_, reject) => {
    page.on("console", (message) => {
      if (message.text().startsWith("Презентация не создана")) reject(new Error(message.text().split("\n")[0]));
    });
  });
  const [download] = await Promise.race([Promise.all([page.waitForEvent("download", { timeout: DECK_TIMEOUT_MS }), page.click("button.deck-download")]), reported]);
  const failure = await download.failure();
  if (failure) throw new Error(`презентация не скачалась: ${failure}`);
  return readFileSync(await download.path());
}

/** Renders the report; returns its size and the number of PDF pages or slides. */
export async function renderReport(options: ReportOptions): Promise<{ pages: number; bytes: number }> {
  const target = prepareOutputFile(options.out);
  const asOf = asOfOverride(options.asOf, loadSettings().calendar.timezone);
  const site = reportSite(options, asOf, { exists: siteIsBuilt(), asOf: builtSiteAsOf(DIST_DIR) });
  const env = options.db ? { [DB_ENV_VAR]: resolve(options.db) } : options.dataDir ? { [DATA_ENV_VAR]: resolve(options.dataDir) } : {};
  const ownDir = site === "as-of" ? mkdtempSync(join(tmpdir(), "support-report-")) : null;
  let bytes: Uint8Array;
  try {
    if (site !== "dist") process.stderr.write("Сборка сайта…\n");
    if (site === "rebuild") await buildSite({ clean: true, env });
    if (ownDir) await buildSite({ clean: true, env: { ...env, [AS_OF_ENV_VAR]: asOf!.toISOString() }, outDir: ownDir });
    bytes = await withReportPage(ownDir ?? DIST_DIR, options.month, options.format === "pdf" ? printPdf : downloadDeck);
  } finally {
    if (ownDir) for (const dir of [ownDir, CACHE_DIR]) rmSync(dir, { recursive: true, force: true });
  }
  writeOutputFile(target, bytes);
  return { pages: options.format === "pdf" ? countPdfPages(bytes) : countPptxSlides(bytes), bytes: bytes.length };
}

/** `--publish`: the month's KPIs stored in the warehouse as published. */
async function publishReport(options: ReportOptions): Promise<string> {
  const db = resolveWarehousePath(options.db, { orDefault: false });
  const id = await publishMonth(db!, options.month, { waitMs: 30_000 });
  return `Опубликовано в хранилище ${db}: публикация № ${id} за ${options.month}\n`;
}

export async function run(args: string[]): Promise<number> {
  let options: ReportOptions;
  try {
    options = parseReportArgs(args);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 2;
  }
  try {
    const { pages, bytes } = await renderReport(options);
    const unit = options.format === "pdf" ? "стр." : "слайдов";
    process.stdout.write(`Отчёт за ${options.month}: ${options.out} (${pages} ${unit}, ${Math.round(bytes / 1024)} КБ)\n`);
    if (options.publish) process.stdout.write(await publishReport(options));
    return 0;
  } catch (error) {
    process.stderr.write(`Отчёт не создан: ${(error as Error).message}\n`);
    return error instanceof OutputPathError ? 2 : 1;
  }
}
