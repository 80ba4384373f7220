/**
 * Published monthly reports and their restatements. Publishing a month stores, in the warehouse,
 * the month's KPIs as the report showed them, with the as-of, the import state (the last import)
 * and a hash of the settings, plus every ticket of the month with its SLA status then. Later the
 * same KPIs computed from the warehouse are compared with the latest publication: each headline
 * figure (a KPI with a target) that changed is a restatement, with the reason found:
 * - for SLA compliance: how many tickets of that priority changed status after the publication's
 *   as-of (breached the limit, were resolved within it, were added by a later export);
 * - the settings changed since;
 * - exports imported since (their numbers and the date of their data).
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import type { DuckDBConnection } from "@duckdb/node-api";
import { computeMonthKpis, flattenKpis, type KpiTree, type MonthKpis } from "../metrics/month-kpis.ts";
import { openDatabase } from "../db.ts";
import { definitionFor } from "../metrics/definitions.ts";
import { DEFAULT_SETTINGS_PATH } from "../settings.ts";
import { formatInstantDay, pluralRu } from "../../src/core/format.ts";
import { openWarehousePipeline } from "./read.ts";
import { WH, attachWarehouse, ensureSchema } from "./store.ts";
import { sqlString } from "../sql-literal.ts";

export interface Publication {
  publicationId: number;
  month: string;
  publishedAt: string;
  asOf: string;
  importId: number;
  settingsSha256: string;
  kpis: MonthKpis;
  /** ticket id → [priority, SLA status] at the publication's as-of */
  tickets: Map<string, [string, string | null]>;
}

export interface Restatement {
  key: string;
  published: number;
  current: number;
  reasons: string[];
}

export function settingsSha256(): string {
  const path = process.env.SUPPORT_ANALYTICS_SETTINGS ?? DEFAULT_SETTINGS_PATH;
  return createHash("sha256").update(existsSync(path) ? readFileSync(path) : "").digest("hex");
}

const PRIORITY_GENITIVE_RU: Record<string, string> = { emergency: "экстренных", standard: "стандартных", consultation: "консультаций", all: "всех" };

/** The month's tickets with their SLA status from the pipeline's ticket facts. */
async function monthTickets(connection: DuckDBConnection, month: string): Promise<[string, string, string | null][]> {
  const rows = (await connection.runAndReadAll(`SELECT ticket_id, priority, sla_status FROM ticket_facts WHERE month = ${sqlString(month)}`)).getRows();
  return rows.map((r) => [String(r[0]), String(r[1]), r[2] === null ? null : String(r[2])]);
}

