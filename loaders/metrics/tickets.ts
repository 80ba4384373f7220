/**
 * Ticket volume and quality per month, over the tickets *created* in the month (Moscow-local):
 *
 * - total, per priority; per_working_day = total / working days of the month (production calendar);
 * - escalation_rate = escalated / tickets with the escalated field filled (null when none is);
 * - resolved_without_escalation = of the tickets resolved by the as-of moment with the
 *   escalated field filled, the share not escalated;
 * - repeat_rate = tickets flagged is_repeat in ticket_facts (same client and category within
 *   repeat_window_days) / tickets with a category (is_repeat not null); month-kpis.ts leaves it
 *   out for months without a whole repeat window of history in the data (firstMonthWithRepeatHistory, src/core/months.ts);
 * - csat: mean of the 1–5 scores given, their count, and the count of scores 4–5 (≥ 4);
 * - effort_hours: Σ effort_minutes, a per-priority default where empty (support manager's load).
 * The effort and CSAT of a ticket count once it is resolved by the as-of moment (known-at.ts).
 */
import { PRIORITIES, type Priority } from "../schema.ts";
import type { MetricContext } from "./context.ts";
import { localMonthSql, monthsCte } from "./context.ts";
import { numberOrNull, queryRows, relationSql, tableExists } from "./sql.ts";
import { sqlString } from "../sql-literal.ts";
import { timestampLiteral } from "./ticket-facts.ts";
import { knownAtOfContext, knownAtRelationSql, knownValueSql } from "./known-at.ts";

export interface TicketMonth {
  total: number;
  by_priority: Record<Priority, number>;
  escalation_known: number;
  escalated: number;
  resolved: number;
  resolved_escalation_known: number;
  resolved_not_escalated: number;
  repeats: number;
  repeat_known: number;
  csat_sum: number;
  csat_responses: number;
  /** scores of 4 or more */
  csat_high: number;
  csat_mean: number | null;
  effort_hours: number;
  effort_recorded: number;
}

export async function ticketsByMonth(context: MetricContext, factsTable = "ticket_facts"): Promise<Map<string, TicketMonth>> {
  const defaults = context.settings.workload.support_manager.default_effort_minutes;
  const effortDefault = `CASE t.priority ${PRIORITIES.map((p) => `WHEN ${sqlString(p)} THEN ${Number(defaults[p] ?? 0)}`).join(" ")} END`;
  const now = timestampLiteral(context.now);
  const source = await ticketSource(context, factsTable, now);
  const byPriority = PRIORITIES.map((p) => `count(*) FILTER (WHERE t.priority = ${sqlString(p)}) AS "p_${p}"`).join(",\n");
  const rows = await queryRows<Record<string, unknown> & { month: string }>(
    context.connection,
    `WITH ${monthsCte(context)},
     t AS (${source})
     SELECT t.month,
       count(*) AS total,
       ${byPriority},
       count(t.escalated) AS escalation_known,
       count(*) FILTER (WHERE t.escalated) AS escalated,
       count(*) FILTER (WHERE t.resolved_at <= ${now}) AS resolved,
       count(t.escalated) FILTER (WHERE t.resolved_at <= ${now}) AS resolved_escalation_known,
       count(*) FILTER (WHERE t.resolved_at <= ${now} AND NOT t.escalated) AS resolved_not_escalated,
       count(*) FILTER (WHERE t.is_repeat_flag) AS repeats,
       count(t.is_repeat_flag) AS repeat_known,
       coalesce(sum(t.csat), 0)::DOUBLE AS csat_sum,
       count(t.csat) AS csat_responses,
       count(*) FILTER (WHERE t.csat >= 4) AS csat_high,
       avg(t.csat)::DOUBLE AS csat_mean,
       coalesce(sum(coalesce(t.effort_minutes, ${effortDefault})), 0)::DOUBLE / 60 AS effort_hours,
       count(t.effort_minutes) AS effort_recorded
     FROM t JOIN metric_months m USING (month)
     GROUP BY t.month`,
  );
  const result = new Map<string, TicketMonth>();
  for (const month of context.months) result.set(month, emptyTicketMonth());
  for (const r of rows) {
    result.set(r.month, {
      total: Number(r.total),
      by_priority: Object.fromEntries(PRIORITIES.map((p) => [p, Number(r[`p_${p}`])])) as Record<Priority, number>,
      escalation_known: Number(r.escalation_known),
      escalated: Number(r.escalated),
      resolved: Number(r.resolved),
      resolved_escalation_known: Number(r.resolved_escalation_known),
      resolved_not_escalated: Number(r.resolved_not_escalated),
      repeats: Number(r.repeats),
      repeat_known: Number(r.repeat_known),
      csat_sum: Number(r.csat_sum),
      csat_responses: Number(r.csat_responses),
      csat_high: Number(r.csat_high),
      csat_mean: numberOrNull(r.csat_mean),
      effort_hours: Number(r.effort_hours),
      effort_recorded: Number(r.effort_recorded),
    });
  }
  return result;
}

