/**
 * The cells behind «Техподдержка»: additive counts of tickets per month, priority, segment (and,
 * in the per-client files, client), produced in Node by loaders/metrics/support-cells.ts from the
 * KPI's own ticket facts. A filtered figure is a sum of the cells the filter selects (and a ratio of
 * such sums); nothing here judges a ticket. The same types are read by the page and by
 * `support-analytics metrics --priority … --segment … --client …`.
 */
import type { EncodedTable } from "./columns.js";

/** The filter value meaning «no filter». */
export const ALL = "all";

/** Clients are spread over this many per-client files (support-client-<n>.json), by client order. */
export const CLIENT_SHARDS = 8;

/** Ages of open tickets in business days: bucket i holds [AGE_BUCKET_DAYS[i - 1], AGE_BUCKET_DAYS[i]). */
export const AGE_BUCKET_DAYS = [1, 3, 5, 10] as const;
export const AGE_BUCKETS_RU = ["до 1 раб. дня", "1–3 раб. дня", "3–5 раб. дней", "5–10 раб. дней", "больше 10 раб. дней"] as const;
/** Business minutes of a working day (9:00–18:00) for the ageing buckets. */
export const AGE_MINUTES_PER_DAY = 540;

/** Bars of a duration histogram below the 99th percentile of the whole data (as d3's `ticks(0, p99, 30)`). */
export const DURATION_BINS_TARGET = 30;

interface CellKeys {
  priority: string;
  segment: string | null;
  /** present in the per-client files only */
  client_id?: string | null;
}

/** Tickets created in `month`, as of the data's as-of (met and breached: the SLA KPI's flags). */
export interface CreatedCell extends CellKeys {
  month: string;
  channel: string | null;
  type: string | null;
  tickets: number;
  met: number;
  breached: number;
  escalated: number;
  escalation_known: number;
  repeats: number;
  repeat_known: number;
  csat_responses: number;
  csat_sum: number;
}

/** Tickets open at the end of `month` (or at the as-of, for the as-of's month). */
export interface BacklogCell extends CellKeys {
  month: string;
  open: number;
}

/** Tickets open at the as-of, by age bucket (null: age unknown). */
export interface OpenCell extends CellKeys {
  bucket: number | null;
  open: number;
}

/** Tickets created in `month` whose response / resolution time falls in bar `bin` of `scope`'s histogram. */
export interface DurationCell extends CellKeys {
  month: string;
  /** "all" (every priority) or a priority: the histogram shown under that priority filter */
  scope: string;
  bin: number;
  response: number;
  resolution: number;
}

export interface SupportCells {
  created: CreatedCell[];
  backlog: BacklogCell[];
  open: OpenCell[];
  durations: DurationCell[];
}

export interface EncodedSupportCells {
  created: EncodedTable;
  backlog: EncodedTable;
  open: EncodedTable;
  durations: EncodedTable;
}

/** One histogram's bars: [bin·step_hours, (bin + 1)·step_hours), values above p99_hours left out. */
export interface HistogramBinning {
  p99_hours: number;
  step_hours: number;
  bins: number;
}

export type DurationKind = "response" | "resolution";

/** Per kind and scope ("all" or a priority). */
export type DurationBinnings = Record<DurationKind, Record<string, HistogramBinning>>;

export interface SupportClient {
  id: string;
  name: string;
  segment: string | null;
  shard: number;
}

/** What the page needs besides the cells: the months with tickets, the filter's options, the histograms' bars. */
export interface SupportMeta {
  months: string[];
  clients: SupportClient[];
  segments: string[];
  binnings: DurationBinnings;
}

/** support-cells.json: the cells over all clients (no client_id), with the page's meta. */
export interface SupportCellsFile {
  meta: SupportMeta;
  cells: EncodedSupportCells;
}

/** The rows behind the breach count: tickets judged breached at the as-of. */
export interface BreachedTicket {
  ticket_id: string;
  month: string;
  priority: string;
  segment: string | null;
  client_id: string;
  category: string | null;
  /** epoch milliseconds */
  created_at: number;
  resolution_business_minutes: number | null;
  resolved: boolean;
  escalated: boolean | null;
}

export interface SupportFilter {
  from: string;
  to: string;
  priority: string;
  segment: string;
  client: string;
}
