/**
 * Cross-field rules of the canonical schema that SCHEMA itself does not state: which dates must
 * not precede which, and which dates are plans (allowed to lie in the future).
 */
import type { TableName } from "../schema.ts";

/** `later` must not be before `earlier` (both as read; checked when both are present). */
export interface ChronologyRule {
  later: string;
  earlier: string;
}

export const CHRONOLOGY_RULES: Readonly<Record<TableName, readonly ChronologyRule[]>> = {
  tickets: [
    { later: "first_response_at", earlier: "created_at" },
    { later: "resolved_at", earlier: "created_at" },
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

/** Order of loading: referenced tables first. */
export const LOAD_ORDER: readonly TableName[] = ["clients", "projects", "tickets", "visits", "nps", "payments"];
