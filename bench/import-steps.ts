/**
 * The processor time of one `import` into an empty warehouse, split by step: each DuckDB
 * statement that takes at least MIN_MS of CPU, and the JavaScript work between two statements
 * (the reader's pass over a file, sha256, the UTF-8 check) as «js». Figures only, nothing asserted;
 * for finding where an import's time goes (bench/warehouse.ts prints the totals side by side).
 *
 * Run: `npx tsx bench/import-steps.ts [FOLDER]` (default: the bench's 1 M export, see
 * bench/pipeline.ts); MIN_MS (default 20).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBConnection } from "@duckdb/node-api";
import { importExports } from "../loaders/warehouse/import.ts";
import { ensureSample } from "./pipeline.ts";
import { processCpuMs } from "./phase.ts";

const MIN_MS = Number(process.env.MIN_MS ?? 20);

type Run = (this: DuckDBConnection, sql: string, ...rest: unknown[]) => Promise<unknown>;

/** Wraps the connections' statement methods to print each statement's CPU time and the JavaScript time before it. */
function timeStatements(print: (line: string) => void): void {
  let last = processCpuMs();
  const prototype = DuckDBConnection.prototype as unknown as Record<"run" | "runAndReadAll", Run>;
  for (const method of ["run", "runAndReadAll"] as const) {
    const original = prototype[method];
    prototype[method] = async function (this: DuckDBConnection, sql: string, ...rest: unknown[]) {
      const started = processCpuMs();
      if (started - last >= MIN_MS) print(`${Math.round(started - last).toString().padStart(6)} мс  js`);
      const result = await original.call(this, sql, ...rest);
      last = processCpuMs();
      if (last - started >= MIN_MS) print(`${Math.round(last - started).toString().padStart(6)} мс  ${sql.replace(/\s+/g, " ").slice(0, 100)}`);
      return result;
    };
  }
}

async function main(): Promise<void> {
  const folder = process.argv[2] ?? (await ensureSample(Number(process.env.BENCH_TICKETS ?? 1_000_000)));
  const work = mkdtempSync(join(tmpdir(), "support-analytics-import-steps-"));
  try {
    timeStatements((line) => console.log(line));
    const started = processCpuMs();
    await importExports([folder], { dbPath: join(work, "warehouse.duckdb"), waitMs: 0 });
    console.log(`${Math.round(processCpuMs() - started).toString().padStart(6)} мс  всего (ЦП импорта)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

await main();
