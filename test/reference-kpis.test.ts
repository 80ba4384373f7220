/**
 * End-to-end cross-check on the committed sample: the KPI engine (real files, real pipeline,
 * DuckDB) against a second, naive implementation that shares no code with it
 * (test/helpers/naive-kpis.ts: its own CSV parser, calendar reading and day-by-day business
 * time). Compared in every month of the sample (24), every ticket judged at the as-of moment:
 * - tickets: total, by priority, per working day (calendar.working_days), escalation rate,
 *   resolved without escalation, CSAT; repeat rate, its 3-month and previous 3-month rates and
 *   the quarter-over-quarter change;
 * - SLA per priority: compliance, on-target share, met / breached / open / in progress, the emergency response
 *   clock; mean and P90 of response and resolution business minutes (per priority and "all");
 * - clients: active, new, 12-month logo retention (base, retained), 12-month GRR (MRR of base and
 *   retained), 12-month and quarter NPS with the adjusted-Wald interval; monthly cohort retention, every cell
 *   (cohort_month, months_since, size, active, rate; cohortRetentionAsOf);
 * - projects: started, completed, on-time rate, median duration, TTV median and within-target
 *   share, handover within 7 days of training, critical remarks, project-weeks;
 * - visits: total, by kind, on-site and travel hours; invoices due, paid on time, unpaid overdue;
 * - workload of all five roles: demand, capacity, utilization (support manager in complete
 *   months; the other four in every month, the current one up to the as-of day, and their
 *   status); the four scaling triggers: value, threshold, nearness, fired, near.
 * The months cover the New Year holidays, the overloaded April 2026 and the corrected
 * short Saturday of 1 November 2025.
 */import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cohortRetentionAsOf, computeAllMonths, flattenKpis, type MonthKpis } from "../loaders/metrics/month-kpis.ts";
import { runPipeline, type Pipeline } from "../loaders/pipeline.ts";
import {
  businessSeconds,
  naiveClientsMonth,
  naiveCohorts,
  naiveMonth,
  naiveNormHours,
  naiveOtherRolesDemand,
  naivePaymentsMonth,
  naiveProjectsMonth,
  naiveProjectWeeks,
  naiveRepeatCountsByMonth,
  naiveRepeatQuarter,
  naiveSupportDemandHours,
  naiveRepeatRate,
  naiveSeesRepeatHistory,
  naiveTriggers,
  naiveVisitsMonth,
  naiveWorkingDays,
  quantileLinear,
  readCalendar,
  readRows,
  readTickets,
  type NaiveSettings,
  type WorkloadNorms,
} from "./helpers/naive-kpis.ts";

const SAMPLE = fileURLToPath(new URL("../data/sample/", import.meta.url));
const CALENDAR = fileURLToPath(new URL("../data/calendar/", import.meta.url));
const NOW = new Date("2026-11-24T23:59:59+03:00");
const AS_OF_DAY = "2026-11-24";

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

/**
 * Expect `actual` null when `expected` is, else a number close to it (to `digits` decimals; the
 * type is checked first: toBeCloseTo alone lets a null pass for an expected 0); 1 when a number
 * was compared, else 0.
 */
function expectClose(actual: unknown, expected: number | null, label: string, digits = 9): number {
  if (expected === null) {
    expect(actual, label).toBeNull();
    return 0;
  }
  expect(actual, label).toBeTypeOf("number");
  expect(actual as number, label).toBeCloseTo(expected, digits);
  return 1;
}

