/**
 * The tables the dashboard pages read (as Arrow IPC) and the small JSON summaries, each as one
 * SQL query over the site dataset (dataset.ts), every table read as known at the build's as-of (the
 * one rule of loaders/metrics/known-at.ts, as the KPIs read it; the ticket facts are judged at it).
 * The members of the site's data archive (site-members.ts) only call these.
 */
import type { Pipeline } from "../pipeline.ts";
import { npsByQuarter as npsQuarters } from "../metrics/nps.ts";
import { queryToArrowIpc } from "../export/arrow.ts";
import { LOW_CSAT_MAX, type NpsQuarterRow, type TicketDrivers } from "../../src/core/rows.ts";
import { onTimeSql } from "../metrics/projects.ts";
import { clientStatusSql } from "../metrics/clients.ts";
import { localDayOf } from "../../src/core/format.ts";
import { sqlString } from "../sql-literal.ts";
import { makeContext, type MetricContext } from "../metrics/context.ts";
import { knownRelationSql } from "../metrics/known-at.ts";
import type { TableName } from "../schema.ts";

/** The build's as-of as a metric context (the data's own day is the pipeline's). */
function buildContext(pipeline: Pipeline): MetricContext {
  return makeContext(pipeline.connection, pipeline.settings, [], pipeline.now, pipeline.latestEventDay);
}

/**
 * `table` as known at the build's as-of (loaders/metrics/known-at.ts), for a FROM clause: the rows
 * that existed by then, each field known later blank — what the pages list is what the KPIs count.
 */
function knownAtBuild(pipeline: Pipeline, table: TableName): Promise<string> {
  return knownRelationSql(buildContext(pipeline), table);
}

/** The client list of «Клиенты» as known at the as-of: the columns its table shows, each client's status on the as-of day (clientStatusSql). */
export async function clientsArrow(pipeline: Pipeline): Promise<Uint8Array> {
  const clients = await knownAtBuild(pipeline, "clients");
  const asOfDay = localDayOf(pipeline.now, pipeline.settings.calendar.timezone);
  return queryToArrowIpc(
    pipeline.connection,
    `SELECT c.client_id, c.name, c.segment, c.contract_start, c.manager, ${clientStatusSql(`DATE ${sqlString(asOfDay)}`)} AS status
     FROM ${clients} c ORDER BY c.contract_start, c.client_id`,
  );
}

/**
 * The project list of «Внедрение» as known at the as-of: the projects signed by then, the milestones
 * reached by then (a later one is blank: the stage is still in work), TTV and on_time from those.
 */
export async function projectsArrow(pipeline: Pipeline): Promise<Uint8Array> {
  const projects = await knownAtBuild(pipeline, "projects");
  const clients = await knownAtBuild(pipeline, "clients");
  return queryToArrowIpc(
    pipeline.connection,
    `SELECT p.project_id, p.client_id, c.name AS client_name, c.segment, p.signed_at, p.due_at, p.audit_at,
            p.installed_at, p.commissioned_at, p.trained_at, p.handed_over_at, p.critical_remarks,
            strftime(p.signed_at, '%Y-%m') AS month,
            date_diff('day', p.signed_at, p.trained_at) AS ttv_days,
            ${onTimeSql("p")} AS on_time
     FROM ${projects} p LEFT JOIN ${clients} c ON c.client_id = p.client_id
     ORDER BY p.signed_at, p.project_id`,
  );
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

export type { NpsQuarterRow };

/** NPS per calendar quarter of the answer date, with its 95 % interval (npsByQuarter of the KPI engine), over the answers given by the as-of. */
export async function npsByQuarter(pipeline: Pipeline): Promise<NpsQuarterRow[]> {
  return npsQuarters(pipeline.connection, await knownAtBuild(pipeline, "nps"));
}
