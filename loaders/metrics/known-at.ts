/**
 * What was knowable at a moment X: the one definition of which row exists and which field has
 * become known by then, for every table of the exports. The metrics read their tables through it
 * at the run's as-of (so a figure as of X counts nothing that happened after X), the simulator's
 * calibration reads the data before a month through it (loaders/simulator/cutoff.ts), and the
 * as-of metamorphic test writes the exports "as they stood at X" with it.
 *
 * - A row exists from its `row` column on (a ticket from its creation, a client from its contract
 *   start, a project from its signing, a visit, an NPS answer, an invoice from its issue).
 * - A field is known once the column that dates it has passed: first response and resolution at
 *   their own instants; a ticket's effort and CSAT at its resolution; a churn, a project
 *   milestone, a payment on their own days. Planned dates (projects.due_at, payments.due_at) are
 *   known with the row.
 * - The effort and CSAT of a ticket still open in the export carry no date of their own: they are
 *   known from the data's own day on (the latest day with an event, loaders/as-of.ts), so with the
 *   data's own as-of nothing is hidden, and with an earlier one an open ticket has neither.
 * - A timestamp is known when it is at or before the instant X; a date when it is on or before X's
 *   local day (the calendar's time zone), so an event dated on the as-of day counts.
 */
import { SCHEMA, type TableName } from "../schema.ts";
import { sqlString, utcTimestampLiteral } from "../sql-literal.ts";
import { localDayOf } from "../../src/core/format.ts";
import type { MetricContext } from "./context.ts";
import { relationSql } from "./sql.ts";

/**
 * The moment X in SQL: `instant` a UTC TIMESTAMP expression, `day` a DATE expression (X's local
 * day), `exported` a BOOLEAN expression: whether X's day is on or after the data's own day.
 */
export interface KnownAt {
  instant: string;
  day: string;
  exported: string;
}

interface TableKnowledge {
  /** the column from which the row exists */
  row: string;
  /** field → the column whose date or instant makes it known */
  fields: Record<string, string>;
  /** fields known from the data's own day on while their dating column is empty */
  undatedFromExport?: readonly string[];
}

export const KNOWN_AT_RULES: Record<TableName, TableKnowledge> = {
  tickets: {
    row: "created_at",
    fields: { first_response_at: "first_response_at", resolved_at: "resolved_at", effort_minutes: "resolved_at", csat: "resolved_at" },
    undatedFromExport: ["effort_minutes", "csat"],
  },
  clients: { row: "contract_start", fields: { churned_at: "churned_at" } },
  projects: {
    row: "signed_at",
    fields: {
      audit_at: "audit_at",
      installed_at: "installed_at",
      commissioned_at: "commissioned_at",
      trained_at: "trained_at",
      handed_over_at: "handed_over_at",
    },
  },
  visits: { row: "visited_at", fields: {} },
  nps: { row: "answered_at", fields: {} },
  payments: { row: "issued_at", fields: { paid_at: "paid_at" } },
};

/** The moment `instant` (a Date) as SQL literals, its day taken in `timeZone`; `dataDay` the data's own day ("YYYY-MM-DD", null: no event). */
export function knownAtOf(instant: Date, timeZone: string, dataDay: string | null): KnownAt {
  const day = localDayOf(instant, timeZone);
  return {
    instant: utcTimestampLiteral(instant),
    day: `DATE ${sqlString(day)}`,
    exported: dataDay !== null && day >= dataDay ? "TRUE" : "FALSE",
  };
}

/** SQL condition: the date or timestamp column `column` of `table` (qualified by `alias`) has passed by X. */
export function passedBySql(table: TableName, column: string, at: KnownAt, alias = ""): string {
  const type = SCHEMA[table].columns.find((c) => c.name === column)?.type;
  if (type !== "timestamp" && type !== "date") throw new RangeError(`${table}.${column}: not a date or timestamp column`);
  return `(${alias ? `${alias}.` : ""}"${column}" <= ${type === "timestamp" ? at.instant : at.day})`;
}

/** SQL expression: the value of `table`.`field` (qualified by `alias`) as known at X — NULL until it is. */
export function knownValueSql(table: TableName, field: string, at: KnownAt, alias = ""): string {
  const rule = KNOWN_AT_RULES[table];
  const dater = rule.fields[field];
  const column = `${alias ? `${alias}.` : ""}"${field}"`;
  if (dater === undefined) return column;
  const undated = rule.undatedFromExport?.includes(field) ? ` OR (${alias ? `${alias}.` : ""}"${dater}" IS NULL AND ${at.exported})` : "";
  return `CASE WHEN ${passedBySql(table, dater, at, alias)}${undated} THEN ${column} END`;
}

/**
 * SELECT over `relation` (every SCHEMA column of `table`) as it stood at X: the rows that existed
 * by then, each field that became known later set to NULL; the column order is kept.
 */
export function knownAtRelationSql(table: TableName, relation: string, at: KnownAt): string {
  const rule = KNOWN_AT_RULES[table];
  const replaced = Object.keys(rule.fields).map((field) => `${knownValueSql(table, field, at)} AS "${field}"`);
  const select = replaced.length === 0 ? "*" : `* REPLACE (${replaced.join(", ")})`;
  return `SELECT ${select} FROM ${relation} WHERE ${passedBySql(table, rule.row, at)}`;
}

/** The context's as-of as a KnownAt (with the data's own day the context carries). */
export function knownAtOfContext(context: MetricContext): KnownAt {
  return knownAtOf(context.now, context.timezone, context.latestEventDay);
}

/** The relation of `table` as known at the context's as-of (relationSql's columns), for a FROM clause. */
export async function knownRelationSql(context: MetricContext, table: TableName): Promise<string> {
  const relation = await relationSql(context.connection, table);
  return `(${knownAtRelationSql(table, relation, knownAtOfContext(context))})`;
}
