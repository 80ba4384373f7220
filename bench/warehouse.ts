/**
 * Warehouse import at scale: the bench's generated export (1,000,000 tickets and the rest, see
 * bench/pipeline.ts) measured in one run, each phase in its own child process:
 *   (a) the floor: DuckDB's own «all columns into a table» from the same tickets.csv
 *       (CREATE TABLE AS SELECT * FROM read_csv), in memory and into a new database file;
 *   (b) `import` of the whole export folder into an empty warehouse file (loader + merge + log,
 *       one transaction);
 *   (c) an incremental one-month import (BENCH_MONTH_TICKETS, default 30,000 tickets: half new,
 *       half already in the warehouse) into a copy of that warehouse;
 *   (d) the heavier, optional step: the site built from that warehouse ($SUPPORT_ANALYTICS_DB;
 *       clean cache; into a temporary folder, dist/ is left alone), with each data loader's time
 *       from the build's log; BENCH_WAREHOUSE_SITE=0 skips it.
 * Prints wall time, CPU time and peak memory (the child's maxRSS) and the ratios against the
 * targets (≤ 2.5× the floor, < 1.5 GB, incremental < 3 s, site < 60 s). Figures only, nothing asserted.
 *
 * Run: `npm run bench -- warehouse` or `npx tsx bench/warehouse.ts`. Env: BENCH_TICKETS,
 * BENCH_DIR (as bench/pipeline.ts), BENCH_RUNS (default 1 here; the fastest run is reported).
 */
import { execFile } from "node:child_process";
import { copyFileSync, createReadStream, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { ensureSample } from "./pipeline.ts";
import { loaderFigures } from "./site-build.ts";
import { formatMegabytes, formatSeconds, processCpuMs, type PhaseResult } from "./phase.ts";

const run = promisify(execFile);
const SELF = fileURLToPath(import.meta.url);
const TARGET_RATIO = 2.5;
const TARGET_PEAK_BYTES = 1.5 * 1024 ** 3;
const TARGET_INCREMENTAL_MS = 3000;
const TARGET_SITE_MS = 60_000;


const times = (n: number) => `${n.toLocaleString("ru-RU", { maximumFractionDigits: 2 })}×`;

async function measured(phase: string, body: () => Promise<Record<string, number | string>>): Promise<PhaseResult> {
  const cpu0 = processCpuMs();
  const started = performance.now();
  const detail = await body();
  return { phase, wallMs: performance.now() - started, cpuMs: processCpuMs() - cpu0, peakRssBytes: process.resourceUsage().maxRSS * 1024, detail };
}

async function phaseCtas(csvDir: string, target: string): Promise<PhaseResult> {
  const { DuckDBInstance } = await import("@duckdb/node-api");
  return measured(target === ":memory:" ? "ctas-memory" : "ctas-file", async () => {
    const instance = await DuckDBInstance.create(target);
    const connection = await instance.connect();
    await connection.run(`CREATE TABLE t AS SELECT * FROM read_csv('${join(csvDir, "tickets.csv").replaceAll("'", "''")}')`);
    if (target !== ":memory:") await connection.run("CHECKPOINT");
    connection.closeSync();
    instance.closeSync();
    return {};
  });
}

async function phaseImport(phase: string, source: string, db: string): Promise<PhaseResult> {
  const { importExports } = await import("../loaders/warehouse/import.ts");
  return measured(phase, async () => {
    const summary = await importExports([source], { dbPath: db, waitMs: 0 });
    const tickets = summary.imports[0]!.tables.find((t) => t.table === "tickets")!;
    return { tickets_new: tickets.new, tickets_updated: tickets.updated, tickets_unchanged: tickets.unchanged, tickets_read: tickets.read };
  });
}

async function child(args: string[]): Promise<PhaseResult> {
  const { stdout } = await run(process.execPath, ["--import", "tsx", SELF, "--phase", ...args], { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NODE_OPTIONS: "" } });
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as PhaseResult;
}

async function bestOf(runs: number, make: () => Promise<PhaseResult>): Promise<PhaseResult> {
  let best: PhaseResult | null = null;
  for (let i = 0; i < runs; i++) {
    const r = await make();
    if (best === null || r.wallMs < best.wallMs) best = r;
  }
  return best!;
}

/** A one-month tickets export: the last `count` rows of the bench's tickets, every second one under a new id. */
async function monthExport(sampleDir: string, dir: string, count: number): Promise<string> {
  mkdirSync(dir, { recursive: true });
  const tail: string[] = [];
  let header = "";
  const lines = createInterface({ input: createReadStream(join(sampleDir, "tickets.csv")), crlfDelay: Infinity });
  for await (const line of lines) {
    if (header === "") header = line;
    else {
      tail.push(line);
      if (tail.length > count) tail.shift();
    }
  }
  const rows = tail.map((line, i) => (i % 2 === 0 ? `NEW-${i}${line.slice(line.indexOf(","))}` : line));
  writeFileSync(join(dir, "tickets.csv"), [header, ...rows].join("\n") + "\n");
  return dir;
}

