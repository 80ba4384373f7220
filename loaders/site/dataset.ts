/**
 * The data behind the dashboard pages: the pipeline on the resolved data folder, plus two
 * ticket-facts tables — `ticket_facts` judged as of now (backlog, ageing, the breached-tickets
 * table) and `ticket_facts_month_end` judged at the end of each ticket's month, exactly as the
 * monthly SLA KPIs are (loaders/metrics/sla.ts), so filtered SLA charts agree with the KPIs.
 */
import { resolveDataDir } from "../data-dir.ts";
import { SCHEMA, duckdbType, type TableName } from "../schema.ts";
import { runPipeline, type Pipeline } from "../pipeline.ts";
import {
  createTicketFacts,
  ensureBusinessCalendarForTickets,
  ticketFactsSql,
  ticketsRelationSql,
  timestampLiteral,
} from "../metrics/ticket-facts.ts";

export const NOW_ENV_VAR = "SUPPORT_ANALYTICS_NOW";

/** The moment the site is built for: $SUPPORT_ANALYTICS_NOW (ISO) or the current time. */
export function siteNow(): Date {
  const text = process.env[NOW_ENV_VAR];
  if (!text) return new Date();
  const now = new Date(text);
  if (Number.isNaN(now.getTime())) throw new Error(`${NOW_ENV_VAR}=«${text}»: ожидается дата ISO 8601`);
  return now;
}

export async function openSiteDataset(options: { monthEndFacts?: boolean } = {}): Promise<Pipeline> {
  const now = siteNow();
  const pipeline = await runPipeline(resolveDataDir().dir, { now });
  await createTicketFacts(pipeline.connection, pipeline.settings, now, "ticket_facts");
  if (options.monthEndFacts) {
    const tickets = await ticketsRelationSql(pipeline.connection);
    // the same judging moment as loaders/metrics/sla.ts: the end of the ticket's local month, or now
    const asOfSql = `least(business_utc(date_trunc('month', business_local(t.created_at)) + INTERVAL 1 MONTH), ${timestampLiteral(now)})`;
    await ensureBusinessCalendarForTickets(pipeline.connection, pipeline.settings, asOfSql, tickets);
    const sql = ticketFactsSql(pipeline.settings, { tickets, asOfSql });
    await pipeline.connection.run(`CREATE OR REPLACE TABLE ticket_facts_month_end AS ${sql}`);
  }
  return pipeline;
}

export async function tableExists(pipeline: Pipeline, name: string): Promise<boolean> {
  const reader = await pipeline.connection.runAndReadAll(
    `SELECT count(*)::INTEGER FROM information_schema.tables WHERE table_name = '${name.replaceAll("'", "''")}'`,
  );
  return Number(reader.getRows()[0]![0]) > 0;
}

/** Closes the DuckDB connection and instance of a pipeline. */
export function closeDataset(pipeline: Pipeline): void {
  pipeline.connection.closeSync();
  pipeline.instance.closeSync();
}

/** `"table"` when it exists, else an empty relation with the table's SCHEMA columns (optional exports). */
export async function relationOrEmpty(pipeline: Pipeline, table: TableName): Promise<string> {
  if (await tableExists(pipeline, table)) return `"${table}"`;
  const columns = SCHEMA[table].columns.map((c) => `NULL::${duckdbType(c)} AS "${c.name}"`);
  return `(SELECT ${columns.join(", ")} WHERE FALSE)`;
}
