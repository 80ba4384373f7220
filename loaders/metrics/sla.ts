/**
 * SLA KPIs per month and priority.
 *
 * Attribution: a ticket counts in the month it was created (calendar time zone), judged with what
 * is known at the as-of moment `now` (not at the month's end); the per-ticket rules are those of
 * ticket-facts.ts. So every ticket created by `now` counts in exactly one month: as met or
 * breached once its outcome is known (resolved, or past a limit), as open («в работе», out of the
 * denominator) until then. A month with a ticket still unresolved at `now` (in_progress > 0) is
 * provisional: its figures can still change.
 *
 * - compliance = met / (met + breached); on_target_share = on_target / (met + breached);
 *   both NULL when met + breached = 0.
 * - response_compliance (emergency only): tickets whose response clock is decided and met /
 *   tickets whose response clock is decided (answered, or open past the bound).
 * - mean / P90 of response and resolution business minutes over the tickets that have that
 *   duration as of the judging moment (answered / resolved). P90 = DuckDB quantile_cont(x, 0.9):
 *   linear interpolation between the order statistics at position 1 + 0.9·(n − 1) (as Excel
 *   PERCENTILE.INC and numpy's default "linear" method).
 * - One row per month with tickets × each priority of settings.sla (zero rows included) plus a
 *   total row with priority = 'all' (compliance_target and response_compliance NULL there).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { zonedWallClockToUtc } from "../calendar/instant.ts";
import type { Settings } from "../settings.ts";
import { sqlString } from "../sql-literal.ts";
import { ratio } from "../../src/core/ratio.ts";
import type { BreachFacts } from "../../src/core/rows.ts";
import { BREACH_CLUSTER_DAYS, densestWindow } from "../../src/core/day-window.ts";
import { ticketFactsAsOfSql, ticketsRelationSql, timestampLiteral } from "./ticket-facts.ts";

export interface SlaMonthRow {
  month: string;
  /** a priority of settings.sla, or "all" */
  priority: string;
  tickets: number;
  met: number;
  on_target: number;
  breached: number;
  open: number;
  /** tickets not resolved at `now` (open, or breached and still in work) */
  in_progress: number;
  compliance: number | null;
  on_target_share: number | null;
  response_compliance: number | null;
  response_mean_business_minutes: number | null;
  response_p90_business_minutes: number | null;
  resolution_mean_business_minutes: number | null;
  resolution_p90_business_minutes: number | null;
  compliance_target: number | null;
}

export interface SlaByMonthOptions {
  /** the as-of moment: every ticket is judged at it; tickets created after it are ignored */
  now: Date;
  /** "YYYY-MM" months to return (default: every month with tickets) */
  months?: string[];
  /**
   * A ticket-facts table (createTicketFacts) to aggregate instead of judging the tickets again:
   * used when it was built as of `now`.
   */
  factsTable?: string;
  /** the data's own day (Pipeline.latestEventDay); looked up on the connection when absent */
  latestEventDay?: string | null;
}

/** Whether `table` holds ticket facts judged as of exactly `now`. */
async function factsJudgedAt(connection: DuckDBConnection, table: string, now: Date): Promise<boolean> {
  const columns = await connection.runAndReadAll(
    `SELECT count(*) FROM information_schema.columns WHERE table_name = ${sqlString(table)} AND column_name IN ('as_of', 'sla_status')`,
  );
  if (Number(columns.getRows()[0]![0]) !== 2) return false;
  const asOf = timestampLiteral(now);
  const reader = await connection.runAndReadAll(
    `SELECT min(as_of) = ${asOf} AND max(as_of) = ${asOf} FROM "${table.replaceAll('"', '""')}"`,
  );
  return reader.getRows()[0]![0] === true;
}

/** Per-ticket facts (SQL relation) of the requested months' tickets, judged as of `now`. */
async function factsAsOf(connection: DuckDBConnection, settings: Settings, options: SlaByMonthOptions): Promise<string> {
  if (options.factsTable && (await factsJudgedAt(connection, options.factsTable, options.now))) {
    return `"${options.factsTable.replaceAll('"', '""')}"`;
  }
  let tickets = await ticketsRelationSql(connection);
  if (options.months) {
    // only the requested months' tickets (repeats, which need earlier tickets, are not used here)
    const sorted = [...options.months].sort();
    const tz = settings.calendar.timezone;
    const start = zonedWallClockToUtc(Date.parse(`${sorted[0]}-01T00:00:00Z`), tz);
    const [y, m] = sorted[sorted.length - 1]!.split("-").map(Number) as [number, number];
    const end = zonedWallClockToUtc(Date.UTC(y, m, 1), tz);
    tickets = `(SELECT * FROM ${tickets} WHERE created_at >= ${timestampLiteral(start)} AND created_at < ${timestampLiteral(end)})`;
  }
  return `(${await ticketFactsAsOfSql(connection, settings, options.now, tickets, options.latestEventDay)})`;
}

