/**
 * End-to-end cross-check on the committed sample: the KPI engine (real files, real pipeline,
 * DuckDB) against a second, naive implementation that shares no code with it
 * (test/helpers/naive-kpis.ts: its own CSV parser, calendar reading and day-by-day business
 * time). Every month of the sample: ticket count, escalation rate, CSAT, repeat rate; SLA
 * compliance, on-target share, met / breached / open counts per priority and the emergency
 * response clock; active clients, 12-month logo retention, 12-month NPS and its margin; projects
 * started and completed, on-time rate and TTV median.
 * The months cover the New Year holidays, the overloaded April 2026 and the corrected
 * short Saturday of 1 November 2025; the current month is judged at the as-of moment.
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeAllMonths, flattenKpis, type MonthKpis } from "../loaders/metrics/month-kpis.ts";
import { runPipeline, type Pipeline } from "../loaders/pipeline.ts";
import {
  businessSeconds,
  naiveClientsMonth,
  naiveMonth,
  naiveNormHours,
  naiveProjectsMonth,
  naiveSupportDemandHours,
  naiveRepeatRate,
  readCalendar,
  readRows,
  readTickets,
  type NaiveSettings,
} from "./helpers/naive-kpis.ts";

const SAMPLE = fileURLToPath(new URL("../data/sample/", import.meta.url));
const CALENDAR = fileURLToPath(new URL("../data/calendar/", import.meta.url));
const NOW = new Date("2026-11-24T23:59:59+03:00");

let pipeline: Pipeline;
let months: MonthKpis[];
const kinds = readCalendar(CALENDAR, [2024, 2025, 2026, 2027]);

beforeAll(async () => {
  pipeline = await runPipeline(SAMPLE, { now: NOW });
  months = await computeAllMonths(pipeline.connection, pipeline.settings, { now: NOW });
}, 120_000);
afterAll(() => {
  pipeline?.connection.closeSync();
  pipeline?.instance.closeSync();
});

describe("the naive reference itself", () => {
  it("counts business time by hand-checked cases", () => {
    const at = (text: string) => Date.parse(text);
    // Friday 17:00 → Monday 10:00: 1 h + 1 h
    expect(businessSeconds(kinds, at("2026-03-13T17:00:00+03:00"), at("2026-03-16T10:00:00+03:00"))).toBe(2 * 3600);
    // 30 April 2026 is shortened (ends 17:00), 1–3 May off: Thursday 16:00 → Monday 4 May 10:00 = 1 h + 1 h
    expect(businessSeconds(kinds, at("2026-04-30T16:00:00+03:00"), at("2026-05-04T10:00:00+03:00"))).toBe(2 * 3600);
    // Saturday 1 November 2025 is a working, shortened day (the correction): 09:00–17:00
    expect(businessSeconds(kinds, at("2025-11-01T00:00:00+03:00"), at("2025-11-02T00:00:00+03:00"))).toBe(8 * 3600);
    // the New Year holidays 2026: 31 Dec 2025 (off) to 12 Jan 2026 09:30 — 1–11 January off
    expect(businessSeconds(kinds, at("2025-12-31T12:00:00+03:00"), at("2026-01-12T09:30:00+03:00"))).toBe(1800);
  });
});

describe("KPI engine = naive reference, every month of the sample", () => {
  it("ticket count, escalation, CSAT and SLA by priority", () => {
    const tickets = readTickets(SAMPLE);
    const settings = pipeline.settings as unknown as NaiveSettings;
    expect(months.length).toBeGreaterThanOrEqual(24);
    let compared = 0;
    for (const m of months) {
      const kpi = flattenKpis(m as unknown as Parameters<typeof flattenKpis>[0]);
      const ref = naiveMonth(tickets, m.month, settings, kinds, NOW.getTime());
      const close = (actual: unknown, expected: number | null, key: string) => {
        if (expected === null) expect(actual, `${m.month} ${key}`).toBeNull();
        else expect(actual as number, `${m.month} ${key}`).toBeCloseTo(expected, 9);
        compared++;
      };
      expect(kpi["tickets.total"], `${m.month} tickets.total`).toBe(ref.total);
      close(kpi["tickets.escalation_rate"], ref.escalationRate, "tickets.escalation_rate");
      close(kpi["csat.mean"], ref.csatMean, "csat.mean");
      for (const [priority, counts] of Object.entries(ref.sla)) {
        close(kpi[`sla.${priority}.compliance`], counts.compliance, `sla.${priority}.compliance`);
        close(kpi[`sla.${priority}.on_target`], counts.onTargetShare, `sla.${priority}.on_target`);
        expect([kpi[`sla.${priority}.met`], kpi[`sla.${priority}.breached`], kpi[`sla.${priority}.open`]], `${m.month} ${priority}`).toEqual([
          counts.met,
          counts.breached,
          counts.open,
        ]);
      }
      close(kpi["sla.emergency.response_compliance"], ref.emergencyResponseCompliance, "sla.emergency.response_compliance");
    }
    expect(compared).toBeGreaterThanOrEqual(24 * 9);
    // the overloaded month is in the comparison and really is worse
    const april = naiveMonth(tickets, "2026-04", settings, kinds, NOW.getTime());
    expect(april.total).toBeGreaterThanOrEqual(400);
    expect(april.sla.emergency!.breached).toBeGreaterThan(0);
  });

  it("active clients, 12-month logo retention and 12-month NPS with its margin", () => {
    const clients = readRows(SAMPLE, "clients");
    const nps = readRows(SAMPLE, "nps");
    const asOfDay = "2026-11-24";
    let churnSeen = false;
    for (const m of months) {
      const kpi = flattenKpis(m as unknown as Parameters<typeof flattenKpis>[0]);
      const ref = naiveClientsMonth(clients, nps, m.month, asOfDay);
      expect(kpi["clients.active"], `${m.month} clients.active`).toBe(ref.active);
      expect([kpi["retention.logo_base"], kpi["retention.logo_retained"]], `${m.month} retention`).toEqual([ref.logoBase, ref.logoRetained]);
      if (ref.logoRetention === null) expect(kpi["retention.logo_12m"]).toBeNull();
      else expect(kpi["retention.logo_12m"] as number, `${m.month} retention.logo_12m`).toBeCloseTo(ref.logoRetention, 9);
      expect(kpi["nps.responses"], `${m.month} nps.responses`).toBe(ref.npsResponses);
      if (ref.npsScore === null) expect(kpi["nps.score"]).toBeNull();
      else {
        expect(kpi["nps.score"] as number, `${m.month} nps.score`).toBeCloseTo(ref.npsScore, 9);
        expect(kpi["nps.margin_of_error"] as number, `${m.month} nps.margin_of_error`).toBeCloseTo(ref.npsMarginOfError!, 9);
      }
      if (ref.logoRetained < ref.logoBase) churnSeen = true;
    }
    expect(churnSeen).toBe(true);
  });

  it("repeat rate, projects started and completed, on-time rate and TTV median", () => {
    const tickets = readTickets(SAMPLE);
    const projects = readRows(SAMPLE, "projects");
    const windowDays = pipeline.settings.repeat_window_days as number;
    let repeatsSeen = false;
    for (const m of months) {
      const kpi = flattenKpis(m as unknown as Parameters<typeof flattenKpis>[0]);
      const repeatRate = naiveRepeatRate(tickets, m.month, windowDays);
      if (repeatRate === null) expect(kpi["tickets.repeat_rate"]).toBeNull();
      else expect(kpi["tickets.repeat_rate"] as number, `${m.month} tickets.repeat_rate`).toBeCloseTo(repeatRate, 9);
      if ((repeatRate ?? 0) > 0) repeatsSeen = true;
      const ref = naiveProjectsMonth(projects, m.month, "2026-11-24");
      expect([kpi["projects.started"], kpi["projects.completed"]], `${m.month} projects`).toEqual([ref.started, ref.completed]);
      for (const [key, value] of [["projects.on_time_rate", ref.onTimeRate], ["projects.ttv_median_days", ref.ttvMedianDays]] as const) {
        if (value === null) expect(kpi[key], `${m.month} ${key}`).toBeNull();
        else expect(kpi[key] as number, `${m.month} ${key}`).toBeCloseTo(value, 9);
      }
    }
    expect(repeatsSeen).toBe(true);
  });

  it("support manager's demand, capacity and utilization in every complete month", () => {
    const tickets = readTickets(SAMPLE);
    const workload = pipeline.settings.workload as unknown as {
      productive_share: number;
      headcount: Record<string, number>;
      support_manager: { default_effort_minutes: Record<string, number> };
    };
    const complete = months.filter((m) => m.month < "2026-11");
    expect(complete.length).toBeGreaterThanOrEqual(23);
    for (const m of complete) {
      const kpi = flattenKpis(m as unknown as Parameters<typeof flattenKpis>[0]);
      const demand = naiveSupportDemandHours(tickets, m.month, workload.support_manager.default_effort_minutes);
      const capacity = naiveNormHours(kinds, m.month) * workload.productive_share * workload.headcount.support_manager!;
      expect(kpi["workload.support_manager.demand_hours"] as number, `${m.month} demand`).toBeCloseTo(demand, 6);
      expect(kpi["workload.support_manager.capacity_hours"] as number, `${m.month} capacity`).toBeCloseTo(capacity, 6);
      expect(kpi["workload.support_manager.utilization"] as number, `${m.month} utilization`).toBeCloseTo(demand / capacity, 9);
    }
    // October 2026: 22 working days, none shortened → 176 h × 0.8 = 140.8 h
    expect(naiveNormHours(kinds, "2026-10")).toBe(176);
  });
});

import { writeFileSync } from "node:fs";
import { cohortRetentionAsOf } from "../loaders/metrics/month-kpis.ts";
describe("TEMP dump", () => {
  it("dumps", async () => {
    const flat = months.map((m) => flattenKpis(m as unknown as Parameters<typeof flattenKpis>[0]));
    const cohorts = await cohortRetentionAsOf(pipeline.connection, pipeline.settings, NOW);
    writeFileSync("/tmp/kpis-dump.json", JSON.stringify({ flat, cohorts }, (_k, v) => (typeof v === "bigint" ? Number(v) : v)));
  });
});
