/**
 * The site's data members built at an as-of in the middle of the committed sample (15 June 2025,
 * 12:00 Moscow) list only what was known then (loaders/metrics/known-at.ts), and every list whose
 * count a KPI states counts what that KPI counts in metrics.json of the same build: the clients
 * active on the as-of day (clients.active, also from `metrics --as-of` run as a child process),
 * the projects started, completed, on time, in work and their TTV per month (projects.*), the NPS
 * answers of each quarter (nps.quarter.responses), the breached tickets per month (sla.all.breached). The raw exports hold rows and milestones dated
 * after the as-of, so a member that read them raw would fail here.
 *
 * And metamorphically, for two moments X: every data member built from the full sample as of X is
 * byte-for-byte the member built as of X from the exports as they stood at X (real CSV files,
 * test/helpers/exports-as-of.ts), the simulator's calibration.json included. Left out:
 * validation.json, which describes the files read.
 */
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { median } from "d3-array";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cleanEnv } from "./helpers/clean-env.ts";
import { createTicketFacts } from "../loaders/metrics/ticket-facts.ts";
import { runPipeline, type Pipeline } from "../loaders/pipeline.ts";
import { closeDataset } from "../loaders/site/dataset.ts";
import { produceMembers } from "../loaders/site/site-archive.ts";
import { SITE_MEMBERS } from "../loaders/site/site-members.ts";
import { rowsFromIpc } from "../src/components/arrow-rows.ts";
import { decodeColumns, type EncodedTable } from "../src/core/columns.ts";
import { flattenKpis, type MonthKpis } from "../src/core/kpis.ts";
import { localDayOf } from "../src/core/format.ts";
import { writeExportsAsOf } from "./helpers/exports-as-of.ts";

const SAMPLE = fileURLToPath(new URL("../data/sample", import.meta.url));
const BIN = fileURLToPath(new URL("../bin/support-analytics.js", import.meta.url));
const AS_OF = new Date("2025-06-15T12:00:00+03:00");
const AS_OF_DAY = "2025-06-15";
const TIMEZONE = "Europe/Moscow";
const MEMBERS = ["metrics.json", "clients.arrow", "projects.arrow", "nps-quarters.json", "support-breached.json"];
const MILESTONES = ["audit_at", "installed_at", "commissioned_at", "trained_at", "handed_over_at"] as const;

interface ClientRow { client_id: string; contract_start: Date; status: string }
interface ProjectRow extends Record<(typeof MILESTONES)[number], Date | null> {
  project_id: string;
  signed_at: Date;
  due_at: Date | null;
  month: string;
  ttv_days: number | null;
  on_time: boolean | null;
}
interface NpsQuarterRow { quarter: string; responses: number; window_end: string }
interface BreachedRow { month: string; created_at: number }

let pipeline: Pipeline;
let kpis: Map<string, Record<string, unknown>>;
let clients: ClientRow[];
let projects: ProjectRow[];
let npsQuarters: NpsQuarterRow[];
let breached: BreachedRow[];

/** "YYYY-MM-DD" of a date column's value (the day itself: Arrow dates are UTC midnights). */
const dayOf = (value: Date | null) => (value === null ? null : value.toISOString().slice(0, 10));
const kpi = (month: string, key: string) => kpis.get(month)![key];
/** The raw export's count (the typed table, not the known-at read) for `where`. */
async function rawCount(table: string, where: string): Promise<number> {
  const reader = await pipeline.connection.runAndReadAll(`SELECT count(*)::INTEGER FROM "${table}" WHERE ${where}`);
  return Number(reader.getRows()[0]![0]);
}

