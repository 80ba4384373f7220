/**
 * The import log of a warehouse, as the page «Загрузки» shows it: every import with its files
 * (sha256, sheet), period, as-of, and per table what it read and changed.
 */
import { openDatabase } from "../db.ts";
import { WH, attachWarehouse } from "./store.ts";
import { DEFAULT_READ_WAIT_MS } from "./read.ts";

export interface ImportLogEntry {
  importId: number;
  source: string;
  finishedAt: string;
  asOf: string | null;
  periodFrom: string | null;
  periodTo: string | null;
  files: { path: string; sheet: string | null; table: string; sha256: string; sizeBytes: number }[];
  tables: { table: string; read: number; accepted: number; rejected: number; new: number; updated: number; unchanged: number; older: number }[];
}

const iso = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));

/** The log, newest import first. */
export async function readImportLog(dbPath: string): Promise<ImportLogEntry[]> {
  const { instance, connection } = await openDatabase();
  try {
    await attachWarehouse(connection, dbPath, { readOnly: true, waitMs: DEFAULT_READ_WAIT_MS });
    const rows = async (sql: string) => (await connection.runAndReadAll(sql)).getRows();
    const imports = await rows(
      `SELECT import_id, source, strftime(finished_at, '%Y-%m-%dT%H:%M:%SZ'), strftime(as_of, '%Y-%m-%dT%H:%M:%S.%gZ'),
              period_from::VARCHAR, period_to::VARCHAR FROM ${WH}.imports ORDER BY import_id DESC`,
    );
    const files = await rows(`SELECT import_id, path, sheet, table_name, sha256, size_bytes FROM ${WH}.import_files ORDER BY import_id, table_name`);
    const tables = await rows(
      `SELECT import_id, table_name, rows_read, rows_accepted, rows_rejected, rows_new, rows_updated, rows_unchanged, rows_older
       FROM ${WH}.import_tables ORDER BY import_id, table_name`,
    );
    return imports.map((r) => {
      const id = Number(r[0]);
      return {
        importId: id,
        source: String(r[1]),
        finishedAt: String(r[2]),
        asOf: iso(r[3]),
        periodFrom: iso(r[4]),
        periodTo: iso(r[5]),
        files: files
          .filter((f) => Number(f[0]) === id)
          .map((f) => ({ path: String(f[1]), sheet: iso(f[2]), table: String(f[3]), sha256: String(f[4]), sizeBytes: Number(f[5]) })),
        tables: tables
          .filter((t) => Number(t[0]) === id)
          .map((t) => ({
            table: String(t[1]),
            read: Number(t[2]),
            accepted: Number(t[3]),
            rejected: Number(t[4]),
            new: Number(t[5]),
            updated: Number(t[6]),
            unchanged: Number(t[7]),
            older: Number(t[8]),
          })),
      };
    });
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
