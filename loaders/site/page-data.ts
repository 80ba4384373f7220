/**
 * The tables the dashboard pages read (as Arrow IPC) and the small JSON summaries, each as one
 * SQL query over the site dataset (dataset.ts). The members of the site's data archive (site-members.ts) only call these.
 */
import type { Pipeline } from "../pipeline.ts";
import { npsByQuarter as npsQuarters } from "../metrics/nps.ts";
import { queryToArrowIpc } from "../export/arrow.ts";
import { relationOrEmpty } from "./dataset.ts";
import { LOW_CSAT_MAX, type ClientSpan, type NpsQuarterRow, type ProjectSpan, type TicketDrivers } from "../../src/core/rows.ts";

/** One row per ticket: facts as of now (the judgement of the monthly SLA KPIs). */
export async function ticketsArrow(pipeline: Pipeline): Promise<Uint8Array> {
  const clients = await relationOrEmpty(pipeline, "clients");
  return queryToArrowIpc(
    pipeline.connection,
    `SELECT f.ticket_id, f.client_id, c.name AS client_name, c.segment, f.priority, f.type, f.channel, f.category,
            f.created_at, f.resolved_at, f.month,
            f.response_business_minutes, f.resolution_business_minutes, f.resolution_calendar_hours,
            f.age_business_minutes, f.sla_status,
            f.is_repeat, f.escalated, f.csat
     FROM ticket_facts f
     LEFT JOIN ${clients} c ON c.client_id = f.client_id
     ORDER BY f.created_at, f.ticket_id`,
  );
}

export async function clientsArrow(pipeline: Pipeline): Promise<Uint8Array> {
  const clients = await relationOrEmpty(pipeline, "clients");
  return queryToArrowIpc(
    pipeline.connection,
    `SELECT client_id, name, segment, contract_start, churned_at, mrr_rub, manager,
            strftime(contract_start, '%Y-%m') AS cohort_month
     FROM ${clients} ORDER BY contract_start, client_id`,
  );
}

export async function projectsArrow(pipeline: Pipeline): Promise<Uint8Array> {
  const projects = await relationOrEmpty(pipeline, "projects");
  const clients = await relationOrEmpty(pipeline, "clients");
  return queryToArrowIpc(
    pipeline.connection,
    `SELECT p.project_id, p.client_id, c.name AS client_name, c.segment, p.signed_at, p.due_at, p.audit_at,
            p.installed_at, p.commissioned_at, p.trained_at, p.handed_over_at, p.critical_remarks,
            strftime(p.signed_at, '%Y-%m') AS month,
            date_diff('day', p.signed_at, p.trained_at) AS ttv_days,
            -- as projects.on_time_rate (metrics/projects.ts): completed = trained, else handed over
            CASE WHEN coalesce(p.trained_at, p.handed_over_at) IS NULL OR p.due_at IS NULL THEN NULL
                 ELSE coalesce(p.trained_at, p.handed_over_at) <= p.due_at END AS on_time
     FROM ${projects} p LEFT JOIN ${clients} c ON c.client_id = p.client_id
     ORDER BY p.signed_at, p.project_id`,
  );
}

export async function visitsArrow(pipeline: Pipeline): Promise<Uint8Array> {
  const visits = await relationOrEmpty(pipeline, "visits");
  const clients = await relationOrEmpty(pipeline, "clients");
  return queryToArrowIpc(
    pipeline.connection,
    `SELECT v.visit_id, v.engineer, v.visited_at, strftime(v.visited_at, '%Y-%m') AS month, v.client_id,
            c.name AS client_name, v.project_id, v.kind, v.onsite_hours, v.travel_hours
     FROM ${visits} v LEFT JOIN ${clients} c ON c.client_id = v.client_id
     ORDER BY v.visited_at, v.visit_id`,
  );
}

export interface BreachSummaryRow {
  month: string;
  priority: string;
  judged: number;
  breached: number;
  breachedDays: string[];
}

/** Per month and priority, judged as of now (as the KPIs): judged (met + breached), breached and their creation days. */
export async function breachSummary(pipeline: Pipeline): Promise<BreachSummaryRow[]> {
  const tz = pipeline.settings.calendar.timezone.replaceAll("'", "''");
  const reader = await pipeline.connection.runAndReadAll(
    `SELECT month, priority,
            count_if(met OR breached)::INTEGER AS judged,
            count_if(breached)::INTEGER AS breached,
            coalesce(list(strftime(timezone('${tz}', timezone('UTC', created_at)), '%Y-%m-%d') ORDER BY created_at) FILTER (WHERE breached), []) AS days
     FROM ticket_facts
     GROUP BY month, priority ORDER BY month, priority`,
  );
  return reader.getRowObjectsJS().map((row) => ({
    month: String(row.month),
    priority: String(row.priority),
    judged: Number(row.judged),
    breached: Number(row.breached),
    breachedDays: (row.days as unknown[]).map(String),
  }));
}

