/**
 * The cells of «Техподдержка» (src/core/support-cells.ts) from a ticket-facts table judged at the
 * as-of (ticket-facts.ts: the same met / breached / is_repeat / escalated / csat the monthly KPIs
 * count in sla.ts and tickets.ts): additive counts per month, priority, segment, and client when
 * asked. The site writes them over all tickets and per group of clients; `metrics --priority …`
 * runs the same queries on the tickets of one filter. Also the rows behind the breach count.
 *
 * - created: tickets by creation month (calendar time zone), channel and type; SLA met / breached,
 *   escalated of those with the flag, repeats of those with a category, CSAT answers and their sum;
 * - backlog: tickets created before a month's end (or the as-of, when earlier) and not resolved by it;
 * - open: tickets not resolved at the as-of, by age in business days (AGE_BUCKET_DAYS);
 * - durations: response and resolution business hours in the bars of a histogram per scope (every
 *   priority, or one), bars of d3's tickStep(0, P99, 30) hours up to the scope's P99 over all tickets.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { tickStep } from "d3";
import { zonedWallClockToUtc } from "../calendar/instant.ts";
import { sqlString } from "../sql-literal.ts";
import { enumTextColumnsSql, queryColumns, queryRows, relationSql } from "./sql.ts";
import { timestampLiteral } from "./ticket-facts.ts";
import { encodeColumnLists, type ColumnValue, type EncodedTable } from "../../src/core/columns.ts";
import { addMonths, monthRange } from "../../src/core/months.ts";
import {
  AGE_BUCKET_DAYS,
  AGE_MINUTES_PER_DAY,
  ALL,
  CLIENT_SHARDS,
  DURATION_BINS_TARGET,
  type BreachedTicket,
  type DurationBinnings,
  type EncodedSupportCells,
  type SupportCells,
  type SupportClient,
  type SupportMeta,
} from "../../src/core/support-cells.ts";

/** Which tickets to count: a priority, a segment, a client, a group of clients (all by default). */
export interface TicketSelection {
  priority?: string;
  segment?: string;
  client?: string;
  shard?: number;
}

export interface CellsSource {
  connection: DuckDBConnection;
  /** a ticket-facts table (createTicketFacts) judged at `now` */
  factsTable: string;
  now: Date;
  timezone: string;
}

const quoted = (table: string) => `"${table.replaceAll('"', '""')}"`;

/** Clients with tickets, numbered in client_id order and dealt round-robin into CLIENT_SHARDS groups. */
const clientShardsCte = (facts: string) => `client_shards AS (
  SELECT client_id, ((row_number() OVER (ORDER BY client_id) - 1) % ${CLIENT_SHARDS})::INTEGER AS shard
  FROM (SELECT DISTINCT client_id FROM ${facts} WHERE client_id IS NOT NULL))`;

function selectionSql(selection: TicketSelection): string {
  const conditions = ["true"];
  if (selection.priority !== undefined && selection.priority !== ALL) conditions.push(`f.priority = ${sqlString(selection.priority)}`);
  if (selection.segment !== undefined && selection.segment !== ALL) conditions.push(`c.segment = ${sqlString(selection.segment)}`);
  if (selection.client !== undefined && selection.client !== ALL) conditions.push(`f.client_id = ${sqlString(selection.client)}`);
  if (selection.shard !== undefined) conditions.push(`s.shard = ${Number(selection.shard)}`);
  return conditions.join(" AND ");
}

/** `WITH client_shards, t` — t: the selected tickets with their client's segment. */
async function selectedTicketsSql(source: CellsSource, selection: TicketSelection): Promise<string> {
  const facts = quoted(source.factsTable);
  const clients = await relationSql(source.connection, "clients");
  return `WITH ${clientShardsCte(facts)},
    t AS (SELECT f.*, c.segment, s.shard FROM ${facts} f
          LEFT JOIN ${clients} c ON c.client_id = f.client_id
          LEFT JOIN client_shards s ON s.client_id = f.client_id
          WHERE ${selectionSql(selection)})`;
}

/** Months from the first to the last month with a ticket (all tickets, whatever the selection). */
export async function ticketMonths(source: CellsSource): Promise<string[]> {
  const [row] = await queryRows<{ first: string | null; last: string | null }>(
    source.connection,
    `SELECT min(month) AS first, max(month) AS last FROM ${quoted(source.factsTable)}`,
  );
  return row?.first && row.last ? monthRange(row.first, row.last) : [];
}