beforeAll(async () => {
  pipeline = await runPipeline(SAMPLE, { now: AS_OF });
  await createTicketFacts(pipeline.connection, pipeline.settings, pipeline.now, "ticket_facts");
  const members = await produceMembers(pipeline, Object.fromEntries(MEMBERS.map((n) => [n, SITE_MEMBERS[n]!])), new Set());
  const text = (name: string) => String(members.get(name));
  const months = (JSON.parse(text("metrics.json")) as { months: MonthKpis[] }).months;
  kpis = new Map(months.map((m) => [m.month, flattenKpis(m)]));
  clients = rowsFromIpc<ClientRow>(members.get("clients.arrow") as Uint8Array);
  projects = rowsFromIpc<ProjectRow>(members.get("projects.arrow") as Uint8Array);
  npsQuarters = JSON.parse(text("nps-quarters.json")) as NpsQuarterRow[];
  breached = decodeColumns<BreachedRow>(JSON.parse(text("support-breached.json")) as EncodedTable);
}, 180_000);
afterAll(() => pipeline && closeDataset(pipeline));

describe("the sample holds what happened after the as-of (so a raw read would show it)", () => {
  it("clients signed, projects signed, project milestones reached and NPS answers after 15 June 2025", async () => {
    expect(pipeline.now.toISOString()).toBe(AS_OF.toISOString());
    expect([...kpis.keys()].at(-1)).toBe("2025-06");
    expect(await rawCount("clients", `contract_start > DATE '${AS_OF_DAY}'`)).toBeGreaterThan(0);
    expect(await rawCount("clients", `churned_at > DATE '${AS_OF_DAY}' AND contract_start <= DATE '${AS_OF_DAY}'`)).toBeGreaterThan(0);
    expect(await rawCount("projects", `signed_at > DATE '${AS_OF_DAY}'`)).toBeGreaterThan(0);
    const laterMilestone = MILESTONES.map((m) => `"${m}" > DATE '${AS_OF_DAY}'`).join(" OR ");
    expect(await rawCount("projects", `signed_at <= DATE '${AS_OF_DAY}' AND (${laterMilestone})`)).toBeGreaterThan(0);
    expect(await rawCount("nps", `answered_at > DATE '${AS_OF_DAY}'`)).toBeGreaterThan(0);
  });
});

describe("clients.arrow as of the as-of", () => {
  it("lists the clients whose contract started by then, no later one", async () => {
    expect(clients.filter((c) => dayOf(c.contract_start)! > AS_OF_DAY)).toEqual([]);
    expect(clients.length).toBe(await rawCount("clients", `contract_start <= DATE '${AS_OF_DAY}'`));
  });

  it("its active clients are clients.active of the as-of's month (metrics.json and `metrics --as-of`); its churned ones left by then", async () => {
    const active = clients.filter((c) => c.status === "active").length;
    expect(active).toBe(kpi("2025-06", "clients.active"));
    const args = [BIN, "metrics", "--data", SAMPLE, "--month", "2025-06", "--as-of", AS_OF.toISOString(), "--json"];
    const { stdout } = await promisify(execFile)(process.execPath, args, { env: cleanEnv(), timeout: 120_000 });
    expect((JSON.parse(stdout) as { clients: { active: number } }).clients.active).toBe(active);
    expect(clients.filter((c) => c.status !== "active").length).toBe(
      await rawCount("clients", `contract_start <= DATE '${AS_OF_DAY}' AND churned_at <= DATE '${AS_OF_DAY}'`),
    );
  }, 120_000);
});