const flat = (m: MonthKpis) => flattenKpis(m as unknown as Parameters<typeof flattenKpis>[0]);

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

  it("interpolates the P90 and counts working days by hand-checked cases", () => {
    // position 1 + 0.9 × 9 = 9.1 of 1…10 → 9 + 0.1 × (10 − 9)
    expect(quantileLinear([10, 1, 9, 2, 8, 3, 7, 4, 6, 5], 0.9)).toBeCloseTo(9.1, 12);
    expect(quantileLinear([42], 0.9)).toBe(42);
    expect(quantileLinear([], 0.9)).toBeNull();
    // November 2026 to the 24th: 4 November (Unity Day) off → 2, 3, 5, 6, 9–13, 16–20, 23, 24
    expect(naiveWorkingDays(kinds, "2026-11", "2026-11-24")).toBe(16);
    // January 2026: 1–11 off → 15 working days
    expect(naiveWorkingDays(kinds, "2026-01")).toBe(15);
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
        expectClose(actual, expected, `${m.month} ${key}`);
        compared++;
      };
      expect(kpi["tickets.total"], `${m.month} tickets.total`).toBe(ref.total);
      close(kpi["tickets.escalation_rate"], ref.escalationRate, "tickets.escalation_rate");
      close(kpi["csat.mean"], ref.csatMean, "csat.mean");
      close(kpi["csat.share_4_5"], ref.csatShare45, "csat.share_4_5");
      for (const [priority, counts] of Object.entries(ref.sla)) {
        close(kpi[`sla.${priority}.compliance`], counts.compliance, `sla.${priority}.compliance`);
        close(kpi[`sla.${priority}.on_target`], counts.onTargetShare, `sla.${priority}.on_target`);
        expect(
          [kpi[`sla.${priority}.met`], kpi[`sla.${priority}.breached`], kpi[`sla.${priority}.open`], kpi[`sla.${priority}.in_progress`]],
          `${m.month} ${priority}`,
        ).toEqual([counts.met, counts.breached, counts.open, counts.inProgress]);
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
      expectClose(kpi["retention.logo_12m"], ref.logoRetention, `${m.month} retention.logo_12m`);
      expect(kpi["nps.responses"], `${m.month} nps.responses`).toBe(ref.npsResponses);
      expectClose(kpi["nps.score"], ref.npsScore, `${m.month} nps.score`);
      expectClose(kpi["nps.margin_of_error"], ref.npsMarginOfError, `${m.month} nps.margin_of_error`);
      expectClose(kpi["nps.interval_low"], ref.npsLow, `${m.month} nps.interval_low`);
      expectClose(kpi["nps.interval_high"], ref.npsHigh, `${m.month} nps.interval_high`);
      expect(kpi["nps.quarter.responses"], `${m.month} nps.quarter.responses`).toBe(ref.npsQuarter.responses);
      expectClose(kpi["nps.quarter.score"], ref.npsQuarter.score, `${m.month} nps.quarter.score`);
      expectClose(kpi["nps.quarter.interval_low"], ref.npsQuarter.low, `${m.month} nps.quarter.interval_low`);
      expectClose(kpi["nps.quarter.interval_high"], ref.npsQuarter.high, `${m.month} nps.quarter.interval_high`);
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
      // no rate for a month without a whole repeat window of history in the data (here the first one)
      const repeatRate = naiveSeesRepeatHistory(tickets, m.month, windowDays) ? naiveRepeatRate(tickets, m.month, windowDays) : null;
      expectClose(kpi["tickets.repeat_rate"], repeatRate, `${m.month} tickets.repeat_rate`);
      if ((repeatRate ?? 0) > 0) repeatsSeen = true;
      const ref = naiveProjectsMonth(projects, m.month, "2026-11-24");
      expect([kpi["projects.started"], kpi["projects.completed"]], `${m.month} projects`).toEqual([ref.started, ref.completed]);
      expectClose(kpi["projects.on_time_rate"], ref.onTimeRate, `${m.month} projects.on_time_rate`);
      expectClose(kpi["projects.ttv_median_days"], ref.ttvMedianDays, `${m.month} projects.ttv_median_days`);
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

describe("KPI engine = naive reference, the rest of the KPI object", () => {
  it("tickets per working day and by priority, resolved without escalation, response and resolution business minutes", () => {
    const tickets = readTickets(SAMPLE);
    const settings = pipeline.settings as unknown as NaiveSettings;
    let numbers = 0;
    for (const m of months) {
      const kpi = flat(m);
      const ref = naiveMonth(tickets, m.month, settings, kinds, NOW.getTime());
      const workingDays = naiveWorkingDays(kinds, m.month, AS_OF_DAY);
      expect(kpi["calendar.working_days"], `${m.month} calendar.working_days`).toBe(workingDays);
      numbers += expectClose(kpi["tickets.per_working_day"], ref.total / workingDays, `${m.month} tickets.per_working_day`);
      for (const [priority, count] of Object.entries(ref.byPriority)) {
        expect(kpi[`tickets.by_priority.${priority}`], `${m.month} tickets.by_priority.${priority}`).toBe(count);
      }
      numbers += expectClose(kpi["tickets.resolved_without_escalation"], ref.resolvedWithoutEscalation, `${m.month} tickets.resolved_without_escalation`);
      for (const [priority, times] of Object.entries(ref.times)) {
        const key = (name: string) => `sla.${priority}.${name}_business_minutes`;
        numbers += expectClose(kpi[key("response_mean")], times.responseMean, `${m.month} ${key("response_mean")}`, 6);
        numbers += expectClose(kpi[key("response_p90")], times.responseP90, `${m.month} ${key("response_p90")}`, 6);
        numbers += expectClose(kpi[key("resolution_mean")], times.resolutionMean, `${m.month} ${key("resolution_mean")}`, 6);
        numbers += expectClose(kpi[key("resolution_p90")], times.resolutionP90, `${m.month} ${key("resolution_p90")}`, 6);
      }
    }
    // 24 months × (per working day + resolved without escalation + 4 priorities × 4 durations): every one a number
    expect(numbers).toBe(months.length * (2 + 4 * 4));
    expect(numbers).toBeGreaterThanOrEqual(24 * 18);
  });

  it("repeat rate of the quarter, of the quarter before and its change", () => {
    const tickets = readTickets(SAMPLE);
    const counts = naiveRepeatCountsByMonth(tickets, pipeline.settings.repeat_window_days as number);
    const windowDays = pipeline.settings.repeat_window_days as number;
    const seesHistory = (month: string) => naiveSeesRepeatHistory(tickets, month, windowDays);
    expect([seesHistory("2024-12"), seesHistory("2025-01")]).toEqual([false, true]);
    let changes = 0;
    for (const m of months) {
      const kpi = flat(m);
      // the one-pass counts agree with the plain per-month repeat rate of the first check
      const c = counts.get(m.month)!;
      expect(c.repeats / c.withCategory, `${m.month} repeat counts`).toBeCloseTo(naiveRepeatRate(tickets, m.month, pipeline.settings.repeat_window_days as number)!, 12);
      const ref = naiveRepeatQuarter(counts, m.month, seesHistory);
      expectClose(kpi["tickets.repeat_rate_3m"], ref.rate3m, `${m.month} tickets.repeat_rate_3m`);
      // the previous quarter's rate is reported only where it lies inside the data (where the change is defined)
      if (ref.prevCovered) expectClose(kpi["tickets.repeat_rate_prev_3m"], ref.ratePrev3m, `${m.month} tickets.repeat_rate_prev_3m`);
      else expect(kpi["tickets.repeat_rate_prev_3m"], `${m.month} tickets.repeat_rate_prev_3m`).toBeNull();
      changes += expectClose(kpi["tickets.repeat_rate_qoq_change"], ref.qoqChange, `${m.month} tickets.repeat_rate_qoq_change`);
    }
    // 2025-06 is the first month whose previous quarter (2025-01 … 2025-03) sees 30 days of history:
    // December 2024, the first month of the data, has repeats of tickets before the data hidden
    expect(changes).toBe(months.filter((m) => m.month >= "2025-06").length);
    expect(changes).toBeGreaterThanOrEqual(18);
  });

  it("12-month gross revenue retention and new clients", () => {
    const clients = readRows(SAMPLE, "clients");
    const nps = readRows(SAMPLE, "nps");
    let below = 0;
    for (const m of months) {
      const kpi = flat(m);
      const ref = naiveClientsMonth(clients, nps, m.month, AS_OF_DAY);
      expect(kpi["clients.new"], `${m.month} clients.new`).toBe(ref.newClients);
      expectClose(kpi["retention.mrr_base_rub"], ref.mrrBase, `${m.month} retention.mrr_base_rub`, 6);
      expectClose(kpi["retention.mrr_retained_rub"], ref.mrrRetained, `${m.month} retention.mrr_retained_rub`, 6);
      expectClose(kpi["retention.grr_12m"], ref.grr, `${m.month} retention.grr_12m`);
      if (ref.grr !== null && ref.grr < 1) below++;
    }
    expect(below).toBeGreaterThanOrEqual(10);
  });

  it("monthly cohort retention, every cell", async () => {
    const clients = readRows(SAMPLE, "clients");
    const engine = (await cohortRetentionAsOf(pipeline.connection, pipeline.settings, NOW)).map((r) => ({
      cohort_month: r.cohort_month,
      months_since: Number(r.months_since),
      size: Number(r.size),
      active: Number(r.active),
      rate: Number(r.rate),
    }));
    const ref = naiveCohorts(clients, months[0]!.month, months[months.length - 1]!.month, AS_OF_DAY);
    const order = (a: { cohort_month: string; months_since: number }, b: { cohort_month: string; months_since: number }) =>
      a.cohort_month.localeCompare(b.cohort_month) || a.months_since - b.months_since;
    engine.sort(order);
    expect(engine.map((r) => [r.cohort_month, r.months_since, r.size, r.active])).toEqual(ref.map((r) => [r.cohort_month, r.months_since, r.size, r.active]));
    engine.forEach((r, i) => expect(r.rate, `${r.cohort_month} +${r.months_since}`).toBeCloseTo(ref[i]!.rate, 12));
    // 24 cohorts (2024-12 … 2026-11), each followed to 2026-11: 24 + 23 + … + 1 cells
    expect(ref.length).toBe(300);
    const early = ref.filter((r) => (r.cohort_month === "2025-01" || r.cohort_month === "2025-02") && r.rate < 1);
    expect(early.length).toBeGreaterThan(0);
  });

  it("visits by kind with their hours, and invoices paid on time", () => {
    const visits = readRows(SAMPLE, "visits");
    const payments = readRows(SAMPLE, "payments");
    const engineer = pipeline.settings.workload.senior_engineer as unknown as Parameters<typeof naiveVisitsMonth>[2];
    let visitsSeen = 0;
    let rates = 0;
    let late = 0;
    for (const m of months) {
      const kpi = flat(m);
      const v = naiveVisitsMonth(visits, m.month, engineer);
      expect(kpi["visits.total"], `${m.month} visits.total`).toBe(v.total);
      for (const [kind, count] of Object.entries(v.byKind)) expect(kpi[`visits.by_kind.${kind}`], `${m.month} visits.by_kind.${kind}`).toBe(count);
      expectClose(kpi["visits.onsite_hours"], v.onsiteHours, `${m.month} visits.onsite_hours`);
      expectClose(kpi["visits.travel_hours"], v.travelHours, `${m.month} visits.travel_hours`);
      visitsSeen += v.total;
      const p = naivePaymentsMonth(payments, m.month, AS_OF_DAY);
      expect([kpi["payments.invoices_due"], kpi["payments.unpaid_overdue"]], `${m.month} payments`).toEqual([p.invoicesDue, p.unpaidOverdue]);
      rates += expectClose(kpi["payments.on_time_rate"], p.onTimeRate, `${m.month} payments.on_time_rate`);
      if (p.onTimeRate !== null && p.onTimeRate < 1) late++;
    }
    expect(visitsSeen).toBeGreaterThanOrEqual(700);
    expect(rates).toBeGreaterThanOrEqual(23);
    expect(late).toBeGreaterThan(0);
  });

  it("projects: handover within 7 days, critical remarks, median duration, TTV within target, project-weeks", () => {
    const projects = readRows(SAMPLE, "projects");
    const targets = {
      ttvMaxDays: pipeline.settings.targets.ttv_max_days as number,
      handoverDays: pipeline.settings.targets.handover_within_days as number,
    };
    let numbers = 0;
    let lateHandovers = 0;
    for (const m of months) {
      const kpi = flat(m);
      const ref = naiveProjectsMonth(projects, m.month, AS_OF_DAY, targets);
      numbers += expectClose(kpi["projects.handover_within_7d_rate"], ref.handoverWithinRate, `${m.month} projects.handover_within_7d_rate`);
      numbers += expectClose(kpi["projects.critical_remarks"], ref.criticalRemarks, `${m.month} projects.critical_remarks`);
      numbers += expectClose(kpi["projects.median_duration_days"], ref.medianDurationDays, `${m.month} projects.median_duration_days`);
      numbers += expectClose(kpi["projects.ttv_within_target_rate"], ref.ttvWithinTargetRate, `${m.month} projects.ttv_within_target_rate`);
      numbers += expectClose(kpi["projects.project_weeks"], naiveProjectWeeks(projects, m.month, AS_OF_DAY, kinds), `${m.month} projects.project_weeks`);
      if ((ref.handoverWithinRate ?? 1) < 1) lateHandovers++;
    }
    expect(numbers).toBeGreaterThanOrEqual(23 * 5);
    expect(lateHandovers).toBeGreaterThan(0);
  });
});

describe("KPI engine = naive reference: workload of every role and the scaling triggers", () => {
  it("demand, capacity and utilization of the МОС, implementation manager, senior engineer and head; the four triggers", () => {
    const tickets = readTickets(SAMPLE);
    const clients = readRows(SAMPLE, "clients");
    const nps = readRows(SAMPLE, "nps");
    const projects = readRows(SAMPLE, "projects");
    const visits = readRows(SAMPLE, "visits");
    const settings = pipeline.settings as unknown as NaiveSettings;
    const workload = pipeline.settings.workload as unknown as WorkloadNorms & { productive_share: number; headcount: Record<string, number> };
    const triggers = pipeline.settings.triggers as unknown as Parameters<typeof naiveTriggers>[1];
    const thresholds = pipeline.settings.status_thresholds as unknown as { amber_from: number; red_above: number; trigger_near_from: number };
    const statuses = new Set<string>();
    const complete = months.filter((m) => !m.partial);
    expect(complete.length).toBeGreaterThanOrEqual(23);
    let compared = 0;
    const fired = new Set<string>();
    for (const m of months) {
      const kpi = flat(m);
      const people = naiveClientsMonth(clients, nps, m.month, AS_OF_DAY);
      const v = naiveVisitsMonth(visits, m.month, workload.senior_engineer as unknown as Parameters<typeof naiveVisitsMonth>[2]);
      const inputs = {
        workingDays: naiveWorkingDays(kinds, m.month, AS_OF_DAY),
        workingDaysInMonth: naiveWorkingDays(kinds, m.month),
        activeClients: people.active,
        newClients: people.newClients,
        projectWeeks: naiveProjectWeeks(projects, m.month, AS_OF_DAY, kinds),
        visits: v.total,
        onsiteHours: v.onsiteHours,
        travelHours: v.travelHours,
      };
      const demand = naiveOtherRolesDemand(inputs, workload);
      const norm = naiveNormHours(kinds, m.month, AS_OF_DAY);
      const utilization: Record<string, number> = {};
      for (const [role, hours] of Object.entries(demand)) {
        const capacity = norm * workload.productive_share * workload.headcount[role]!;
        utilization[role] = hours / capacity;
        compared += expectClose(kpi[`workload.${role}.demand_hours`], hours, `${m.month} workload.${role}.demand_hours`, 6);
        expectClose(kpi[`workload.${role}.capacity_hours`], capacity, `${m.month} workload.${role}.capacity_hours`, 6);
        expectClose(kpi[`workload.${role}.utilization`], hours / capacity, `${m.month} workload.${role}.utilization`);
        const status = hours / capacity < thresholds.amber_from ? "green" : hours / capacity <= thresholds.red_above ? "amber" : "red";
        expect(kpi[`workload.${role}.status`], `${m.month} workload.${role}.status`).toBe(status);
        statuses.add(status);
      }
      const ref = naiveTriggers(
        {
          tickets: naiveMonth(tickets, m.month, settings, kinds, NOW.getTime()).total,
          activeClients: people.active,
          projectsSigned: naiveProjectsMonth(projects, m.month, AS_OF_DAY).started,
          implementationUtilization: utilization.implementation_manager!,
        },
        triggers,
        workload.headcount,
        thresholds.trigger_near_from,
      );
      for (const [name, t] of Object.entries(ref)) {
        expectClose(kpi[`triggers.${name}.value`], t.value, `${m.month} triggers.${name}.value`);
        expect(kpi[`triggers.${name}.threshold`], `${m.month} triggers.${name}.threshold`).toBe(t.threshold);
        expectClose(kpi[`triggers.${name}.nearness`], t.nearness, `${m.month} triggers.${name}.nearness`);
        expect([kpi[`triggers.${name}.fired`], kpi[`triggers.${name}.near`]], `${m.month} triggers.${name} fired, near`).toEqual([t.fired, t.near]);
        if (t.fired) fired.add(name);
      }
    }
    // 4 roles in every month (the current one up to the as-of day)
    expect(compared).toBe(4 * months.length);
    // April 2026 has 400+ tickets, some months 7+ signed projects and an implementation manager over 100 %
    expect([...fired].sort()).toEqual(["implementation_assistant", "second_engineer", "second_support_manager"]);
    expect([...statuses].sort()).toEqual(["amber", "green", "red"]);
  });
});
