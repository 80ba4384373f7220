/**
 * `support-analytics report --month YYYY-MM --out FILE.pdf [--data DIR | --db FILE] [--rebuild]`
 *
 * Renders «Ежемесячный отчёт» for a month to PDF (A4 landscape): builds the site when dist/ is
 * missing (or with --rebuild / --data / --db), serves dist/ on localhost, opens the home page for the
 * month in headless Chromium and prints it with the page's print stylesheet.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { DATA_ENV_VAR } from "../data-dir.ts";
import { publishMonth } from "../warehouse/publish.ts";
import { DB_ENV_VAR, resolveWarehousePath } from "../warehouse/store.ts";
import { buildSite, DIST_DIR, siteIsBuilt } from "../site/build.ts";
import { countPdfPages, launchChromium, waitForSettled } from "../site/chromium.ts";
import { serveStatic } from "../site/serve.ts";

export interface ReportOptions {
  month: string;
  out: string;
  dataDir?: string;
  /** a warehouse file: the site is built from it ($SUPPORT_ANALYTICS_DB) */
  db?: string;
  /** store the month's KPIs in the warehouse as published (loaders/warehouse/publish.ts) */
  publish?: boolean;
  rebuild: boolean;
}

const USAGE = "Использование: support-analytics report --month ГГГГ-ММ --out ФАЙЛ.pdf [--data ПАПКА | --db ФАЙЛ] [--publish] [--rebuild]";

export class ReportArgsError extends Error {}

export function parseReportArgs(args: string[]): ReportOptions {
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
    else throw new ReportArgsError(`Неизвестный параметр «${arg}».\n${USAGE}`);
  }
  if (!options.month) throw new ReportArgsError(`Не указан --month.\n${USAGE}`);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(options.month)) throw new ReportArgsError(`Месяц «${options.month}» не в формате ГГГГ-ММ (например, 2026-10).`);
  if (!options.out) throw new ReportArgsError(`Не указан --out.\n${USAGE}`);
  if (options.publish && !resolveWarehousePath(options.db, { orDefault: false })) {
    throw new ReportArgsError(`--publish сохраняет показатели в хранилище: укажите --db ФАЙЛ или SUPPORT_ANALYTICS_DB.\n${USAGE}`);
  }
  return options as ReportOptions;
}

/** Renders the report; returns the number of PDF pages. */
export async function renderReport(options: ReportOptions): Promise<{ pages: number; bytes: number }> {
  if (options.dataDir || options.db || options.rebuild || !siteIsBuilt()) {
    process.stderr.write("Сборка сайта…\n");
    const env = options.db ? { [DB_ENV_VAR]: resolve(options.db) } : options.dataDir ? { [DATA_ENV_VAR]: resolve(options.dataDir) } : {};
    await buildSite({ clean: true, env });
  }
  const server = await serveStatic(DIST_DIR);
  const browser = await launchChromium();
  try {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: "light", locale: "ru-RU" });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(String(error)));
    await page.goto(`${server.url}/?month=${options.month}`, { waitUntil: "load" });
    await waitForSettled(page);
    await page.waitForSelector(".kpi-card", { timeout: 30_000 });
    const shown = await page.evaluate(() => document.body.dataset.reportMonth ?? null);
    if (shown !== options.month) {
      throw new Error(`за ${options.month} в данных нет месяца (страница открылась на ${shown ?? "?"}).`);
    }
    if (pageErrors.length > 0) throw new Error(`Ошибка на странице отчёта: ${pageErrors[0]}`);
    await page.emulateMedia({ media: "print" });
    const pdf = await page.pdf({ format: "A4", landscape: true, printBackground: true, preferCSSPageSize: true });
    mkdirSync(dirname(resolve(options.out)), { recursive: true });
    writeFileSync(options.out, pdf);
    return { pages: countPdfPages(pdf), bytes: pdf.length };
  } finally {
    await browser.close();
    await server.close();
  }
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
    process.stdout.write(`Отчёт за ${options.month}: ${options.out} (${pages} стр., ${Math.round(bytes / 1024)} КБ)\n`);
    if (options.publish) process.stdout.write(await publishReport(options));
    return 0;
  } catch (error) {
    process.stderr.write(`Отчёт не создан: ${(error as Error).message}\n`);
    return 1;
  }
}
