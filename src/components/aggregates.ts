/**
 * Pure aggregations of the per-ticket, per-client, per-project and per-visit rows the pages
 * load (Arrow → plain rows). Each returns plain rows that are both the chart's data and its CSV.
 */
import { quantileSorted as d3QuantileSorted } from "d3";
import { addMonths } from "../core/format.js";

export interface TicketRow {
  ticket_id: string;
  client_id: string;
  client_name: string | null;
  segment: string | null;
  priority: string;
  type: string | null;
  channel: string | null;
  category: string | null;
  created_at: Date;
  resolved_at: Date | null;
  month: string;
  response_business_minutes: number | null;
  resolution_business_minutes: number | null;
  resolution_calendar_hours: number | null;
  age_business_minutes: number | null;
  sla_status: string | null;
  is_repeat: boolean | null;
  escalated: boolean | null;
  csat: number | null;
}

export interface TicketFilter {
  from?: string;
  to?: string;
  priority?: string;
  segment?: string;
  client?: string;
}

/** "all" / "" / undefined mean no filter. */
function active(value: string | undefined): value is string {
  return value !== undefined && value !== "" && value !== "all";
}

export function filterTickets<T extends TicketRow>(rows: readonly T[], filter: TicketFilter): T[] {
  return rows.filter(
    (r) =>
      (!active(filter.from) || r.month >= filter.from) &&
      (!active(filter.to) || r.month <= filter.to) &&
      (!active(filter.priority) || r.priority === filter.priority) &&
      (!active(filter.segment) || r.segment === filter.segment) &&
      (!active(filter.client) || r.client_id === filter.client),
  );
}

/** Months from first to last inclusive. */
export function monthSpan(first: string, last: string): string[] {
  const months: string[] = [];
  for (let m = first; m <= last; m = addMonths(m, 1)) months.push(m);
  return months;
}

export interface CountRow {
  month: string;
  key: string;
  count: number;
}

/** Tickets per month and value of `field` (missing value → "не указано"), zero rows omitted. */
export function countByMonth(rows: readonly TicketRow[], field: "priority" | "channel" | "type"): CountRow[] {
  const counts = new Map<string, CountRow>();
  for (const row of rows) {
    const key = row[field] ?? "не указано";
    const id = `${row.month}|${key}`;
    const entry = counts.get(id) ?? { month: row.month, key, count: 0 };
    entry.count++;
    counts.set(id, entry);
  }
  return [...counts.values()].sort((a, b) => a.month.localeCompare(b.month) || a.key.localeCompare(b.key));
}

export interface SlaTrendRow {
  month: string;
  priority: string;
  judged: number;
  met: number;
  breached: number;
  compliance: number | null;
}

/**
 * SLA compliance per month and priority from the statuses as of now (as the KPIs):
 * met = on_target + met; compliance = met / (met + breached); open tickets left out.
 */
export function slaTrend(rows: readonly TicketRow[]): SlaTrendRow[] {
  const groups = new Map<string, SlaTrendRow>();
  for (const row of rows) {
    const status = row.sla_status;
    if (status !== "on_target" && status !== "met" && status !== "breached") continue;
    const id = `${row.month}|${row.priority}`;
    const entry = groups.get(id) ?? { month: row.month, priority: row.priority, judged: 0, met: 0, breached: 0, compliance: null };
    entry.judged++;
    if (status === "breached") entry.breached++;
    else entry.met++;
    entry.compliance = entry.met / entry.judged;
    groups.set(id, entry);
  }
  return [...groups.values()].sort((a, b) => a.month.localeCompare(b.month) || a.priority.localeCompare(b.priority));
}

function monthEndInstant(month: string): number {
  return Date.parse(`${addMonths(month, 1)}-01T00:00:00+03:00`);
}

export interface BacklogRow {
  month: string;
  open: number;
}

/** Open tickets at each month's end (Moscow time): created before it, not resolved by it. Stops at `now`. */
export function backlogByMonth(rows: readonly TicketRow[], months: readonly string[], now: Date): BacklogRow[] {
  return months.map((month) => {
    const end = Math.min(monthEndInstant(month), now.getTime());
    let open = 0;
    for (const row of rows) {
      if (row.created_at.getTime() < end && (row.resolved_at === null || row.resolved_at.getTime() >= end)) open++;
    }
    return { month, open };
  });
}

export const AGE_BUCKETS_RU = ["до 1 раб. дня", "1–3 раб. дня", "3–5 раб. дней", "5–10 раб. дней", "больше 10 раб. дней"] as const;

export interface AgeRow {
  bucket: string;
  priority: string;
  count: number;
}

/** Open tickets (as of the data date) by age in business days (`minutesPerDay` business minutes a day). */
export function ageingBuckets(rows: readonly TicketRow[], minutesPerDay = 540): AgeRow[] {
  const result = new Map<string, AgeRow>();
  for (const row of rows) {
    if (row.resolved_at !== null || row.age_business_minutes === null) continue;
    const days = row.age_business_minutes / minutesPerDay;
    const bucket = days < 1 ? AGE_BUCKETS_RU[0] : days < 3 ? AGE_BUCKETS_RU[1] : days < 5 ? AGE_BUCKETS_RU[2] : days < 10 ? AGE_BUCKETS_RU[3] : AGE_BUCKETS_RU[4];
    const id = `${bucket}|${row.priority}`;
    const entry = result.get(id) ?? { bucket, priority: row.priority, count: 0 };
    entry.count++;
    result.set(id, entry);
  }
  return [...result.values()];
}

export interface RateRow {
  month: string;
  tickets: number;
  escalated: number;
  escalation_rate: number | null;
  repeats: number;
  repeat_rate: number | null;
  csat_responses: number;
  csat_mean: number | null;
}

/**
 * Per month: escalation rate (of tickets with the flag), repeat rate (of tickets with a category;
 * none before `repeatsFrom`, the first month with a whole repeat window of history — as the KPI,
 * see firstMonthWithRepeatHistory), CSAT mean.
 */
export function monthlyRates(rows: readonly TicketRow[], repeatsFrom = ""): RateRow[] {
  const groups = new Map<string, { tickets: number; escFlag: number; esc: number; repFlag: number; rep: number; csatN: number; csatSum: number }>();
  for (const row of rows) {
    const g = groups.get(row.month) ?? { tickets: 0, escFlag: 0, esc: 0, repFlag: 0, rep: 0, csatN: 0, csatSum: 0 };
    g.tickets++;
    if (row.escalated !== null) {
      g.escFlag++;
      if (row.escalated) g.esc++;
    }
    if (row.is_repeat !== null) {
      g.repFlag++;
      if (row.is_repeat) g.rep++;
    }
    if (row.csat !== null) {
      g.csatN++;
      g.csatSum += row.csat;
    }
    groups.set(row.month, g);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([month, g]) => ({
      month,
      tickets: g.tickets,
      escalated: g.esc,
      escalation_rate: g.escFlag > 0 ? g.esc / g.escFlag : null,
      repeats: g.rep,
      repeat_rate: g.repFlag > 0 && month >= repeatsFrom ? g.rep / g.repFlag : null,
      csat_responses: g.csatN,
      csat_mean: g.csatN > 0 ? g.csatSum / g.csatN : null,
    }));
}

/** Value at quantile q (0–1) of sorted numbers, linear interpolation (R-7, as DuckDB's quantile_cont). */
export function quantileSorted(sorted: readonly number[], q: number): number | null {
  return d3QuantileSorted(sorted as number[], q) ?? null;
}