/** Computes the month from the warehouse and stores it as published; returns the publication's number. */
export async function publishMonth(dbPath: string, month: string, { clock, waitMs }: { clock?: Date; waitMs: number }): Promise<number> {
  const pipeline = await openWarehousePipeline(dbPath, { clock, waitMs });
  let kpis: MonthKpis;
  let tickets: [string, string, string | null][];
  try {
    kpis = await computeMonthKpis(pipeline.connection, pipeline.settings, month, { now: pipeline.now, latestEventDay: pipeline.latestEventDay });
    tickets = await monthTickets(pipeline.connection, month);
  } finally {
    pipeline.connection.closeSync();
    pipeline.instance.closeSync();
  }
  const { instance, connection } = await openDatabase();
  try {
    await attachWarehouse(connection, dbPath, { readOnly: false, waitMs });
    await ensureSchema(connection, dbPath);
    await connection.run("BEGIN TRANSACTION");
    const id = Number((await connection.runAndReadAll(`SELECT coalesce(max(publication_id), 0) + 1 FROM ${WH}.published`)).getRows()[0]![0]);
    await connection.run(
      `INSERT INTO ${WH}.published SELECT ${id}, ${sqlString(month)}, now()::TIMESTAMP, ${sqlString(kpis.as_of)}::TIMESTAMPTZ::TIMESTAMP,
         (SELECT coalesce(max(import_id), 0) FROM ${WH}.imports), ${sqlString(settingsSha256())}, ${sqlString(JSON.stringify(kpis))}`,
    );
    for (let i = 0; i < tickets.length; i += 1000) {
      const values = tickets.slice(i, i + 1000).map(([t, p, s]) => `(${id}, ${sqlString(t)}, ${sqlString(p)}, ${s === null ? "NULL" : sqlString(s)})`);
      await connection.run(`INSERT INTO ${WH}.published_tickets VALUES ${values.join(", ")}`);
    }
    await connection.run("COMMIT");
    return id;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The latest publication of `month`, or null (also when the warehouse has none). */
export async function latestPublication(connection: DuckDBConnection, month: string): Promise<Publication | null> {
  const rows = (
    await connection.runAndReadAll(
      `SELECT publication_id, strftime(published_at, '%Y-%m-%dT%H:%M:%SZ'), strftime(as_of, '%Y-%m-%dT%H:%M:%S.%gZ'), import_id, settings_sha256, kpis
       FROM ${WH}.published WHERE month = ${sqlString(month)} ORDER BY publication_id DESC LIMIT 1`,
    )
  ).getRows();
  if (rows.length === 0) return null;
  const r = rows[0]!;
  const id = Number(r[0]);
  const tickets = (await connection.runAndReadAll(`SELECT ticket_id, priority, sla_status FROM ${WH}.published_tickets WHERE publication_id = ${id}`)).getRows();
  return {
    publicationId: id,
    month,
    publishedAt: String(r[1]),
    asOf: String(r[2]),
    importId: Number(r[3]),
    settingsSha256: String(r[4]),
    kpis: JSON.parse(String(r[5])) as MonthKpis,
    tickets: new Map(tickets.map((t) => [String(t[0]), [String(t[1]), t[2] === null ? null : String(t[2])]])),
  };
}

/** Why an SLA figure of `priority` moved: tickets whose status changed or that appeared since. */
export function slaReasons(published: Publication, current: readonly [string, string, string | null][], priority: string): string[] {
  const after = formatInstantDay(published.asOf);
  let breached = 0;
  let closed = 0;
  let added = 0;
  for (const [id, p, status] of current) {
    if (priority !== "all" && p !== priority) continue;
    const before = published.tickets.get(id);
    if (!before) added++;
    else if (before[1] !== status && status === "breached") breached++;
    else if (before[1] !== status && (status === "met" || status === "on_target")) closed++;
  }
  const out: string[] = [];
  if (breached > 0) out.push(`${breached} ${pluralRu(breached, ["обращение нарушило", "обращения нарушили", "обращений нарушили"])} лимит после ${after}`);
  if (closed > 0) out.push(`${closed} ${pluralRu(closed, ["обращение закрыто", "обращения закрыты", "обращений закрыты"])} в срок после ${after}`);
  if (added > 0) out.push(`${added} ${pluralRu(added, ["обращение добавлено", "обращения добавлены", "обращений добавлены"])} более поздней выгрузкой`);
  return out;
}

/** Headline figures (KPIs with a target) that differ from the publication, with their reasons. */
export function restatements(
  published: Publication,
  current: MonthKpis,
  currentTickets: readonly [string, string, string | null][],
  context: { lastImportId: number; settingsSha256: string },
): Restatement[] {
  const before = flattenKpis(published.kpis as unknown as KpiTree);
  const now = flattenKpis(current as unknown as KpiTree);
  const out: Restatement[] = [];
  for (const key of Object.keys(before)) {
    if (!(`${key}_target` in before)) continue;
    const [a, b] = [before[key], now[key]];
    if (typeof a !== "number" || typeof b !== "number" || Math.abs(a - b) < 1e-9) continue;
    const reasons = key.startsWith("sla.") ? slaReasons(published, currentTickets, key.split(".")[1]!) : [];
    if (context.settingsSha256 !== published.settingsSha256) reasons.push("изменены настройки");
    if (context.lastImportId > published.importId) {
      reasons.push(`загружены выгрузки № ${published.importId + 1}${context.lastImportId > published.importId + 1 ? `–${context.lastImportId}` : ""}`);
    }
    out.push({ key, published: a, current: b, reasons });
  }
  return out;
}

const percentDigits = (digits: number) => new Intl.NumberFormat("ru-RU", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const decimalDigits = (digits: number) => new Intl.NumberFormat("ru-RU", { maximumFractionDigits: digits });

/** The figure's Russian name: the SLA of a priority, else the metric's name in «Методика», else its key. */
function restatementLabelRu(key: string): string {
  const parts = key.split(".");
  if (parts[0] === "sla" && parts[2] === "compliance") return `SLA ${PRIORITY_GENITIVE_RU[parts[1]!] ?? parts[1]}`;
  return definitionFor(key)?.name_ru ?? key;
}

/**
 * «SLA стандартных 96,4 % → 94,7 % — 4 обращения нарушили лимит после 31 октября 2026». A change
 * smaller than the usual precision (one decimal of a percent, two of a number) is shown with two
 * more decimals, so the two values never read the same.
 */
export function restatementLineRu(r: Restatement): string {
  const isShare = /(compliance|rate|logo_12m|share|resolved_without_escalation)/.test(r.key) && Math.abs(r.published) <= 1 && Math.abs(r.current) <= 1;
  const showWith = (extra: number) => (v: number) =>
    isShare ? `${percentDigits(1 + extra).format(v * 100)} %` : decimalDigits(2 + extra).format(v);
  const usual = showWith(0);
  const show = usual(r.published) === usual(r.current) ? showWith(2) : usual;
  return `после публикации пересчитано: ${restatementLabelRu(r.key)} ${show(r.published)} → ${show(r.current)}${r.reasons.length ? ` — ${r.reasons.join("; ")}` : ""}`;
}

/**
 * The restatements of the month of `current` on `log`, a connection with the warehouse attached
 * (null: the month was never published); `connection` is the run's pipeline.
 */
export async function monthRestatementsOn(
  log: DuckDBConnection,
  connection: DuckDBConnection,
  current: MonthKpis,
): Promise<{ publication: Publication; restatements: Restatement[] } | null> {
  const publication = await latestPublication(log, current.month);
  if (!publication) return null;
  const tickets = await monthTickets(connection, current.month);
  const lastImportId = Number((await log.runAndReadAll(`SELECT coalesce(max(import_id), 0) FROM ${WH}.imports`)).getRows()[0]![0]);
  return { publication, restatements: restatements(publication, current, tickets, { lastImportId, settingsSha256: settingsSha256() }) };
}

/** The restatements of `month` in the warehouse's pipeline run (null: the month was never published). */
export async function monthRestatements(
  dbPath: string,
  connection: DuckDBConnection,
  current: MonthKpis,
  waitMs: number,
): Promise<{ publication: Publication; restatements: Restatement[] } | null> {
  const { instance, connection: log } = await openDatabase();
  try {
    await attachWarehouse(log, dbPath, { readOnly: true, waitMs });
    return await monthRestatementsOn(log, connection, current);
  } finally {
    log.closeSync();
    instance.closeSync();
  }
}
