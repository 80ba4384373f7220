/**
 * Browser test harness: one headless Debian Chromium per test file (playwright-core), pages of
 * the built site opened with every console error, page error, failed request and Framework
 * cell error collected.
 *
 *   const site = useSite();            // at the top of a test file
 *   const view = await site.open("/support?priority=standard");
 *   expect(view.problems()).toEqual([]);
 */
import { afterAll, beforeAll, inject } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchChromium, waitForSettled } from "../../loaders/site/chromium.ts";

export { CHROMIUM_ARGS, CHROMIUM_PATH, countPdfPages, launchChromium, waitForSettled } from "../../loaders/site/chromium.ts";

/** The viewport widths every page is opened at (desktop, laptop, phone), px. */
export const SITE_WIDTHS = [1440, 1280, 390] as const;

export function siteUrl(): string {
  return inject("siteUrl");
}

export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  consoleErrors: string[];
  /** console warnings (the export buttons report failures this way) */
  consoleWarnings: string[];
  pageErrors: string[];
  failedRequests: string[];
  /** everything above plus the texts of Framework cells that failed, in one list */
  problems(): string[];
}

export interface OpenOptions {
  viewport?: { width: number; height: number };
  colorScheme?: "light" | "dark";
  /** wait until every Framework cell has settled (default true) */
  waitForCells?: boolean;
}

export async function openPage(browser: Browser, path: string, options: OpenOptions = {}): Promise<OpenedPage> {
  const context = await browser.newContext({
    acceptDownloads: true,
    viewport: options.viewport ?? { width: 1280, height: 900 },
    colorScheme: options.colorScheme ?? "light",
    locale: "ru-RU",
  });
  const page = await context.newPage();
  const consoleErrors: string[] = [];
  const pageErrors: string[] = [];
  const failedRequests: string[] = [];
  const consoleWarnings: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error") consoleErrors.push(message.text());
    if (message.type() === "warning") consoleWarnings.push(message.text());
  });
  page.on("pageerror", (error) => pageErrors.push(String(error)));
  page.on("requestfailed", (request) => failedRequests.push(`${request.url()} (${request.failure()?.errorText ?? "?"})`));
  page.on("response", (response) => {
    if (response.status() >= 400) failedRequests.push(`${response.url()} (HTTP ${response.status()})`);
  });
  await page.goto(new URL(path, siteUrl()).href, { waitUntil: "load" });
  if (options.waitForCells ?? true) await waitForSettled(page);
  const problems = () => [
    ...consoleErrors.map((e) => `console: ${e}`),
    ...pageErrors.map((e) => `page: ${e}`),
    ...failedRequests.map((e) => `request: ${e}`),
  ];
  return { page, context, consoleErrors, consoleWarnings, pageErrors, failedRequests, problems };
}

/** Texts of Framework cells that rendered an error (shown in place of their output). */
export async function cellErrors(page: Page): Promise<string[]> {
  return page.$$eval(".observablehq--error", (nodes) => nodes.map((n) => n.textContent ?? ""));
}

/** Registers beforeAll/afterAll for one Chromium per file; returns `open(path)`. */
export function useSite(): {
  browser(): Browser;
  open(path: string, options?: OpenOptions): Promise<OpenedPage>;
} {
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
  });
  return {
    browser: () => {
      if (!browser) throw new Error("Chromium не запущен");
      return browser;
    },
    open: async (path, options) => {
      if (!browser) throw new Error("Chromium не запущен");
      const opened = await openPage(browser, path, options);
      contexts.push(opened.context);
      return opened;
    },
  };
}

/** Clicks `selector` (first match inside `scope`) and returns the downloaded file's name and bytes. */
/**
 * Clicks an export button and returns the file it downloads. Chromium drops a download that
 * follows the previous one within a few milliseconds (measured: one of ~30 back-to-back exports
 * on /support and /clients lost, none with a 400 ms pause), so the click comes after a pause, as
 * a person's would; a second attempt covers a loaded machine. A button that never downloads
 * still fails.
 */
export async function downloadFrom(page: Page, selector: string, attempts = 2): Promise<{ filename: string; bytes: Buffer }> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    await page.waitForTimeout(500);
    try {
      const [download] = await Promise.all([page.waitForEvent("download", { timeout: 30_000 }), page.click(selector)]);
      const path = await download.path();
      const { readFileSync } = await import("node:fs");
      return { filename: download.suggestedFilename(), bytes: readFileSync(path!) };
    } catch (error) {
      lastError = error;
    }
  }
  throw lastError;
}

/** The pages of the site from observablehq.config.ts ("/" first). */
export async function sitePages(): Promise<{ name: string; path: string }[]> {
  const config = (await import("../../observablehq.config.ts")).default as { pages: { name: string; path: string }[] };
  return config.pages;
}

/** Per chart container: how many mark elements (bars, lines, dots, cells, areas…) its SVG draws. */
export async function chartMarkCounts(page: Page, containerSelector = ".exportable-chart"): Promise<{ title: string; marks: number }[]> {
  return page.$$eval(containerSelector, (containers) =>
    containers.map((container) => {
      const title = container.closest(".exportable")?.querySelector("h2")?.textContent ?? "?";
      const markGroups = [...container.querySelectorAll("svg g[aria-label]")].filter((g) =>
        /^(bar|line|area|rect|dot|cell|tick|text)$/.test(g.getAttribute("aria-label") ?? ""),
      );
      const marks = markGroups.reduce((sum, g) => sum + g.querySelectorAll("path, rect, circle, line, text").length, 0);
      return { title, marks };
    }),
  );
}

/**
 * Sets every chart container of the page to `widthPx` (as a page can for a moment while it lays
 * out), waits for the charts to redraw, and returns how many containers it narrowed.
 */
export async function narrowCharts(page: Page, widthPx: number): Promise<number> {
  const count = await page.$$eval(".exportable-chart", (containers, width) => {
    for (const container of containers) (container as HTMLElement).style.width = `${width}px`;
    return containers.length;
  }, widthPx);
  await page.waitForTimeout(800);
  return count;
}