export async function slaByMonth(
  connection: DuckDBConnection,
  settings: Settings,
  options: SlaByMonthOptions,
): Promise<SlaMonthRow[]> {
  for (const month of options.months ?? []) {
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new Error(`Месяц «${month}» не в формате ГГГГ-ММ`);
  }
  if (options.months && options.months.length === 0) return [];
  const facts = await factsAsOf(connection, settings, options);
  const monthFilter = options.months ? `WHERE month IN (${options.months.map(sqlString).join(", ") || "NULL"})` : "";
  const reader = await connection.runAndReadAll(`
    SELECT
      month,
      coalesce(priority, 'all') AS priority,
      count(*)::INTEGER AS tickets,
      count_if(met)::INTEGER AS met,
      count_if(on_target)::INTEGER AS on_target,
      count_if(breached)::INTEGER AS breached,
      count_if(sla_status = 'open')::INTEGER AS open,
      count_if(resolution_business_minutes IS NULL)::INTEGER AS in_progress,
      count_if(response_met)::INTEGER AS response_met,
      count(response_met)::INTEGER AS response_decided,
      avg(response_business_minutes)::DOUBLE AS response_mean_business_minutes,
      quantile_cont(response_business_minutes, 0.9)::DOUBLE AS response_p90_business_minutes,
      avg(resolution_business_minutes)::DOUBLE AS resolution_mean_business_minutes,
      quantile_cont(resolution_business_minutes, 0.9)::DOUBLE AS resolution_p90_business_minutes
    FROM ${facts} facts
    ${monthFilter}
    GROUP BY GROUPING SETS ((month, priority), (month))
    ORDER BY month, priority`);
  const found = new Map<string, Record<string, unknown>>();
  for (const row of reader.getRowObjects()) found.set(`${row.month}|${row.priority}`, row);
  const months = [...new Set([...found.values()].map((r) => String(r.month)))].sort();
  const priorities = Object.keys(settings.sla);
  const rules = settings.sla as Record<string, { compliance_target?: number; response_business_minutes?: number }>;
  const out: SlaMonthRow[] = [];
  for (const month of months) {
    for (const priority of [...priorities, "all"]) {
      const r = found.get(`${month}|${priority}`);
      const num = (key: string) => (r && r[key] !== null && r[key] !== undefined ? Number(r[key]) : null);
      const count = (key: string) => num(key) ?? 0;
      const decided = count("met") + count("breached");
      const hasResponseClock = priority !== "all" && rules[priority]?.response_business_minutes !== undefined;
      out.push({
        month,
        priority,
        tickets: count("tickets"),
        met: count("met"),
        on_target: count("on_target"),
        breached: count("breached"),
        open: count("open"),
        in_progress: count("in_progress"),
        compliance: ratio(count("met"), decided),
        on_target_share: ratio(count("on_target"), decided),
        response_compliance:
          hasResponseClock ? ratio(count("response_met"), count("response_decided")) : null,
        response_mean_business_minutes: num("response_mean_business_minutes"),
        response_p90_business_minutes: num("response_p90_business_minutes"),
        resolution_mean_business_minutes: num("resolution_mean_business_minutes"),
        resolution_p90_business_minutes: num("resolution_p90_business_minutes"),
        compliance_target: priority === "all" ? null : (rules[priority]?.compliance_target ?? null),
      });
    }
  }
  return out;
}

/**
 * The tickets behind an SLA below target: per month and priority of a ticket-facts table judged as
 * the KPI (createTicketFacts), the judged (met + breached) and breached counts and the
 * BREACH_CLUSTER_DAYS days on which most breached tickets were created (local days).
 */
export async function breachesByMonth(connection: DuckDBConnection, timezone: string, factsTable = "ticket_facts"): Promise<BreachFacts[]> {
  const reader = await connection.runAndReadAll(
    `SELECT month, priority,
            count_if(met OR breached)::INTEGER AS judged,
            count_if(breached)::INTEGER AS breached,
            coalesce(list(strftime(timezone(${sqlString(timezone)}, timezone('UTC', created_at)), '%Y-%m-%d') ORDER BY created_at) FILTER (WHERE breached), []) AS days
     FROM "${factsTable.replaceAll('"', '""')}"
     GROUP BY month, priority ORDER BY month, priority`,
  );
  return reader.getRowObjectsJS().map((row) => ({
    month: String(row.month),
    priority: String(row.priority),
    judged: Number(row.judged),
    breached: Number(row.breached),
    cluster: densestWindow((row.days as unknown[]).map(String), BREACH_CLUSTER_DAYS),
  }));
}
