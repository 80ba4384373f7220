/**
 * The figures of «Техподдержка» for one filter, summed from the cells of support-cells.ts. The page
 * draws them and `support-analytics metrics --priority …` prints them: one function, so the two agree.
 * Ratios are those of the KPIs (loaders/metrics/definitions.ts): SLA compliance = met ÷ (met +
 * breached), escalation rate = escalated ÷ tickets with the flag, repeat rate = repeats ÷ tickets
 * with a category (from the first month with a whole repeat window of history), CSAT = mean score.
 */
import { decodeColumns } from "./columns.js";
import { ratio } from "./ratio.js";
import { addMonths, monthRange } from "./months.js";
import { PRIORITY_ORDER } from "./labels.js";
import {
  ALL,
  AGE_BUCKETS_RU,
  type BreachedTicket,
  type CreatedCell,
  type DurationBinnings,
  type DurationKind,
  type EncodedSupportCells,
  type SupportCells,
  type SupportFilter,
} from "./support-cells.js";

export interface CountRow {
  month: string;
  key: string;
  count: number;
}

export interface SlaTrendRow {
  month: string;
  priority: string;
  judged: number;
  met: number;
  breached: number;
  compliance: number | null;
}

export interface BacklogRow {
  month: string;
  open: number;
}

export interface AgeRow {
  bucket: string;
  priority: string;
  count: number;
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

export interface HistogramRow {
  priority: string;
  from_hours: number;
  to_hours: number;
  count: number;
}

export interface SupportFigures {
  filter: SupportFilter;
  summary: { tickets: number; judged: number; met: number; breached: number; compliance: number | null };
  volume: Record<"priority" | "channel" | "type", CountRow[]>;
  sla: SlaTrendRow[];
  durations: Record<DurationKind, HistogramRow[]>;
  backlog: BacklogRow[];
  open_now: number;
  ageing: AgeRow[];
  rates: RateRow[];
}

export function decodeSupportCells(encoded: EncodedSupportCells): SupportCells {
  return {
    created: decodeColumns(encoded.created),
    backlog: decodeColumns(encoded.backlog),
    open: decodeColumns(encoded.open),
    durations: decodeColumns(encoded.durations),
  };
}

const active = (value: string) => value !== ALL && value !== "";

/** Whether a cell (or a breached ticket) lies in the filter's priority, segment and client. */
export function matchesKeys(cell: { priority: string; segment: string | null; client_id?: string | null }, filter: SupportFilter): boolean {
  return (
    (!active(filter.priority) || cell.priority === filter.priority) &&
    (!active(filter.segment) || cell.segment === filter.segment) &&
    (!active(filter.client) || cell.client_id === filter.client)
  );
}

const inPeriod = (month: string, filter: SupportFilter) => month >= filter.from && month <= filter.to;

function sumBy<T>(rows: readonly T[], key: (row: T) => string, value: (row: T) => number): Map<string, number> {
  const sums = new Map<string, number>();
  for (const row of rows) sums.set(key(row), (sums.get(key(row)) ?? 0) + value(row));
  return sums;
}

const byMonthThenKey = (a: { month: string; key: string }, b: { month: string; key: string }) => a.month.localeCompare(b.month) || a.key.localeCompare(b.key);

/** Tickets per month and value of `field` (missing value → «не указано»), zero rows omitted. */
function volumeBy(created: readonly CreatedCell[], field: "priority" | "channel" | "type"): CountRow[] {
  const sums = sumBy(created, (c) => `${c.month}|${c[field] ?? "не указано"}`, (c) => c.tickets);
  return [...sums]
    .filter(([, count]) => count > 0)
    .map(([id, count]) => ({ month: id.slice(0, 7), key: id.slice(8), count }))
    .sort(byMonthThenKey);
}

/** SLA compliance per month and priority: met ÷ (met + breached); months and priorities with none judged omitted. */
function slaTrend(created: readonly CreatedCell[]): SlaTrendRow[] {
  const rows = new Map<string, SlaTrendRow>();
  for (const c of created) {
    const id = `${c.month}|${c.priority}`;
    const row = rows.get(id) ?? { month: c.month, priority: c.priority, judged: 0, met: 0, breached: 0, compliance: null };
    row.met += c.met;
    row.breached += c.breached;
    row.judged = row.met + row.breached;
    rows.set(id, row);
  }
  return [...rows.values()]
    .filter((r) => r.judged > 0)
    .map((r) => ({ ...r, compliance: r.met / r.judged }))
    .sort((a, b) => a.month.localeCompare(b.month) || a.priority.localeCompare(b.priority));
}

function monthlyRates(created: readonly CreatedCell[], repeatsFrom: string): RateRow[] {
  const months = new Map<string, Omit<CreatedCell, "priority" | "segment" | "client_id" | "channel" | "type">>();
  for (const c of created) {
    const m = months.get(c.month) ?? { month: c.month, tickets: 0, met: 0, breached: 0, escalated: 0, escalation_known: 0, repeats: 0, repeat_known: 0, csat_responses: 0, csat_sum: 0 };
    for (const key of ["tickets", "escalated", "escalation_known", "repeats", "repeat_known", "csat_responses", "csat_sum"] as const) m[key] += c[key];
    months.set(c.month, m);
  }
  return [...months.values()]
    .filter((m) => m.tickets > 0)
    .sort((a, b) => a.month.localeCompare(b.month))
    .map((m) => ({
      month: m.month,
      tickets: m.tickets,
      escalated: m.escalated,
      escalation_rate: ratio(m.escalated, m.escalation_known),
      repeats: m.repeats,
      repeat_rate: m.month >= repeatsFrom ? ratio(m.repeats, m.repeat_known) : null,
      csat_responses: m.csat_responses,
      csat_mean: ratio(m.csat_sum, m.csat_responses),
    }));
}

function histogram(cells: SupportCells, filter: SupportFilter, binnings: DurationBinnings, kind: DurationKind): HistogramRow[] {
  const scope = active(filter.priority) ? filter.priority : ALL;
  const binning = binnings[kind][scope];
  if (!binning) return [];
  const selected = cells.durations.filter((c) => c.scope === scope && inPeriod(c.month, filter) && matchesKeys(c, filter));
  const sums = sumBy(selected, (c) => `${c.priority}|${c.bin}`, (c) => c[kind]);
  const order = (p: string) => (PRIORITY_ORDER as readonly string[]).indexOf(p);
  return [...sums]
    .filter(([, count]) => count > 0)
    .map(([id, count]) => {
      const [priority, bin] = id.split("|") as [string, string];
      return { priority, from_hours: Number(bin) * binning.step_hours, to_hours: (Number(bin) + 1) * binning.step_hours, count };
    })
    .sort((a, b) => a.from_hours - b.from_hours || order(a.priority) - order(b.priority));
}

function ageing(cells: SupportCells, filter: SupportFilter): AgeRow[] {
  const open = cells.open.filter((c) => c.bucket !== null && matchesKeys(c, filter));
  const sums = sumBy(open, (c) => `${c.bucket}|${c.priority}`, (c) => c.open);
  const order = (p: string) => (PRIORITY_ORDER as readonly string[]).indexOf(p);
  return [...sums]
    .map(([id, count]) => {
      const [bucket, priority] = id.split("|") as [string, string];
      return { index: Number(bucket), bucket: AGE_BUCKETS_RU[Number(bucket)]!, priority, count };
    })
    .filter((r) => r.count > 0)
    .sort((a, b) => a.index - b.index || order(a.priority) - order(b.priority))
    .map(({ bucket, priority, count }) => ({ bucket, priority, count }));
}

export interface FigureContext {
  /** the first month whose repeat rate is shown (firstMonthWithRepeatHistory) */
  repeatsFrom: string;
  binnings: DurationBinnings;
}

/** Every figure of «Техподдержка» under `filter` (months inclusive, «all» = no filter). */
export function supportFigures(cells: SupportCells, filter: SupportFilter, context: FigureContext): SupportFigures {
  const created = cells.created.filter((c) => inPeriod(c.month, filter) && matchesKeys(c, filter));
  const met = created.reduce((s, c) => s + c.met, 0);
  const breached = created.reduce((s, c) => s + c.breached, 0);
  const backlogSums = sumBy(cells.backlog.filter((c) => matchesKeys(c, filter)), (c) => c.month, (c) => c.open);
  return {
    filter,
    summary: { tickets: created.reduce((s, c) => s + c.tickets, 0), judged: met + breached, met, breached, compliance: ratio(met, met + breached) },
    volume: { priority: volumeBy(created, "priority"), channel: volumeBy(created, "channel"), type: volumeBy(created, "type") },
    sla: slaTrend(created),
    durations: { response: histogram(cells, filter, context.binnings, "response"), resolution: histogram(cells, filter, context.binnings, "resolution") },
    backlog: monthRange(filter.from, filter.to).map((month) => ({ month, open: backlogSums.get(month) ?? 0 })),
    open_now: cells.open.filter((c) => matchesKeys(c, filter)).reduce((s, c) => s + c.open, 0),
    ageing: ageing(cells, filter),
    rates: monthlyRates(created, context.repeatsFrom),
  };
}

/** The breached tickets the filter selects (the rows behind `summary.breached`). */
export function breachedIn(rows: readonly BreachedTicket[], filter: SupportFilter): BreachedTicket[] {
  return rows.filter((r) => inPeriod(r.month, filter) && matchesKeys(r, filter));
}

/** The page's default period: the twelve months ending with `lastFull`, or from the first month with data. */
export function defaultPeriod(months: readonly string[], lastFull: string): { from: string; to: string } {
  const from = addMonths(lastFull, -11);
  return { from: months.includes(from) ? from : (months[0] ?? lastFull), to: lastFull };
}
