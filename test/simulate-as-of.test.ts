/**
 * `simulate` judges at the moment every data command judges at (loaders/as-of.ts): --as-of (or
 * its older name --now), else $SUPPORT_ANALYTICS_AS_OF, else the data's own as-of — never the
 * real clock while the data give a date. Real child processes of bin/support-analytics.js on the
 * committed sample; a scenario without a start month, so the moment decides both the calibration
 * and the month the forecast starts in.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { cleanEnv } from "./helpers/clean-env.ts";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../", import.meta.url));
const SAMPLE = `${ROOT}data/sample`;
const BIN = `${ROOT}bin/support-analytics.js`;
/** the sample's own as-of: the end of its latest event day in Moscow */
const SAMPLE_AS_OF = "2026-11-24T23:59:59.999+03:00";
const MID_2025 = "2025-06-15T12:00:00+03:00";

const dir = mkdtempSync(join(tmpdir(), "simulate-as-of-"));
const SCENARIO = join(dir, "scenario.json");
writeFileSync(SCENARIO, JSON.stringify({ name: "без месяца начала", horizonMonths: 2 }));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Outcome {
  code: number;
  stdout: string;
  stderr: string;
}

async function simulate(args: string[], extraEnv: Record<string, string> = {}): Promise<Outcome> {
  const argv = [BIN, "simulate", "--scenario", SCENARIO, "--data", SAMPLE, "--json", "--seed", "5", "--runs", "30", "--threads", "1", ...args];
  try {
    const { stdout, stderr } = await run(process.execPath, argv, { timeout: 180_000, env: cleanEnv(extraEnv), maxBuffer: 64 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

function startMonthOf(outcome: Outcome): string {
  expect(outcome.code, outcome.stderr).toBe(0);
  return (JSON.parse(outcome.stdout) as { scenario: { startMonth: string } }).scenario.startMonth;
}

describe("simulate's moment", () => {
  it("without a moment: the data's own as-of, the same output as --as-of at it", async () => {
    const [own, explicit] = await Promise.all([simulate([]), simulate(["--as-of", SAMPLE_AS_OF])]);
    expect(startMonthOf(own)).toBe("2026-12");
    expect(own.stdout).toBe(explicit.stdout);
  }, 240_000);

  it("$SUPPORT_ANALYTICS_AS_OF, --as-of and --now give one moment; mid-2025 forecasts from July 2025", async () => {
    const [fromEnv, fromFlag, fromNow] = await Promise.all([
      simulate([], { SUPPORT_ANALYTICS_AS_OF: MID_2025 }),
      simulate(["--as-of", MID_2025]),
      simulate(["--now", MID_2025]),
    ]);
    expect(startMonthOf(fromFlag)).toBe("2025-07");
    expect(fromEnv.stdout).toBe(fromFlag.stdout);
    expect(fromNow.stdout).toBe(fromFlag.stdout);
  }, 240_000);

  it("the start month is the moment's Moscow month: 31 Dec 2025 22:30 UTC is already January", async () => {
    const evening = await simulate(["--as-of", "2025-12-31T22:30:00Z", "--base", "settings"]);
    expect(startMonthOf(evening)).toBe("2026-02");
  }, 240_000);

  it("a moment that is not a date, or two of them, is refused with the flag named", async () => {
    const [bad, both] = await Promise.all([simulate(["--now", "вчера"]), simulate(["--as-of", MID_2025, "--now", MID_2025])]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("--now: «вчера» — не дата ISO 8601");
    expect(both.code).toBe(1);
    expect(both.stderr).toContain("--as-of или --now");
  }, 240_000);
});
