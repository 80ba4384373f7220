/**
 * Cross-field rules of the canonical schema that SCHEMA itself does not state: which dates must
 * not precede which, and which dates are plans (allowed to lie in the future).
 */
import type { TableName } from "../schema.ts";
import type { RejectCode } from "./reject-codes.ts";

/**
 * `later` must not be before `earlier` (both as read; checked when both are present). A broken
 * rule rejects the `later` field with `code` (default `chronology`).
 */
export interface ChronologyRule {
  later: string;
  earlier: string;
  code?: RejectCode;
}

/** The reject code of a chronology rule. */
export const chronologyCode = (rule: ChronologyRule): RejectCode => rule.code ?? "chronology";

export const CHRONOLOGY_RULES: Readonly<Record<TableName, readonly ChronologyRule[]>> = {
  tickets: [
    { later: "first_response_at", earlier: "created_at" },
    { later: "resolved_at", earlier: "created_at" },
    { later: "resolved_at", earlier: "first_response_at", code: "resolved_before_response" },
  ],
  clients: [{ later: "churned_at", earlier: "contract_start" }],
  projects: [
    { later: "due_at", earlier: "signed_at" },
    { later: "audit_at", earlier: "signed_at" },
    { later: "installed_at", earlier: "signed_at" },
    { later: "commissioned_at", earlier: "signed_at" },
    { later: "trained_at", earlier: "signed_at" },
    { later: "handed_over_at", earlier: "signed_at" },
  ],
  visits: [],
  nps: [],
  payments: [
    { later: "due_at", earlier: "issued_at" },
    { later: "paid_at", earlier: "issued_at" },
  ],
};

/** Planned dates: a deadline in the future is normal, so they are exempt from future_timestamp. */
export const PLANNED_COLUMNS: Readonly<Record<TableName, readonly string[]>> = {
  tickets: [],
  clients: [],
  projects: ["due_at"],
  visits: [],
  nps: [],
  payments: ["due_at"],
};

/**
 * Years a date or an instant may have (as read, in the local zone): from MIN_YEAR to the as-of
 * year + YEARS_AHEAD. Everything in between is a year the pages and the calendar handle; a
 * two-digit year (`05.10.26` read as 0026) or a typo (`0001-01-01`, `20026-…`) falls outside.
 */
export const MIN_YEAR = 2000;
export const YEARS_AHEAD = 1;

/** The last year accepted for data checked at the local day `todayLocal` ('YYYY-MM-DD'). */
export function maxYear(todayLocal: string): number {
  return Number(todayLocal.slice(0, 4)) + YEARS_AHEAD;
}

/**
 * Instants judged on the production calendar (business time): their local year must be one the
 * calendar covers (reject code `year_not_in_calendar`).
 */
export const CALENDAR_COLUMNS: Readonly<Record<TableName, readonly string[]>> = {
  tickets: ["created_at", "first_response_at", "resolved_at"],
  clients: [],
  projects: [],
  visits: [],
  nps: [],
  payments: [],
};

/** Largest UTC offset an instant may carry, minutes (UTC−14:00 … UTC+14:00 exist). */
export const MAX_OFFSET_MINUTES = 14 * 60;

/** Order of loading: referenced tables first. */
export const LOAD_ORDER: readonly TableName[] = ["clients", "projects", "tickets", "visits", "nps", "payments"];
