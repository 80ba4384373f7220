/**
 * The monthly KPI object end to end on a tiny hand-made dataset (real DuckDB, real ticket facts
 * and SLA code): tickets, escalation, repeats, CSAT, SLA by priority, clients, nulls for the
 * absent optional exports, workload and triggers, and the flattened key list of the CLI.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contextOf } from "./helpers/metric-context.ts";
import { computeAllMonths, computeMonthKpis, flattenKpis, type MonthKpis } from "../loaders/metrics/month-kpis.ts";
import { ticketsByMonth } from "../loaders/metrics/tickets.ts";
import { firstMonthWithRepeatHistory } from "../src/core/months.ts";
import { createFactsTable, createTestDb, insertRows, msk, testSettings, type TestDb } from "./metrics-helpers.ts";

let db: TestDb;
let march: MonthKpis;
const now = new Date("2026-04-15T09:00:00Z");
const settings = testSettings((s) => {
  s.workload.productive_share = 0.8;
  (s.workload as Record<string, unknown>).hours_per_week = 40;
  s.workload.headcount.support_manager = 1;
  s.workload.support_manager.default_effort_minutes = { emergency: 120, standard: 90, consultation: 60 };
});

beforeAll(async () => {
  db = await createTestDb();
  await insertRows(db.connection, "clients", [
    { client_id: "c1", name: "ЖК Один", contract_start: "2025-01-01" },
    { client_id: "c2", name: "БЦ Два", contract_start: "2026-03-10" },
  ]);
  const t = (id: string, p: Record<string, unknown>) => ({ ticket_id: id, client_id: "c1", ...p });
  await insertRows(db.connection, "tickets", [
    // emergency, answered in 10 min, resolved in 2 h: met (on target); not escalated; CSAT 5; 30 min of effort
    t("T1", { priority: "emergency", created_at: msk("2026-03-02 10:00"), first_response_at: msk("2026-03-02 10:10"), resolved_at: msk("2026-03-02 12:00"), escalated: false, csat: 5, effort_minutes: 30, category: "a" }),
    // standard, 9 business hours: on target; escalated; CSAT 4; effort default 90 min; repeat of T1 (same client and category)
    t("T2", { priority: "standard", created_at: msk("2026-03-03 10:00"), first_response_at: msk("2026-03-03 11:00"), resolved_at: msk("2026-03-04 10:00"), escalated: true, csat: 4, category: "a" }),
    // consultation still open at as-of, more than 5 calendar days: breached, in progress; effort default 60 min; no category
    t("T3", { priority: "consultation", created_at: msk("2026-03-05 10:00") }),
    // January (the data start 30+ days before March, so March's repeats see their whole window of history)
    t("T4", { priority: "standard", created_at: msk("2026-01-28 10:00"), resolved_at: msk("2026-01-28 15:00"), category: "b" }),
  ]);
  march = await computeMonthKpis(db.connection, settings, "2026-03", { now });
});
afterAll(() => db?.close());

describe("computeMonthKpis, March 2026", () => {
  it("ticket volume, escalation, repeats, CSAT", () => {
    const tickets = march.tickets as Record<string, unknown>;
    expect(tickets.total).toBe(3);
    expect(tickets.by_priority).toEqual({ emergency: 1, standard: 1, consultation: 1 });
    expect(tickets.per_working_day).toBeCloseTo(3 / 21, 12);
    expect(tickets.escalation_rate).toBe(0.5); // T2 of T1, T2 (T3 has no value)
    expect(tickets.escalation_rate_status).toBe("miss"); // > 15 %
    expect(tickets.resolved_without_escalation).toBe(0.5); // resolved T1, T2: T1 not escalated
    expect(tickets.repeat_rate).toBe(0.5); // T2 of T1, T2 (T3 has no category)
    expect(tickets.repeat_rate_qoq_change).toBeNull(); // no full previous quarter in the data
    expect(tickets.effort_hours).toBeCloseTo((30 + 90 + 60) / 60, 12);
    expect(march.csat).toEqual({ responses: 2, mean: 4.5, mean_target: 4.5, mean_status: "ok", share_4_5: 1 });
  });

  it("SLA by priority from the per-ticket judgement at as-of; the month is provisional while T3 is open", () => {
    const sla = march.sla as Record<string, Record<string, unknown>>;
    expect(sla.emergency).toMatchObject({ compliance: 1, on_target: 1, response_compliance: 1, compliance_status: "ok" });
    expect(sla.emergency!.response_mean_business_minutes).toBeCloseTo(10, 9);
    expect(sla.standard).toMatchObject({ compliance: 1, on_target: 1, compliance_target: 0.95 });
    expect(sla.standard!.resolution_mean_business_minutes).toBeCloseTo(540, 9);
    expect(sla.consultation).toMatchObject({ compliance: 0, breached: 1, compliance_status: "miss" });
    expect(sla.all!.compliance).toBeCloseTo(2 / 3, 12);
    expect(sla.consultation).toMatchObject({ open: 0, in_progress: 1, provisional: true });
    expect(sla.standard).toMatchObject({ in_progress: 0, provisional: false });
    expect([march.partial, march.provisional]).toEqual([false, true]);
  });

  it("CSAT: the mean and the share of scores 4–5, hand-computed", async () => {
    const csatDb = await createTestDb();
    try {
      await insertRows(csatDb.connection, "clients", [{ client_id: "c1", name: "К", contract_start: "2025-01-01" }]);
      const scores = [5, 4, 3, 1, 4, null];
      await insertRows(
        csatDb.connection,
        "tickets",
        scores.map((csat, i) => ({ ticket_id: `S${i}`, client_id: "c1", priority: "standard", created_at: msk(`2026-03-1${i} 10:00`), resolved_at: msk(`2026-03-1${i} 12:00`), csat })),
      );
      const k = await computeMonthKpis(csatDb.connection, settings, "2026-03", { now });
      // scores 5, 4, 3, 1, 4 (one ticket without a score): mean 17 / 5 = 3.4; 4–5: three of five
      expect(k.csat).toMatchObject({ responses: 5, mean: 3.4, share_4_5: 0.6 });
    } finally {
      csatDb.close();
    }
  });

  it("clients, and null for the absent optional exports", () => {
    expect(march.clients).toMatchObject({ active: 2, new: 1, churned: 0 });
    expect((march.retention as Record<string, unknown>).logo_12m).toBe(1); // c1 since 2025-01-01
    expect((march.nps as Record<string, unknown>).score).toBeNull();
    expect((march.nps as Record<string, unknown>).responses).toBeNull();
    expect((march.projects as Record<string, unknown>).completed).toBeNull();
    expect((march.projects as Record<string, unknown>).on_time_rate).toBeNull();
    expect((march.visits as Record<string, unknown>).total).toBeNull();
    expect((march.payments as Record<string, unknown>).on_time_rate).toBeNull();
  });

  it("workload and triggers", () => {
    const flat = flattenKpis(march);
    expect(flat["workload.support_manager.demand_hours"]).toBeCloseTo(3, 12);
    expect(flat["workload.support_manager.capacity_hours"]).toBeCloseTo(168 * 0.8, 12);
    expect(flat["workload.support_manager.utilization"]).toBeCloseTo(3 / 134.4, 12);
    expect(flat["workload.support_manager.status"]).toBe("green");
    expect(flat["workload.implementation_manager.demand_hours"]).toBeNull();
    expect(flat["triggers.second_support_manager.fired"]).toBe(false);
    expect(flat["triggers.second_support_manager.value"]).toBe(3);
    expect(flat["triggers.second_engineer.fired"]).toBeNull();
  });

  it("has every key documented in loaders/metrics/README.md", () => {
    const flat = flattenKpis(march);
    const required = [
      "tickets.total", "tickets.per_working_day", "tickets.escalation_rate", "tickets.resolved_without_escalation",
      "tickets.repeat_rate", "tickets.repeat_rate_qoq_change", "csat.mean", "csat.responses", "nps.score",
      "nps.margin_of_error", "nps.responses", "retention.logo_12m", "retention.grr_12m", "clients.active",
      "clients.new", "clients.churned", "projects.started", "projects.completed", "projects.on_time_rate",
      "projects.median_duration_days", "projects.ttv_median_days", "projects.ttv_within_target_rate",
      "projects.handover_within_7d_rate", "projects.critical_remarks", "visits.total", "payments.on_time_rate",
      "sla.emergency.response_compliance",
    ];
    for (const p of ["emergency", "standard", "consultation"]) {
      required.push(`sla.${p}.compliance`, `sla.${p}.on_target`, `sla.${p}.response_mean_business_minutes`,
        `sla.${p}.response_p90_business_minutes`, `sla.${p}.resolution_mean_business_minutes`, `sla.${p}.resolution_p90_business_minutes`);
    }
    for (const k of ["audit", "installation", "commissioning", "maintenance", "emergency", "training"]) required.push(`visits.by_kind.${k}`);
    for (const r of ["support_manager", "success_manager", "implementation_manager", "senior_engineer", "head"]) {
      for (const f of ["demand_hours", "capacity_hours", "utilization", "status"]) required.push(`workload.${r}.${f}`);
    }
    for (const t of ["second_support_manager", "second_success_manager", "second_engineer", "implementation_assistant"]) {
      for (const f of ["fired", "value", "threshold", "nearness"]) required.push(`triggers.${t}.${f}`);
    }
    for (const key of required) expect(Object.keys(flat), key).toContain(key);
    for (const value of Object.values(flat)) if (typeof value === "number") expect(Number.isFinite(value)).toBe(true);
  });
});

describe("computeAllMonths", () => {
  it("returns every month from the first ticket to the last (capped at as-of)", async () => {
    const all = await computeAllMonths(db.connection, settings, { now });
    expect(all.map((m) => m.month)).toEqual(["2026-01", "2026-02", "2026-03"]);
    expect(all.map((m) => (m.tickets as Record<string, unknown>).total)).toEqual([1, 0, 3]);
    expect(all[2]!.partial).toBe(false);
    const early = await computeAllMonths(db.connection, settings, { now: new Date("2026-03-02T12:00:00Z") });
    expect(early.map((m) => m.month)).toEqual(["2026-01", "2026-02", "2026-03"]);
    expect(early[2]!.partial).toBe(true);
    // as of Monday 2026-03-02 15:00 MSK: one working day so far (1 March is a Sunday), T1 only
    const march2 = flattenKpis(early[2]!);
    expect(march2["calendar.working_days"]).toBe(1);
    expect(march2["calendar.working_days_in_month"]).toBe(21);
    expect(march2["calendar.norm_hours"]).toBe(8);
    expect(march2["tickets.total"]).toBe(1);
    expect(march2["tickets.per_working_day"]).toBe(1);
    expect(march2["workload.support_manager.capacity_hours"]).toBeCloseTo(6.4, 12);
    expect(march2["workload.support_manager.demand_hours"]).toBeCloseTo(0.5, 12);
  });
});

describe("repeat rate needs a whole repeat window of history", () => {
  it("starts with the first month whose first day lies the window after the data's first day", () => {
    expect(firstMonthWithRepeatHistory("2024-12", 30)).toBe("2025-01"); // 1 Jan − 30 days = 2 Dec
    expect(firstMonthWithRepeatHistory("2026-02", 30)).toBe("2026-04"); // 1 Mar − 30 days = 30 Jan: before the data
    expect(firstMonthWithRepeatHistory("2026-01", 60)).toBe("2026-04"); // 1 Mar − 60 days = 31 Dec; 1 Apr − 60 = 31 Jan
    expect(firstMonthWithRepeatHistory("2026-01", 0)).toBe("2026-01");
  });
});

describe("repeat rate quarter over quarter", () => {
  it("3 months ending with the month vs the 3 before: 1/10 vs 2/10 → −50 %", async () => {
    const qdb = await createTestDb(["tickets", "clients"]);
    try {
      await insertRows(qdb.connection, "clients", [{ client_id: "c1", name: "К", contract_start: "2024-01-01" }]);
      const months = ["2025-10", "2025-11", "2025-12", "2026-01", "2026-02", "2026-03"];
      // the data begin in September, so October (the previous quarter's first month) sees 30 days of history
      const september = { ticket_id: "2025-09-0", client_id: "c1", priority: "standard", created_at: msk("2025-09-15 10:00"), resolved_at: msk("2025-09-15 11:00") };
      const tickets: Record<string, unknown>[] = [];
      const facts: { ticket_id: string; is_repeat: boolean | null }[] = [];
      months.forEach((m, i) => {
        const count = i === 5 ? 4 : i < 3 ? [3, 3, 4][i]! : 3; // 10 tickets in each quarter
        for (let k = 0; k < count; k++) {
          const id = `${m}-${k}`;
          tickets.push({ ticket_id: id, client_id: "c1", priority: "standard", created_at: msk(`${m}-1${k} 10:00`), resolved_at: msk(`${m}-1${k} 11:00`) });
          // previous quarter: 2 repeats; current quarter: 1 repeat
          const repeat = (i === 0 && k < 2) || (i === 4 && k === 0);
          facts.push({ ticket_id: id, is_repeat: repeat });
        }
      });
      await insertRows(qdb.connection, "tickets", [september, ...tickets]);
      await createFactsTable(qdb.connection, [{ ticket_id: "2025-09-0", is_repeat: false }, ...facts]);
      const k = await computeMonthKpis(qdb.connection, settings, "2026-03", { now });
      const t = k.tickets as Record<string, unknown>;
      expect(t.repeat_rate_3m).toBeCloseTo(0.1, 12);
      expect(t.repeat_rate_prev_3m).toBeCloseTo(0.2, 12);
      expect(t.repeat_rate_qoq_change).toBeCloseTo(-0.5, 12);
      expect(t.repeat_rate_qoq_change_status).toBe("ok"); // ≤ −10 %
      expect(t.repeat_rate).toBe(0); // March itself: no repeats
      const feb = await computeMonthKpis(qdb.connection, settings, "2026-02", { now });
      // its previous quarter starts in September 2025, the first month of the data: no 30 days of history
      expect((feb.tickets as Record<string, unknown>).repeat_rate_prev_3m).toBeNull();
      expect((feb.tickets as Record<string, unknown>).repeat_rate_qoq_change).toBeNull();
    } finally {
      qdb.close();
    }
  });
});

describe("ticketsByMonth sources", () => {
  it("the full ticket_facts table and the tickets table give the same aggregates", async () => {
    const ctx = await contextOf(db.connection, settings, ["2026-02", "2026-03"], now);
    const fromFacts = await ticketsByMonth(ctx, "ticket_facts"); // created as of `now` by computeMonthKpis
    const fromTickets = await ticketsByMonth(ctx, "no_such_facts_table");
    for (const month of ["2026-02", "2026-03"]) {
      const a = fromFacts.get(month)!;
      const b = fromTickets.get(month)!;
      expect({ ...a, repeats: 0, repeat_known: 0 }).toEqual({ ...b, repeats: 0, repeat_known: 0 });
    }
    expect(fromFacts.get("2026-03")!.repeat_known).toBe(2);
    expect(fromTickets.get("2026-03")!.repeat_known).toBe(0); // no facts: repeats unknown, not 0
  });
});
