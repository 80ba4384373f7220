/**
 * `support-analytics report --as-of X` on the sample, with dist/ built at the data's own date:
 * the PDF is the report judged at X — «Данные на 15 июня 2025», June 2025 incomplete up to the
 * 15th, the month's tickets as `metrics --as-of X` counts them — from a site built at X in a
 * folder of its own, and dist/ stays the site it was.
 */
import { spawn, execFile } from "node:child_process";
import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { builtSiteAsOf } from "../../loaders/cli/report.ts";
import { DIST_DIR } from "../../loaders/site/build.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const BIN = `${ROOT}bin/support-analytics.js`;
const AS_OF = "2025-06-15T12:00";

function envWithoutAsOf(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.SUPPORT_ANALYTICS_AS_OF;
  delete env.SUPPORT_ANALYTICS_NOW;
  return env;
}

function runReport(args: string[]): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, "report", ...args], { cwd: ROOT, env: envWithoutAsOf() });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c));
    child.stderr.on("data", (c: Buffer) => (output += c));
    child.on("close", (exitCode) => resolve({ code: exitCode ?? 1, output }));
  });
}

describe("support-analytics report --as-of", () => {
  it("renders the month as it stood at the moment, leaving dist/ as it was", async () => {
    const distAsOf = builtSiteAsOf(DIST_DIR);
    const distBuilt = statSync(`${DIST_DIR}index.html`).mtimeMs;
    expect(distAsOf).not.toBeNull();
    expect(distAsOf).not.toBe(new Date("2025-06-15T09:00:00.000Z").toISOString());
    const tmp = `${ROOT}test/.tmp`;
    mkdirSync(tmp, { recursive: true });
    const out = `${tmp}/report-as-of-${process.pid}.pdf`;
    rmSync(out, { force: true });
    try {
      const { code, output } = await runReport(["--month", "2025-06", "--as-of", AS_OF, "--out", out]);
      expect(output).toContain("Отчёт за 2025-06");
      expect(code).toBe(0);
      const first = execFileSync("/usr/bin/pdftotext", ["-f", "1", "-l", "1", out, "-"], { encoding: "utf8" });
      expect(first).toContain("Данные на 15 июня 2025");
      expect(first).toContain("Июнь 2025 — месяц не завершён: данные по 15 июня");
      const { stdout } = await promisify(execFile)(process.execPath, [BIN, "metrics", "--month", "2025-06", "--as-of", AS_OF, "--json"], { cwd: ROOT, env: envWithoutAsOf() });
      const tickets = (JSON.parse(stdout) as { tickets: { total: number } }).tickets.total;
      expect(Number(/Обращений\s+за месяц\s+(\d+)/.exec(first)?.[1])).toBe(tickets);
      expect(readFileSync(out).subarray(0, 5).toString("latin1")).toBe("%PDF-");
    } finally {
      rmSync(out, { force: true });
    }
    expect(builtSiteAsOf(DIST_DIR)).toBe(distAsOf);
    expect(statSync(`${DIST_DIR}index.html`).mtimeMs).toBe(distBuilt);
  }, 300_000);
});