/** (d) the site built from the warehouse into `outDir`, clean cache (cleared again after: it holds the warehouse's data). */
async function benchSiteBuild(db: string, outDir: string): Promise<void> {
  const { buildSite, CACHE_DIR } = await import("../loaders/site/build.ts");
  try {
    const { elapsedMs, output } = await buildSite({ clean: true, env: { SUPPORT_ANALYTICS_DB: db }, outDir });
    console.log(`(d) сборка сайта из хранилища: ${formatSeconds(elapsedMs)} (цель < ${formatSeconds(TARGET_SITE_MS)}) — ${elapsedMs < TARGET_SITE_MS ? "в цели" : "НЕ в цели"}`);
    const { loaderMs, warmTaken } = loaderFigures(output);
    if (loaderMs !== null) {
      console.log(`    загрузчик данных (архив data/site): ${formatSeconds(loaderMs)} (${warmTaken ? "с ожиданием расчёта рядом со сборкой" : "расчёт в загрузчике"})`);
    }
  } catch (error) {
    console.log(`(d) сборка сайта из хранилища не удалась: ${String((error as Error).message).split("\n").slice(0, 3).join(" ")}`);
  } finally {
    rmSync(CACHE_DIR, { recursive: true, force: true });
  }
}

export async function benchWarehouse(): Promise<void> {
  const tickets = Number(process.env.BENCH_TICKETS ?? 1_000_000);
  const monthTickets = Number(process.env.BENCH_MONTH_TICKETS ?? 30_000);
  const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 1));
  const sample = await ensureSample(tickets);
  const work = mkdtempSync(join(tmpdir(), "support-analytics-bench-warehouse-"));
  try {
    const month = await monthExport(sample, join(work, "month"), monthTickets);
    const loadBefore = loadavg()[0]!;
    const memory = await bestOf(runs, () => child(["ctas", sample, ":memory:"]));
    const file = await bestOf(runs, () => {
      rmSync(join(work, "ctas.duckdb"), { force: true });
      return child(["ctas", sample, join(work, "ctas.duckdb")]);
    });
    const base = join(work, "base.duckdb");
    const empty = await bestOf(runs, () => {
      rmSync(base, { force: true });
      return child(["import", "import-empty", sample, base]);
    });
    const incremental = await bestOf(runs, () => {
      copyFileSync(base, join(work, "inc.duckdb"));
      return child(["import", "import-month", month, join(work, "inc.duckdb")]);
    });
    const loadAfter = loadavg()[0]!;
    const ratio = empty.wallMs / memory.wallMs;
    const peak = Math.max(empty.peakRssBytes, incremental.peakRssBytes);
    console.log(`Лучший из ${runs} прогонов; ${cpus().length} ядра, средняя загрузка ${loadBefore.toFixed(2)} → ${loadAfter.toFixed(2)}`);
    console.log(`(a) DuckDB: все столбцы tickets.csv в таблицу в памяти ${formatSeconds(memory.wallMs)} (ЦП ${formatSeconds(memory.cpuMs)}); в новый файл ${formatSeconds(file.wallMs)} (ЦП ${formatSeconds(file.cpuMs)})`);
    console.log(
      `(b) import всей выгрузки (${Number(empty.detail.tickets_read).toLocaleString("ru-RU")} обращений и остальные таблицы) в пустое хранилище: ` +
        `${formatSeconds(empty.wallMs)} (ЦП ${formatSeconds(empty.cpuMs)}), пик памяти ${formatMegabytes(empty.peakRssBytes)}`,
    );
    console.log(
      `    отношение к таблице в памяти ${times(ratio)} (цель ≤ ${times(TARGET_RATIO)}) — ${ratio <= TARGET_RATIO ? "в цели" : "НЕ в цели"}; ` +
        `к таблице в файле ${times(empty.wallMs / file.wallMs)}; по ЦП ${times(empty.cpuMs / memory.cpuMs)}`,
    );
    console.log(
      `(c) добавочная загрузка месяца (${monthTickets.toLocaleString("ru-RU")} обращений: новых ${Number(incremental.detail.tickets_new).toLocaleString("ru-RU")}, ` +
        `без изменений ${Number(incremental.detail.tickets_unchanged).toLocaleString("ru-RU")}): ${formatSeconds(incremental.wallMs)} (ЦП ${formatSeconds(incremental.cpuMs)}), ` +
        `пик ${formatMegabytes(incremental.peakRssBytes)} (цель < ${formatSeconds(TARGET_INCREMENTAL_MS)}) — ${incremental.wallMs < TARGET_INCREMENTAL_MS ? "в цели" : "НЕ в цели"}`,
    );
    console.log(`Пик памяти загрузок: ${formatMegabytes(peak)} (цель < ${formatMegabytes(TARGET_PEAK_BYTES)}) — ${peak < TARGET_PEAK_BYTES ? "в цели" : "НЕ в цели"}`);
    if (process.env.BENCH_WAREHOUSE_SITE !== "0") await benchSiteBuild(base, join(work, "site"));
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const i = process.argv.indexOf("--phase");
  if (i < 0) return benchWarehouse();
  const [kind, a, b, c] = process.argv.slice(i + 1);
  const result = kind === "ctas" ? await phaseCtas(a!, b!) : await phaseImport(a!, b!, c!);
  process.stdout.write(JSON.stringify(result) + "\n");
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  await main();
}
