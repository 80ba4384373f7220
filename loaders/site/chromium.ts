/**
 * Headless Debian Chromium through playwright-core, the same way for the PDF report, the
 * browser tests and the site benchmark.
 */
import { chromium, type Browser, type Page } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"];

/** Starts Chromium; when it cannot start, the error names the executable and the variable that chooses it. */
export async function launchChromium(): Promise<Browser> {
  try {
    return await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true, timeout: 60_000 });
  } catch (error) {
    const reason = String((error as Error).message ?? error).split("\n")[0];
    throw new Error(`не удалось запустить Chromium «${CHROMIUM_PATH}» (путь задаёт переменная CHROMIUM_PATH): ${reason}`);
  }
}

/** Waits until the network is idle and no Framework cell is still loading. */
export async function waitForSettled(page: Page, timeoutMs = 30_000): Promise<void> {
  await page.waitForLoadState("networkidle", { timeout: timeoutMs });
  await page.waitForFunction(() => document.querySelectorAll("observablehq-loading").length === 0, null, { timeout: timeoutMs });
}

/** Number of pages of a PDF: its /Type /Page objects (not /Pages). */
export function countPdfPages(pdf: Uint8Array): number {
  const text = Buffer.from(pdf).toString("latin1");
  return (text.match(/\/Type\s*\/Page(?![a-zA-Z])/g) ?? []).length;
}