/** Each kind's and scope's histogram bars, from the P99 over all tickets (of the scope's priority); scopes in name order, so the same data give the same bytes. */
export async function durationBinnings(source: CellsSource): Promise<DurationBinnings> {
  const rows = await queryRows<{ scope: string; response: number | null; resolution: number | null }>(
    source.connection,
    `SELECT coalesce(priority, ${sqlString(ALL)}) AS scope,
            quantile_cont(response_business_minutes / 60.0, 0.99) AS response,
            quantile_cont(resolution_business_minutes / 60.0, 0.99) AS resolution
     FROM ${quoted(source.factsTable)} GROUP BY GROUPING SETS ((priority), ()) ORDER BY scope`,
  );
  const binnings: DurationBinnings = { response: {}, resolution: {} };
  for (const row of rows) {
    for (const kind of ["response", "resolution"] as const) {
      const p99 = row[kind];
      if (p99 === null || !(p99 > 0)) continue;
      const step = tickStep(0, p99, DURATION_BINS_TARGET);
      binnings[kind][row.scope] = { p99_hours: p99, step_hours: step, bins: Math.max(1, Math.ceil(p99 / step)) };
    }
  }
  return binnings;
}

/** The page's meta: months, the client filter's clients (with their group) and segments, the histograms' bars. */
export async function supportMeta(source: CellsSource): Promise<SupportMeta> {
  const clients = await relationSql(source.connection, "clients");
  const rows = await queryRows<{ id: string; name: string; segment: string | null; shard: number }>(
    source.connection,
    `WITH ${clientShardsCte(quoted(source.factsTable))}
     SELECT s.client_id AS id, coalesce(c.name, s.client_id) AS name, c.segment, s.shard
     FROM client_shards s LEFT JOIN ${clients} c ON c.client_id = s.client_id ORDER BY s.client_id`,
  );
  const list: SupportClient[] = rows.map((r) => ({ id: String(r.id), name: String(r.name), segment: r.segment === null ? null : String(r.segment), shard: Number(r.shard) }));
  const segments = [...new Set(list.map((c) => c.segment).filter((s): s is string => Boolean(s)))].sort();
  return { months: await ticketMonths(source), clients: list, segments, binnings: await durationBinnings(source) };
}

/** Each month's end as a UTC TIMESTAMP literal, or the as-of when it comes first. */
function monthEndsSql(months: readonly string[], source: CellsSource): string {
  if (months.length === 0) return `(SELECT NULL::VARCHAR AS month, NULL::TIMESTAMP AS end_at WHERE false)`;
  const rows = months.map((month) => {
    const [y, m] = addMonths(month, 1).split("-").map(Number) as [number, number];
    const end = zonedWallClockToUtc(Date.UTC(y, m - 1, 1), source.timezone);
    return `(${sqlString(month)}, ${timestampLiteral(end < source.now ? end : source.now)})`;
  });
  return `(SELECT * FROM (VALUES ${rows.join(", ")}) AS v(month, end_at))`;
}

function binningsSql(binnings: DurationBinnings): string {
  const rows = (["response", "resolution"] as const).flatMap((kind) =>
    Object.entries(binnings[kind]).map(([scope, b]) => `(${sqlString(kind)}, ${sqlString(scope)}, ${b.p99_hours}::DOUBLE, ${b.step_hours}::DOUBLE, ${b.bins})`),
  );
  if (rows.length === 0) return `(SELECT NULL::VARCHAR AS kind, NULL::VARCHAR AS scope, NULL::DOUBLE AS p99, NULL::DOUBLE AS step, NULL::INTEGER AS bins WHERE false)`;
  return `(SELECT * FROM (VALUES ${rows.join(", ")}) AS v(kind, scope, p99, step, bins))`;
}

const ageBucketSql = `CASE WHEN t.age_business_minutes IS NULL THEN NULL
  ${AGE_BUCKET_DAYS.map((days, i) => `WHEN t.age_business_minutes / ${AGE_MINUTES_PER_DAY}.0 < ${days} THEN ${i}`).join("\n  ")}
  ELSE ${AGE_BUCKET_DAYS.length} END`;

