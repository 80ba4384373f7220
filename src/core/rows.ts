/**
 * The rows the Node side computes and the pages, charts and narrative read: one shape for both
 * sides of the data files (src/data/site.zip.ts), so neither imports the other's modules.
 */

/** One cell of monthly cohort retention (loaders/metrics/clients.ts cohortRetention). */
export interface CohortRow {
  /** month of contract_start */
  cohort_month: string;
  /** 0 = the cohort's own month */
  months_since: number;
  /** cohort clients active on the last day of month cohort_month + months_since */
  active: number;
  /** clients whose contract started in cohort_month */
  size: number;
  rate: number | null;
}

/** NPS of one calendar quarter (loaders/metrics/nps.ts npsByQuarter). */
export interface NpsQuarterRow {
  quarter: string;
  responses: number | null;
  promoters: number | null;
  passives: number | null;
  detractors: number | null;
  score: number | null;
  /** half-width of the 95 % adjusted-Wald interval */
  margin_of_error: number | null;
  interval_low: number | null;
  interval_high: number | null;
  window_start: string;
  window_end: string;
}

/** A CSAT score at or below this is a low one (the narrative's «3 и ниже»). */
export const LOW_CSAT_MAX = 3;

/** What lies behind one month's CSAT and escalation rate (loaders/site/page-data.ts ticketDrivers). */
export interface TicketDrivers {
  month: string;
  csat_responses: number;
  /** scores of LOW_CSAT_MAX or less */
  csat_low: number;
  /** the category with most low scores (null when none has a category) and its count */
  csat_low_top_category: string | null;
  csat_low_top_count: number;
  escalated: number;
  escalated_top_category: string | null;
  escalated_top_count: number;
}

/** A client's contract span (data/site/narrative.json), days as "YYYY-MM-DD": who left, for the retention sentence. */
export interface ClientSpan {
  name: string;
  contract_start: string;
  /** the day the client is gone; null while active */
  churned_at: string | null;
}

/** A project's dates (data/site/narrative.json), days as "YYYY-MM-DD": which projects finished late, for the on-time sentence. */
export interface ProjectSpan {
  project_id: string;
  client_name: string | null;
  due_at: string | null;
  trained_at: string | null;
  handed_over_at: string | null;
}
