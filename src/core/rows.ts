/**
 * The rows the Node side computes and the pages, charts and narrative read: one shape for both
 * sides of the data files (src/data/site.zip.ts), so neither imports the other's modules.
 */
import type { DayWindow } from "./day-window.js";

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

/** Clients of one segment in a month (loaders/metrics/clients.ts clientsBySegment). */
export interface ClientSegmentRow {
  month: string;
  /** the day the active clients are counted on: the month's last day, or the as-of day in its month; "YYYY-MM-DD" */
  day: string;
  /** the clients' segment; "other" for a client without one */
  segment: string;
  /** active on `day` (the condition of clients.active) */
  active: number;
  /** gone within the 12 months ending with the month (the condition of clients.churned) */
  churned_12m: number;
}

/** A client of a month's 12-month retention base gone by the month's as-of day (loaders/metrics/clients.ts lostClients). */
export interface LostClientRow {
  month: string;
  client_id: string;
  name: string;
  /** the day the client is gone, "YYYY-MM-DD" */
  churned_at: string;
}

/** A project completed in the month after its due date (loaders/metrics/projects.ts lateProjects); days "YYYY-MM-DD". */
export interface LateProjectRow {
  month: string;
  project_id: string;
  client_name: string | null;
  /** what completed it: the training, else the handover */
  completed_by: "training" | "handover";
  completed_at: string;
  due_at: string;
}

/** One month's on-time judgement (loaders/metrics/projects.ts lateProjects): projects judged and those late. */
export interface LateProjects {
  month: string;
  /** projects completed in the month with a due date: projects.on_time_rate's denominator */
  judged: number;
  late: LateProjectRow[];
}

/** SLA breaches of one priority in one month (loaders/metrics/sla.ts breachesByMonth), judged as the KPI. */
export interface BreachFacts {
  month: string;
  priority: string;
  /** tickets judged: met + breached (open within the limit are left out) */
  judged: number;
  breached: number;
  /** the BREACH_CLUSTER_DAYS consecutive days on which most of them were created, Moscow-local (densestWindow); null without breaches */
  cluster: DayWindow | null;
}
