/**
 * Checksums of what reading an export yields, to show that a change to the reader keeps its
 * results identical: for each folder, the loader's typed tables and its rejects (file, line,
 * field, value, code, message) at a fixed clock, and with `--warehouse` the same folder imported
 * into an empty warehouse (its six tables and its import log of rejects and counts). Each line
 * printed is `<folder> <part> rows=<n> set=<order-free checksum> order=<checksum with row order>`
 * (or `<folder> error <message>` for a folder that cannot be read);
 * two runs of the same code print the same lines, so `diff` of the outputs before and after a
 * change is the check.
 *
 * Run: `npx tsx bench/import-checksum.ts [--warehouse] FOLDER...`; NOW (ISO instant, default
 * 2026-11-24T12:00:00Z) is the clock.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { DuckDBConnection } from "@duckdb/node-api";
import { openDatabase } from "../loaders/db.ts";
import { loadDataset } from "../loaders/ingest/load-dataset.ts";
import { TABLE_NAMES } from "../loaders/schema.ts";
import { sqlIdentifier } from "../loaders/ingest/sql.ts";
import { importExports } from "../loaders/warehouse/import.ts";

/** Row count, an order-free checksum of the rows and one that also depends on their order. */
async function tableChecksum(connection: DuckDBConnection, table: string, columns = "*"): Promise<string> {
  const rows = (
    await connection.runAndReadAll(
      `SELECT count(*), coalesce(sum(hash(r)::HUGEINT), 0), coalesce(sum(hash(r, n)::HUGEINT), 0)
       FROM (SELECT row_number() OVER () AS n, r FROM (SELECT ${columns} FROM ${table}) AS r)`,
    )
  ).getRows()[0]!;
  return `rows=${rows[0]} set=${rows[1]} order=${rows[2]}`;
}

async function loaderChecksums(folder: string, now: Date): Promise<string[]> {
  const { instance, connection } = await openDatabase();
  try {
    await loadDataset(connection, folder, { now, timezone: "Europe/Moscow" });
    const lines: string[] = [];
    for (const table of [...TABLE_NAMES, "rejects"]) lines.push(`${folder} ${table} ${await tableChecksum(connection, sqlIdentifier(table))}`);
    return lines;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function warehouseChecksums(folder: string, now: Date): Promise<string[]> {
  const work = mkdtempSync(join(tmpdir(), "support-analytics-checksum-"));
  const db = join(work, "warehouse.duckdb");
  try {
    await importExports([folder], { dbPath: db, waitMs: 0, clock: now });
    const { instance, connection } = await openDatabase();
    try {
      await connection.run(`ATTACH '${db.replaceAll("'", "''")}' AS w (READ_ONLY)`);
      const lines: string[] = [];
      for (const table of TABLE_NAMES) lines.push(`${folder} warehouse.${table} ${await tableChecksum(connection, `w.${sqlIdentifier(table)}`)}`);
      lines.push(`${folder} warehouse.import_rejects ${await tableChecksum(connection, "w.import_rejects")}`);
      const counts = "table_name, rows_read, rows_accepted, rows_rejected, rows_new, rows_updated, rows_unchanged, rows_older";
      lines.push(`${folder} warehouse.import_tables ${await tableChecksum(connection, "w.import_tables", counts)}`);
      return lines;
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const warehouse = args.includes("--warehouse");
  const now = new Date(process.env.NOW ?? "2026-11-24T12:00:00Z");
  for (const folder of args.filter((a) => a !== "--warehouse").map((a) => resolve(a))) {
    try {
      for (const line of await loaderChecksums(folder, now)) console.log(line);
      if (warehouse) for (const line of await warehouseChecksums(folder, now)) console.log(line);
    } catch (error) {
      console.log(`${folder} error ${String((error as Error).message).split("\n")[0]}`);
    }
  }
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  await main();
}
