import { describe, expect, it } from "vitest";
import {
  ageingBuckets,
  backlogByMonth,
  countByMonth,
  filterTickets,
  monthlyRates,
  quantileSorted,
  slaTrend,
  type TicketRow,
} from "../src/components/aggregates.ts";

function ticket(id: string, month: string, fields: Partial<TicketRow> = {}): TicketRow {
  return {
    ticket_id: id,
    client_id: "C1",
    client_name: "ЖК",
    segment: "residential",
    priority: "standard",
    type: "problem",
    channel: "email",
    category: "x",
    created_at: new Date(`${month}-10T09:00:00Z`),
    resolved_at: new Date(`${month}-11T09:00:00Z`),
    month,
    response_business_minutes: 10,
    resolution_business_minutes: 100,
    resolution_calendar_hours: 24,
    age_business_minutes: null,
    sla_status: "met",
    is_repeat: false,
    escalated: false,
    csat: null,
    ...fields,
  };
}

const rows: TicketRow[] = [
  ticket("1", "2026-03", { sla_status: "on_target", csat: 5 }),
  ticket("2", "2026-03", { sla_status: "breached", escalated: true, csat: 4 }),
  ticket("3", "2026-03", { sla_status: "open", resolved_at: null, age_business_minutes: 2000, is_repeat: true }),
  ticket("4", "2026-03", { priority: "emergency", sla_status: "met", escalated: null, is_repeat: null, segment: "cottage" }),
  ticket("5", "2026-04", { channel: null, client_id: "C2", resolved_at: new Date("2026-05-02T09:00:00Z") }),
];

describe("ticket aggregates", () => {
  it("filters by period, priority, segment and client", () => {
    expect(filterTickets(rows, { from: "2026-04" }).map((r) => r.ticket_id)).toEqual(["5"]);
    expect(filterTickets(rows, { priority: "emergency" }).map((r) => r.ticket_id)).toEqual(["4"]);
    expect(filterTickets(rows, { segment: "cottage", priority: "all" }).map((r) => r.ticket_id)).toEqual(["4"]);
    expect(filterTickets(rows, { client: "C2" }).map((r) => r.ticket_id)).toEqual(["5"]);
  });
  it("computes SLA compliance from the statuses as of now, leaving open tickets out", () => {
    expect(slaTrend(rows)).toEqual([
      { month: "2026-03", priority: "emergency", judged: 1, met: 1, breached: 0, compliance: 1 },
      { month: "2026-03", priority: "standard", judged: 2, met: 1, breached: 1, compliance: 0.5 },
      { month: "2026-04", priority: "standard", judged: 1, met: 1, breached: 0, compliance: 1 },
    ]);
  });
  it("counts by month and field, naming missing values", () => {
    expect(countByMonth(rows, "channel")).toEqual([
      { month: "2026-03", key: "email", count: 4 },
      { month: "2026-04", key: "не указано", count: 1 },
    ]);
  });
  it("counts the backlog at month ends (Moscow time) up to now", () => {
    // March end: ticket 3 open; April end: 3 still open, 5 resolved on 2 May → open
    expect(backlogByMonth(rows, ["2026-03", "2026-04", "2026-05"], new Date("2026-05-20T00:00:00Z"))).toEqual([
      { month: "2026-03", open: 1 },
      { month: "2026-04", open: 2 },
      { month: "2026-05", open: 1 },
    ]);
  });
  it("buckets open tickets by business-day age", () => {
    expect(ageingBuckets(rows)).toEqual([{ bucket: "3–5 раб. дней", priority: "standard", count: 1 }]);
  });
  it("computes escalation, repeat and CSAT per month over the tickets that have the field", () => {
    const [march] = monthlyRates(rows);
    expect(march).toEqual({
      month: "2026-03",
      tickets: 4,
      escalated: 1,
      escalation_rate: 1 / 3,
      repeats: 1,
      repeat_rate: 1 / 3,
      csat_responses: 2,
      csat_mean: 4.5,
    });
    // before the first month with a whole repeat window of history: counted, but no rate (as the KPI)
    const [early] = monthlyRates(rows, "2026-04");
    expect([early!.repeats, early!.repeat_rate, early!.escalation_rate]).toEqual([1, null, 1 / 3]);
    expect(monthlyRates(rows, "2026-03")[0]!.repeat_rate).toBe(1 / 3);
  });
  it("interpolates quantiles like quantile_cont", () => {
    expect(quantileSorted([1, 2, 3, 4], 0.9)).toBeCloseTo(3.7, 10);
    expect(quantileSorted([], 0.5)).toBeNull();
  });
});
