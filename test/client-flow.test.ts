/**
 * The client flow adds up in every month, the partial month of a mid-month as-of included:
 * clients.active(m−1) + clients.new(m) − clients.churned(m) = clients.active(m). On the committed
 * sample (every month, at its own as-of and at a mid-month one) and on a hand-made folder with
 * contract starts and churns on the as-of day, the day after, and both edges of the month, read by
 * `metrics --json --as-of` as a child process.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { cleanEnv } from "./helpers/clean-env.ts";
import { parseInstant } from "../loaders/calendar/instant.ts";
import { monthKpisAsOf } from "./helpers/sample-as-of.ts";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../", import.meta.url));
const SAMPLE = `${ROOT}data/sample`;
const BIN = `${ROOT}bin/support-analytics.js`;
const TZ = "Europe/Moscow";

type Flow = { active: number; new: number; churned: number };

function flowOf(kpis: object): Flow {
  const c = (kpis as { clients: Flow }).clients;
  return { active: c.active, new: c.new, churned: c.churned };
}

describe("the client flow on the sample", () => {
  it.each([
    ["the data's own as-of (24 November 2026, November partial)", null],
    ["an as-of early in November (5 November 2026 12:00, before churns on the 9th and 19th)", "2026-11-05T12:00:00"],
  ])("active(m−1) + new(m) − churned(m) = active(m) for every month: %s", async (_label, local) => {
    const months = await monthKpisAsOf(SAMPLE, local === null ? null : parseInstant(local, TZ));
    expect(months.length).toBeGreaterThan(12);
    expect(months.at(-1)!.partial).toBe(true);
    for (let i = 1; i < months.length; i++) {
      const [before, now] = [flowOf(months[i - 1]!), flowOf(months[i]!)];
      expect(before.active + now.new - now.churned, months[i]!.month).toBe(now.active);
    }
  }, 120_000);
});

const dir = mkdtempSync(join(tmpdir(), "client-flow-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Clients around 15 October 2026: each id names what it does. */
const CLIENTS = [
  "client_id,name,contract_start,churned_at",
  "C-BASE,База,2025-01-10,",
  "C-START-ASOF,Начало в день расчёта,2026-10-15,",
  "C-START-NEXT,Начало на следующий день,2026-10-16,",
  "C-START-LATER,Начало позже в месяце,2026-10-20,",
  "C-START-FIRST,Начало 1-го числа,2026-10-01,",
  "C-START-LAST,Начало в последний день,2026-10-31,",
  "C-START-PREV-LAST,Начало в последний день прошлого месяца,2026-09-30,",
  "C-CHURN-ASOF,Уход в день расчёта,2025-02-01,2026-10-15",
  "C-CHURN-NEXT,Уход на следующий день,2025-02-01,2026-10-16",
  "C-CHURN-FIRST,Уход 1-го числа,2025-02-01,2026-10-01",
  "C-CHURN-LAST,Уход в последний день,2025-02-01,2026-10-31",
  "C-CHURN-PREV-LAST,Уход в последний день прошлого месяца,2025-02-01,2026-09-30",
].join("\n");
writeFileSync(join(dir, "clients.csv"), `${CLIENTS}\n`);
writeFileSync(
  join(dir, "tickets.csv"),
  "ticket_id,client_id,created_at,priority,first_response_at,resolved_at\nT1,C-BASE,2026-09-01T10:00:00+03:00,standard,2026-09-01T10:05:00+03:00,2026-09-01T12:00:00+03:00\n",
);

async function flow(month: string, asOf: string): Promise<Flow> {
  const { stdout } = await run("node", [BIN, "metrics", "--data", dir, "--json", "--month", month, "--as-of", asOf], { timeout: 120_000, env: cleanEnv() });
  return flowOf(JSON.parse(stdout) as object);
}

describe("the client flow on a hand-made folder, October 2026", () => {
  // September: on its last day the base, every churn after it and the client started on the 30th
  const september = { active: 6, new: 1, churned: 1 };

  it.each([
    // as-of day 15 October: started on the 1st and the 15th; gone on the 1st and the 15th
    ["mid-month, 15 October 12:00", "2026-10-15T12:00:00", { active: 6, new: 2, churned: 2 }],
    // 1 October at midnight: its day counts (the start and the churn of the 1st)
    ["the month's first day at 00:00", "2026-10-01T00:00:00", { active: 6, new: 1, churned: 1 }],
    // the whole month
    ["the month's last day at 23:59:59", "2026-10-31T23:59:59", { active: 7, new: 5, churned: 4 }],
  ])("%s: the counts, and September's active + new − churned = October's active", async (_label, asOf, october) => {
    const [before, now] = await Promise.all([flow("2026-09", asOf), flow("2026-10", asOf)]);
    expect(before).toEqual(september);
    expect(now).toEqual(october);
    expect(before.active + now.new - now.churned).toBe(now.active);
  }, 120_000);
});