const CELL_KINDS = ["created", "backlog", "open", "durations"] as const;
type CellKind = (typeof CELL_KINDS)[number];

/** Each kind's query over the selected tickets `t` (selectedTicketsSql), grouped by `lead` (columns of t, each followed by ", ") and the kind's keys. */
function cellQueries(source: CellsSource, lead: string, options: { months: readonly string[]; binnings: DurationBinnings }): Record<CellKind, string> {
  const keys = "t.priority, t.segment";
  return {
    created: `SELECT ${lead}t.month, ${keys}, t.channel, t.type,
       count(*)::INTEGER AS tickets, count_if(t.met)::INTEGER AS met, count_if(t.breached)::INTEGER AS breached,
       count_if(t.escalated)::INTEGER AS escalated, count(t.escalated)::INTEGER AS escalation_known,
       count_if(t.is_repeat)::INTEGER AS repeats, count(t.is_repeat)::INTEGER AS repeat_known,
       count(t.csat)::INTEGER AS csat_responses, coalesce(sum(t.csat), 0)::DOUBLE AS csat_sum
     FROM t GROUP BY ALL`,
    backlog: `SELECT ${lead}e.month, ${keys}, count(*)::INTEGER AS open
     FROM t JOIN ${monthEndsSql(options.months, source)} e ON t.created_at < e.end_at AND (t.resolved_at IS NULL OR t.resolved_at >= e.end_at)
     GROUP BY ALL`,
    open: `SELECT ${lead}${keys}, (${ageBucketSql})::INTEGER AS bucket, count(*)::INTEGER AS open
     FROM t WHERE t.resolved_at IS NULL GROUP BY ALL`,
    durations: `, hours AS (
       SELECT t.*, 'response' AS kind, t.response_business_minutes / 60.0 AS hours FROM t
       UNION ALL SELECT t.*, 'resolution' AS kind, t.resolution_business_minutes / 60.0 AS hours FROM t),
     binned AS (
       SELECT ${lead}t.month, ${keys}, b.scope, t.kind, least(floor(t.hours / b.step), b.bins - 1)::INTEGER AS bin
       FROM hours t JOIN ${binningsSql(options.binnings)} b ON b.kind = t.kind AND (b.scope = ${sqlString(ALL)} OR b.scope = t.priority)
       WHERE t.hours IS NOT NULL AND t.hours <= b.p99)
     SELECT ${lead}t.month, ${keys}, t.scope, t.bin,
       count_if(t.kind = 'response')::INTEGER AS response, count_if(t.kind = 'resolution')::INTEGER AS resolution
     FROM binned t GROUP BY ALL`,
  };
}

/** Each kind's statement over the tickets of `selection`, grouped by `lead` and the kind's keys (cellQueries); in no order. */
async function cellStatements(
  source: CellsSource,
  selection: TicketSelection,
  lead: string,
  options: { months: readonly string[]; binnings: DurationBinnings },
): Promise<Record<CellKind, string>> {
  const tickets = await selectedTicketsSql(source, selection);
  const queries = cellQueries(source, lead, options);
  return Object.fromEntries(CELL_KINDS.map((kind) => [kind, `${tickets} ${queries[kind]}`])) as Record<CellKind, string>;
}

/** `read` of each kind, one after another (they share the connection). */
async function byKind<T>(read: (kind: CellKind) => Promise<T>): Promise<Record<CellKind, T>> {
  const cells = {} as Record<CellKind, T>;
  for (const kind of CELL_KINDS) cells[kind] = await read(kind);
  return cells;
}

/** The four kinds of cells over the selected tickets; `byClient` adds client_id to every cell. */
export async function supportCells(
  source: CellsSource,
  selection: TicketSelection,
  options: { byClient: boolean; months: readonly string[]; binnings: DurationBinnings },
): Promise<SupportCells> {
  // per client, the client leads: its rows come together (and compress into runs, src/core/columns.ts)
  const statements = await cellStatements(source, selection, options.byClient ? "t.client_id, " : "", options);
  const cells = await byKind((kind) => queryRows(source.connection, `${statements[kind]} ORDER BY ALL`));
  return cells as unknown as SupportCells;
}

