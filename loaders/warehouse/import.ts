/**
 * `import`: adds exports to the warehouse in one transaction.
 *
 * 1. The warehouse file is attached for writing (DuckDB's file lock: one writer at a time; a
 *    second waits up to `waitMs`, then gets a clear message) and its schema created or migrated.
 * 2. Each argument is staged (stage.ts): its files hashed, those already imported (same sha256)
 *    skipped, the rest read by the ordinary loader into the scratch in-memory database.
 * 3. One transaction on a second connection merges the staged tables (merge.ts: the newer
 *    export's row wins), oldest export first, and writes the log: `imports`, `import_files`,
 *    `import_tables`, `import_rejects`. Any failure before COMMIT, a killed process included,
 *    leaves the warehouse as it was.
 */
import { resolve } from "node:path";
import type { DuckDBConnection } from "@duckdb/node-api";
import { openDatabase } from "../db.ts";
import type { Reject } from "../ingest/reject-codes.ts";
import { loadSettings } from "../settings.ts";
import { mergePlan, type MergeCounts } from "./merge.ts";
import { collectSources } from "./sources.ts";
import { stageExport, type StagedExport } from "./stage.ts";
import { WH, attachWarehouse, ensureSchema } from "./store.ts";
import { sqlString } from "../sql-literal.ts";
import { timestampLiteral } from "../metrics/ticket-facts.ts";

/**
 * DuckDB threads of the import's instance. On a million tickets one thread takes less processor
 * time than two (bench/warehouse.ts's export, side by side on an idle machine: 3.1–3.2 s against
 * 3.36–3.46 s); two take less wall time there (2.1 s against 3.1–3.2 s).
 */
const IMPORT_THREADS = 1;

export interface ImportOptions {
  dbPath: string;
  /** how long to wait for another process's lock, ms */
  waitMs: number;
  clock?: Date;
  /** progress lines (Russian) */
  onProgress?: (line: string) => void;
}

export interface TableOutcome extends MergeCounts {
  table: string;
  read: number;
  accepted: number;
  rejected: number;
}

export interface ImportOutcome {
  argument: string;
  /** null: every file was already imported */
  importId: number | null;
  asOf: string | null;
  periodFrom: string | null;
  periodTo: string | null;
  files: { path: string; sheet: string | null; table: string; sha256: string; alreadyImportId: number | null }[];
  tables: TableOutcome[];
  rejects: Reject[];
}

export interface ImportSummary {
  dbPath: string;
  /** the backup made before a schema migration */
  backup: string | null;
  imports: ImportOutcome[];
}

async function knownHashes(connection: DuckDBConnection): Promise<Map<string, number>> {
  const rows = (await connection.runAndReadAll(`SELECT sha256, min(import_id) FROM ${WH}.import_files GROUP BY sha256`)).getRows();
  return new Map(rows.map((r) => [String(r[0]), Number(r[1])]));
}

function timestampSql(date: Date | null): string {
  return date === null ? "NULL" : timestampLiteral(date);
}

const dateSql = (day: string | null): string => (day === null ? "NULL" : `DATE '${day}'`);

async function appendRejects(connection: DuckDBConnection, importId: number, rejects: readonly Reject[]): Promise<void> {
  const batch = 500;
  for (let i = 0; i < rejects.length; i += batch) {
    const values = rejects
      .slice(i, i + batch)
      .map((r) => `(${importId}, ${sqlString(r.file)}, ${r.line}, ${sqlString(r.field)}, ${sqlString(r.value)}, ${sqlString(r.code)}, ${sqlString(r.message)})`);
    await connection.run(`INSERT INTO ${WH}.import_rejects VALUES ${values.join(", ")}`);
  }
}