describe("projects.arrow as of the as-of", () => {
  it("lists the projects signed by then with only the milestones reached by then", async () => {
    expect(projects.filter((p) => dayOf(p.signed_at)! > AS_OF_DAY)).toEqual([]);
    expect(projects.length).toBe(await rawCount("projects", `signed_at <= DATE '${AS_OF_DAY}'`));
    const later = projects.flatMap((p) => MILESTONES.filter((m) => p[m] !== null && dayOf(p[m])! > AS_OF_DAY).map((m) => `${p.project_id}.${m}`));
    expect(later).toEqual([]);
  });

  it("per month: started, completed, on time, TTV median as projects.* count them; in work as projects.active", () => {
    const completedIn = (p: ProjectRow) => dayOf(p.trained_at ?? p.handed_over_at)?.slice(0, 7);
    for (const month of kpis.keys()) {
      const completed = projects.filter((p) => completedIn(p) === month);
      const judged = completed.filter((p) => p.due_at !== null);
      const ttv = projects.filter((p) => dayOf(p.trained_at)?.slice(0, 7) === month).map((p) => p.ttv_days);
      expect({
        month,
        started: projects.filter((p) => p.month === month).length,
        completed: completed.length,
        on_time_rate: judged.length === 0 ? null : judged.filter((p) => p.on_time).length / judged.length,
        ttv_median_days: median(ttv as number[]) ?? null,
      }).toEqual({
        month,
        started: kpi(month, "projects.started"),
        completed: kpi(month, "projects.completed"),
        on_time_rate: kpi(month, "projects.on_time_rate"),
        ttv_median_days: kpi(month, "projects.ttv_median_days"),
      });
    }
    expect(projects.filter((p) => p.handed_over_at === null && p.trained_at === null).length).toBe(kpi("2025-06", "projects.active"));
  });
});

describe("nps-quarters.json as of the as-of", () => {
  it("ends with the as-of's quarter, each quarter's answers those nps.quarter.responses counts at its last month", () => {
    expect(npsQuarters.at(-1)?.quarter).toBe("2025-Q2");
    for (const quarter of npsQuarters) {
      const lastMonth = quarter.window_end.slice(0, 7);
      const month = lastMonth > "2025-06" ? "2025-06" : lastMonth;
      if (!kpis.has(month)) continue;
      expect({ quarter: quarter.quarter, responses: quarter.responses }).toEqual({ quarter: quarter.quarter, responses: kpi(month, "nps.quarter.responses") });
    }
  });
});

describe("support-breached.json as of the as-of", () => {
  it("lists the tickets created by then, per month as many as sla.all.breached counts", () => {
    expect(breached.filter((t) => localDayOf(new Date(t.created_at), TIMEZONE) > AS_OF_DAY)).toEqual([]);
    for (const month of kpis.keys()) {
      expect({ month, breached: breached.filter((t) => t.month === month).length }).toEqual({ month, breached: kpi(month, "sla.all.breached") });
    }
  });
});

/** Every data member built as of `asOf` from the exports in `dir`, the build time and the folder's path blanked. */
async function dataMembersAsOf(dir: string, asOf: Date): Promise<Map<string, string>> {
  const names = Object.keys(SITE_MEMBERS).filter((n) => !["validation.json", "sim-worker.js"].includes(n));
  const built = await runPipeline(dir, { now: asOf });
  try {
    await createTicketFacts(built.connection, built.settings, built.now, "ticket_facts");
    const members = await produceMembers(built, Object.fromEntries(names.map((n) => [n, SITE_MEMBERS[n]!])), new Set());
    const text = (bytes: string | Uint8Array) =>
      typeof bytes === "string" ? bytes.replace(/"generatedAt":"[^"]*"/g, "").replaceAll(JSON.stringify(dir).slice(1, -1), "DIR") : Buffer.from(bytes).toString("base64");
    return new Map([...members].map(([name, bytes]) => [name, text(bytes)]));
  } finally {
    closeDataset(built);
  }
}

describe.each(["2025-06-15T12:00:00+03:00", "2026-04-29T14:30:00+03:00"])("the site's data as of %s", (moment) => {
  it("is the same from the full sample and from the exports as they stood then", async () => {
    const asOf = new Date(moment);
    const then = mkdtempSync(join(tmpdir(), "site-known-at-"));
    try {
      await writeExportsAsOf(pipeline.connection, then, asOf, TIMEZONE);
      const [fromFull, fromThen] = await Promise.all([dataMembersAsOf(SAMPLE, asOf), dataMembersAsOf(then, asOf)]);
      expect([...fromThen.keys()]).toEqual([...fromFull.keys()]);
      expect(fromFull.size).toBeGreaterThan(20);
      for (const [name, text] of fromFull) expect(fromThen.get(name), name).toBe(text);
    } finally {
      rmSync(then, { recursive: true, force: true });
    }
  }, 180_000);
});