/** A query's cells in the column layout (no columns when it has none, as encodeColumns of no rows). */
async function encodedCells(connection: DuckDBConnection, sql: string): Promise<EncodedTable> {
  const { length, columns } = await queryColumns(connection, sql);
  return encodeColumnLists(length, length === 0 ? {} : (columns as Record<string, ColumnValue[]>));
}

/** supportCells over all clients (no client_id), read straight into the column layout. */
export async function encodedSupportCells(source: CellsSource, options: { months: readonly string[]; binnings: DurationBinnings }): Promise<EncodedSupportCells> {
  const statements = await cellStatements(source, {}, "", options);
  return byKind((kind) => encodedCells(source.connection, `${statements[kind]} ORDER BY ALL`));
}

/**
 * Per connection, by facts table, moment and time zone: the temporary tables holding every client
 * group's cells (clientCellTables), each kind's table by name.
 */
const clientCellTablesMade = new WeakMap<DuckDBConnection, Map<string, Promise<Record<CellKind, string>>>>();

/**
 * Every client group's per-client cells at once, into a temporary table per kind named after
 * `prefix`, with the group in `shard` and the text columns as ENUMs (enumTextColumnsSql: the same
 * rows in the same order).
 */
async function createClientCellTables(source: CellsSource, prefix: string): Promise<Record<CellKind, string>> {
  const meta = await supportMeta(source);
  const statements = await cellStatements(source, {}, "t.shard, t.client_id, ", meta);
  const { connection } = source;
  return byKind(async (kind) => {
    const table = `${prefix}_${kind}`;
    await connection.run(`CREATE OR REPLACE TEMP TABLE ${table}_text AS ${statements[kind]}`);
    await connection.run(`CREATE OR REPLACE TEMP TABLE ${table} AS SELECT ${await enumTextColumnsSql(connection, `${table}_text`)} FROM ${table}_text`);
    await connection.run(`DROP TABLE ${table}_text`);
    return table;
  });
}

/** The tables of every client group's cells for `source`, made on its connection the first time they are asked for. */
function clientCellTables(source: CellsSource): Promise<Record<CellKind, string>> {
  let made = clientCellTablesMade.get(source.connection);
  if (!made) clientCellTablesMade.set(source.connection, (made = new Map()));
  const key = `${source.factsTable}\u0000${source.now.toISOString()}\u0000${source.timezone}`;
  let tables = made.get(key);
  if (!tables) made.set(key, (tables = createClientCellTables(source, `support_client_${made.size}`)));
  return tables;
}

/**
 * The per-client cells of the clients in group `shard` (supportCells with { shard } and byClient,
 * in its order), in the column layout. The first call for a source computes every group's cells
 * in one pass per kind; each call reads its group's rows from them.
 */
export async function encodedClientGroupCells(source: CellsSource, shard: number): Promise<EncodedSupportCells> {
  const tables = await clientCellTables(source);
  return byKind((kind) => encodedCells(source.connection, `SELECT * EXCLUDE (shard) FROM ${tables[kind]} WHERE shard = ${Number(shard)} ORDER BY ALL`));
}

/** The rows behind the breach count: every ticket the SLA KPI counts as breached at the as-of. */
export async function breachedTickets(source: CellsSource, selection: TicketSelection = {}): Promise<BreachedTicket[]> {
  const tickets = await selectedTicketsSql(source, selection);
  const rows = await queryRows<Record<string, unknown>>(
    source.connection,
    `${tickets}
     SELECT t.ticket_id, t.month, t.priority, t.segment, t.client_id, t.category, epoch_ms(t.created_at) AS created_at,
            t.resolution_business_minutes, t.resolved_at IS NOT NULL AS resolved, t.escalated
     FROM t WHERE t.breached ORDER BY t.created_at, t.ticket_id`,
  );
  return rows.map((r) => ({
    ticket_id: String(r.ticket_id),
    month: String(r.month),
    priority: String(r.priority),
    segment: r.segment === null ? null : String(r.segment),
    client_id: String(r.client_id),
    category: r.category === null ? null : String(r.category),
    created_at: Number(r.created_at),
    resolution_business_minutes: r.resolution_business_minutes === null ? null : Number(r.resolution_business_minutes),
    resolved: Boolean(r.resolved),
    escalated: r.escalated === null ? null : Boolean(r.escalated),
  }));
}