/** Merges one staged export and writes its log rows (inside the open transaction). */
async function mergeExport(
  connection: DuckDBConnection,
  staged: StagedExport,
  importId: number,
  startedAt: Date,
  onProgress: (line: string) => void,
): Promise<TableOutcome[]> {
  const asOf = staged.asOf ?? startedAt;
  const outcomes: TableOutcome[] = [];
  for (const { table, staged: name, report } of staged.tables) {
    onProgress(`  запись: ${table} (${report.accepted.toLocaleString("ru-RU")} строк)…`);
    const { counts, statements } = await mergePlan(connection, table, name, asOf, importId);
    for (const statement of statements) await connection.run(statement);
    outcomes.push({ table, read: report.read, accepted: report.accepted, rejected: report.rejected, ...counts });
  }
  await connection.run(
    `INSERT INTO ${WH}.imports VALUES (${importId}, ${sqlString(staged.argument)}, ${timestampSql(startedAt)}, ${timestampSql(new Date())},
       ${timestampSql(staged.asOf)}, ${dateSql(staged.periodFrom)}, ${dateSql(staged.periodTo)})`,
  );
  for (const f of staged.files.filter((file) => file.alreadyImportId === null)) {
    await connection.run(
      `INSERT INTO ${WH}.import_files VALUES (${importId}, ${sqlString(f.path)}, ${f.sheet ? sqlString(f.sheet.sheet) : "NULL"}, ${sqlString(f.table)}, ${sqlString(f.sha256)}, ${f.sizeBytes})`,
    );
  }
  for (const o of outcomes) {
    await connection.run(
      `INSERT INTO ${WH}.import_tables VALUES (${importId}, ${sqlString(o.table)}, ${o.read}, ${o.accepted}, ${o.rejected}, ${o.new}, ${o.updated}, ${o.unchanged}, ${o.older})`,
    );
  }
  await appendRejects(connection, importId, staged.rejects);
  return outcomes;
}

function outcomeOf(staged: StagedExport, importId: number | null, tables: TableOutcome[]): ImportOutcome {
  return {
    argument: staged.argument,
    importId,
    asOf: staged.asOf?.toISOString() ?? null,
    periodFrom: staged.periodFrom,
    periodTo: staged.periodTo,
    files: staged.files.map((f) => ({ path: f.path, sheet: f.sheet?.sheet ?? null, table: f.table, sha256: f.sha256, alreadyImportId: f.alreadyImportId })),
    tables,
    rejects: staged.rejects,
  };
}

/** Stages every argument (nothing is written yet). */
async function stageAll(connection: DuckDBConnection, paths: readonly string[], clock: Date, onProgress: (line: string) => void): Promise<StagedExport[]> {
  const zone = loadSettings().calendar.timezone;
  const known = await knownHashes(connection);
  const stagedList: StagedExport[] = [];
  for (const [i, argument] of paths.entries()) {
    onProgress(`Чтение ${argument}…`);
    const files = collectSources(argument);
    const earlierClients = stagedList.flatMap((s) => s.tables.filter((t) => t.table === "clients").map((t) => t.staged));
    const staged = await stageExport(connection, resolve(argument), files, { n: i, known, earlierClients, zone, clock });
    for (const file of staged.files) if (file.alreadyImportId === null) known.set(file.sha256, -1);
    stagedList.push(staged);
  }
  return stagedList;
}

export async function importExports(paths: readonly string[], options: ImportOptions): Promise<ImportSummary> {
  const clock = options.clock ?? new Date();
  const onProgress = options.onProgress ?? (() => {});
  const { instance, connection } = await openDatabase();
  const writer = await instance.connect();
  try {
    await connection.run(`SET threads = ${IMPORT_THREADS}`);
    await attachWarehouse(connection, options.dbPath, { readOnly: false, waitMs: options.waitMs });
    const backup = await ensureSchema(connection, options.dbPath);
    const stagedList = await stageAll(connection, paths, clock, onProgress);
    const order = [...stagedList.keys()].sort((a, b) => (stagedList[a]!.asOf?.getTime() ?? 0) - (stagedList[b]!.asOf?.getTime() ?? 0) || a - b);
    const outcomes: ImportOutcome[] = stagedList.map((s) => outcomeOf(s, null, []));
    if (stagedList.some((s) => s.tables.length > 0)) {
      await writer.run("SET TimeZone='UTC'");
      await writer.run("BEGIN TRANSACTION");
      try {
        let nextId = Number((await writer.runAndReadAll(`SELECT coalesce(max(import_id), 0) + 1 FROM ${WH}.imports`)).getRows()[0]![0]);
        for (const i of order) {
          const staged = stagedList[i]!;
          if (staged.tables.length === 0) continue;
          const tables = await mergeExport(writer, staged, nextId, clock, onProgress);
          outcomes[i] = outcomeOf(staged, nextId++, tables);
        }
        onProgress("  фиксация…");
        await writer.run("COMMIT");
      } catch (error) {
        await writer.run("ROLLBACK").catch(() => {});
        throw error;
      }
    }
    return { dbPath: options.dbPath, backup, imports: outcomes };
  } finally {
    writer.closeSync();
    connection.closeSync();
    instance.closeSync();
  }
}