const FACT_COLUMNS = ["ticket_id", "month", "priority", "created_at", "resolved_at", "escalated", "csat", "effort_minutes", "is_repeat", "as_of"];

/**
 * The month's tickets with their local month and repeat flag. When the facts table is the full
 * ticket_facts (every column above) judged at or after `now`, it is read alone (it holds every
 * ticket created by its as-of, with `month` already computed); otherwise the tickets table is
 * joined to the facts' is_repeat (NULL when there is no facts table).
 */
async function ticketSource(context: MetricContext, factsTable: string, now: string): Promise<string> {
  const facts = `"${factsTable.replaceAll('"', '""')}"`;
  const at = knownAtOfContext(context);
  if (await tableExists(context.connection, factsTable)) {
    const columns = await queryRows<{ column_name: string }>(
      context.connection,
      `SELECT column_name FROM information_schema.columns WHERE table_name = ${sqlString(factsTable)}`,
    );
    const present = new Set(columns.map((c) => c.column_name));
    if (FACT_COLUMNS.every((c) => present.has(c))) {
      const asOf = await queryRows<{ covers: boolean | null }>(context.connection, `SELECT min(as_of) >= ${now} AS covers FROM ${facts}`);
      if (asOf[0]?.covers === true) {
        const known = (field: string) => `${knownValueSql("tickets", field, at)} AS ${field}`;
        return `SELECT ticket_id, month, priority, created_at, resolved_at, escalated, ${known("csat")}, ${known("effort_minutes")},
                       is_repeat AS is_repeat_flag
                FROM ${facts} WHERE created_at <= ${now}`;
      }
    }
  }
  const tickets = `(${knownAtRelationSql("tickets", await relationSql(context.connection, "tickets"), at)})`;
  const hasFacts = await tableExists(context.connection, factsTable);
  return `SELECT t.*, ${localMonthSql("t.created_at", context.timezone)} AS month, ${hasFacts ? "f.is_repeat" : "NULL::BOOLEAN"} AS is_repeat_flag
          FROM ${tickets} t ${hasFacts ? `LEFT JOIN ${facts} f ON f.ticket_id = t.ticket_id` : ""}
          WHERE t.created_at <= ${now}`;
}

function emptyTicketMonth(): TicketMonth {
  return {
    total: 0,
    by_priority: Object.fromEntries(PRIORITIES.map((p) => [p, 0])) as Record<Priority, number>,
    escalation_known: 0,
    escalated: 0,
    resolved: 0,
    resolved_escalation_known: 0,
    resolved_not_escalated: 0,
    repeats: 0,
    repeat_known: 0,
    csat_sum: 0,
    csat_responses: 0,
    csat_high: 0,
    csat_mean: null,
    effort_hours: 0,
    effort_recorded: 0,
  };
}