/**
 * What lies behind each month's CSAT and escalation rate (the monthly report's narrative), over the
 * tickets of the month (ticket_facts.month, as the KPIs): the scores given and those of LOW_CSAT_MAX
 * or less, the escalated tickets, and for each the category with most of them (ties: first by name;
 * tickets without a category are counted but name none).
 */
export async function ticketDrivers(pipeline: Pipeline): Promise<TicketDrivers[]> {
  const reader = await pipeline.connection.runAndReadAll(
    `WITH t AS (
       SELECT month, nullif(trim(category), '') AS category, csat, escalated FROM ticket_facts
     ),
     low_by_category AS (
       SELECT month, category, count(*) AS n FROM t WHERE csat <= ${LOW_CSAT_MAX} AND category IS NOT NULL GROUP BY ALL
     ),
     escalated_by_category AS (
       SELECT month, category, count(*) AS n FROM t WHERE escalated AND category IS NOT NULL GROUP BY ALL
     ),
     low_top AS (
       SELECT month, first(category ORDER BY n DESC, category) AS category, max(n) AS n FROM low_by_category GROUP BY month
     ),
     escalated_top AS (
       SELECT month, first(category ORDER BY n DESC, category) AS category, max(n) AS n FROM escalated_by_category GROUP BY month
     ),
     totals AS (
       SELECT month, count(csat) AS csat_responses, count_if(csat <= ${LOW_CSAT_MAX}) AS csat_low, count_if(escalated) AS escalated
       FROM t GROUP BY month
     )
     SELECT totals.month, csat_responses::INTEGER AS csat_responses, csat_low::INTEGER AS csat_low,
            l.category AS csat_low_top_category, coalesce(l.n, 0)::INTEGER AS csat_low_top_count,
            escalated::INTEGER AS escalated, e.category AS escalated_top_category, coalesce(e.n, 0)::INTEGER AS escalated_top_count
     FROM totals LEFT JOIN low_top l USING (month) LEFT JOIN escalated_top e USING (month)
     ORDER BY totals.month`,
  );
  return reader.getRowObjectsJS().map((row) => ({
    month: String(row.month),
    csat_responses: Number(row.csat_responses),
    csat_low: Number(row.csat_low),
    csat_low_top_category: row.csat_low_top_category === null ? null : String(row.csat_low_top_category),
    csat_low_top_count: Number(row.csat_low_top_count),
    escalated: Number(row.escalated),
    escalated_top_category: row.escalated_top_category === null ? null : String(row.escalated_top_category),
    escalated_top_count: Number(row.escalated_top_count),
  }));
}

/** The client roster as the narrative reads it (who left, for the retention sentence); days "YYYY-MM-DD". */
export async function clientSpans(pipeline: Pipeline): Promise<ClientSpan[]> {
  const clients = await relationOrEmpty(pipeline, "clients");
  const reader = await pipeline.connection.runAndReadAll(
    `SELECT coalesce(name, client_id) AS name, strftime(contract_start, '%Y-%m-%d') AS contract_start, strftime(churned_at, '%Y-%m-%d') AS churned_at
     FROM ${clients} WHERE contract_start IS NOT NULL ORDER BY contract_start, client_id`,
  );
  return reader.getRowObjectsJS().map((row) => ({
    name: String(row.name),
    contract_start: String(row.contract_start),
    churned_at: row.churned_at === null ? null : String(row.churned_at),
  }));
}

/** The projects' dates as the narrative reads them (which finished late); days "YYYY-MM-DD". */
export async function projectSpans(pipeline: Pipeline): Promise<ProjectSpan[]> {
  const projects = await relationOrEmpty(pipeline, "projects");
  const clients = await relationOrEmpty(pipeline, "clients");
  const day = (column: string) => `strftime(p.${column}, '%Y-%m-%d') AS ${column}`;
  const reader = await pipeline.connection.runAndReadAll(
    `SELECT p.project_id, c.name AS client_name, ${day("due_at")}, ${day("trained_at")}, ${day("handed_over_at")}
     FROM ${projects} p LEFT JOIN ${clients} c ON c.client_id = p.client_id ORDER BY p.signed_at, p.project_id`,
  );
  const text = (value: unknown) => (value === null || value === undefined ? null : String(value));
  return reader.getRowObjectsJS().map((row) => ({
    project_id: String(row.project_id),
    client_name: text(row.client_name),
    due_at: text(row.due_at),
    trained_at: text(row.trained_at),
    handed_over_at: text(row.handed_over_at),
  }));
}

export type { NpsQuarterRow };

/** NPS per calendar quarter of the answer date, with its 95 % interval (npsByQuarter of the KPI engine). */
export async function npsByQuarter(pipeline: Pipeline): Promise<NpsQuarterRow[]> {
  return npsQuarters(pipeline.connection, await relationOrEmpty(pipeline, "nps"));
}
