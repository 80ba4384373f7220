/**
 * Warehouse import at scale: the bench's generated export (1,000,000 tickets and the rest, see
 * bench/pipeline.ts) measured in one run, each phase in its own child process:
 *   (a) the floor: DuckDB's own «all columns into a table» from the same tickets.csv
 *       (CREATE TABLE AS SELECT * FROM read_csv), in memory and into a new database file, and (for
 *       context: DuckDB's own processor time without a second thread) in memory on one thread;
 *   (b) `import` of the whole export folder into an empty warehouse file (loader + merge + log,
 *       one transaction);
 *   (c) an incremental one-month import (BENCH_MONTH_TICKETS, default 30,000 tickets: half new,
 *       half already in the warehouse) into a copy of that warehouse;
 *   (d) the heavier, optional step: the site built from that warehouse ($SUPPORT_ANALYTICS_DB;
 *       clean cache; into a temporary folder, dist/ is left alone), with each data loader's time
 *       from the build's log; BENCH_WAREHOUSE_SITE=0 skips it.
 * Prints wall time, CPU time and peak memory (the child's maxRSS) and the ratios against the
 * targets (≤ 2.5× the floor by CPU time, < 1.5 GB, incremental < 3 s, site < 60 s), with the load
 * average beside them. Each round runs (a) and (b) one after the other, so the ratio compares
 * phases measured side by side; the medians over the rounds are printed. Figures only, nothing asserted.
 *
 * Run: `npm run bench -- warehouse` or `npx tsx bench/warehouse.ts`. Env: BENCH_TICKETS,
 * BENCH_DIR (as bench/pipeline.ts), BENCH_RUNS (rounds, default 3).
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

async function phaseCtas(csvDir: string, target: string, threads?: string): Promise<PhaseResult> {
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const phase = `${target === ":memory:" ? "ctas-memory" : "ctas-file"}${threads ? `-threads-${threads}` : ""}`;
  return measured(phase, async () => {
    const instance = await DuckDBInstance.create(target, threads ? { threads } : undefined);
    const connection = await instance.connect();
    await connection.run(`CREATE TABLE t AS SELECT * FROM read_csv('${join(csvDir, "tickets.csv").replaceAll("'", "''")}')`);
    if (target !== ":memory:") await connection.run("CHECKPOINT");
    connection.closeSync();
    instance.closeSync();
    return {};
  });
}

/** CPU time of the import's steps, split at its progress lines: reading and checking every file, writing into the warehouse. */
function stepClock(): { onProgress: (line: string) => void; steps: () => Record<string, number> } {
  const marks: { line: string; cpuMs: number }[] = [];
  return {
    onProgress: (line) => marks.push({ line: line.trim(), cpuMs: processCpuMs() }),
    steps: () => {
      const at = (prefix: string) => marks.find((m) => m.line.startsWith(prefix))?.cpuMs ?? Number.NaN;
      const start = marks[0]?.cpuMs ?? Number.NaN;
      return { read_cpu_ms: at("запись:") - start, write_cpu_ms: at("фиксация") - at("запись:") };
    },
  };
}

async function phaseImport(phase: string, source: string, db: string): Promise<PhaseResult> {
  const { importExports } = await import("../loaders/warehouse/import.ts");
  const clock = stepClock();
  const result = await measured(phase, async () => {
    const summary = await importExports([source], { dbPath: db, waitMs: 0, onProgress: clock.onProgress });
    const tickets = summary.imports[0]!.tables.find((t) => t.table === "tickets")!;
    return { tickets_new: tickets.new, tickets_updated: tickets.updated, tickets_unchanged: tickets.unchanged, tickets_read: tickets.read };
  });
  const { read_cpu_ms, write_cpu_ms } = clock.steps();
  // the rest: opening the warehouse before the first file, the log, the commit, closing
  return { ...result, detail: { ...result.detail, read_cpu_ms, write_cpu_ms, other_cpu_ms: result.cpuMs - read_cpu_ms - write_cpu_ms } };
}

async function child(args: string[]): Promise<PhaseResult> {
  const { stdout } = await run(process.execPath, ["--import", "tsx", SELF, "--phase", ...args], { maxBuffer: 64 * 1024 * 1024, env: { ...process.env, NODE_OPTIONS: "" } });
  return JSON.parse(stdout.trim().split("\n").at(-1)!) as PhaseResult;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};

/** The median of each figure over the rounds (a phase's detail: the last round's). */
function medianPhase(results: readonly PhaseResult[]): PhaseResult {
  return {
    phase: results[0]!.phase,
    wallMs: median(results.map((r) => r.wallMs)),
    cpuMs: median(results.map((r) => r.cpuMs)),
    peakRssBytes: median(results.map((r) => r.peakRssBytes)),
    detail: results.at(-1)!.detail,
  };
}

const loadText = () => loadavg().map((x) => x.toFixed(2)).join(" / ");

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
  const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
  const sample = await ensureSample(tickets);
  const work = mkdtempSync(join(tmpdir(), "support-analytics-bench-warehouse-"));
  try {
    const month = await monthExport(sample, join(work, "month"), monthTickets);
    const loadBefore = loadText();
    const base = join(work, "base.duckdb");
    const rounds: { memory: PhaseResult; memoryOne: PhaseResult; file: PhaseResult; empty: PhaseResult; incremental: PhaseResult }[] = [];
    for (let i = 0; i < runs; i++) {
      const memory = await child(["ctas", sample, ":memory:"]);
      const memoryOne = await child(["ctas", sample, ":memory:", "1"]);
      rmSync(join(work, "ctas.duckdb"), { force: true });
      const file = await child(["ctas", sample, join(work, "ctas.duckdb")]);
      rmSync(base, { force: true });
      const empty = await child(["import", "import-empty", sample, base]);
      copyFileSync(base, join(work, "inc.duckdb"));
      const incremental = await child(["import", "import-month", month, join(work, "inc.duckdb")]);
      rounds.push({ memory, memoryOne, file, empty, incremental });
    }
    const loadAfter = loadText();
    const memory = medianPhase(rounds.map((r) => r.memory));
    const memoryOne = medianPhase(rounds.map((r) => r.memoryOne));
    const file = medianPhase(rounds.map((r) => r.file));
    const empty = medianPhase(rounds.map((r) => r.empty));
    const incremental = medianPhase(rounds.map((r) => r.incremental));
    const cpuRatio = median(rounds.map((r) => r.empty.cpuMs / r.memory.cpuMs));
    const wallRatio = median(rounds.map((r) => r.empty.wallMs / r.memory.wallMs));
    const peak = Math.max(...rounds.flatMap((r) => [r.empty.peakRssBytes, r.incremental.peakRssBytes]));
    console.log(`Медианы ${runs} кругов (в каждом круге (a) и (b) подряд); ${cpus().length} ядра; средняя загрузка (1 / 5 / 15 мин) ${loadBefore} → ${loadAfter}`);
    console.log(`(a) DuckDB: все столбцы tickets.csv в таблицу в памяти ${formatSeconds(memory.wallMs)} (ЦП ${formatSeconds(memory.cpuMs)}); в новый файл ${formatSeconds(file.wallMs)} (ЦП ${formatSeconds(file.cpuMs)}); в памяти одним потоком ${formatSeconds(memoryOne.wallMs)} (ЦП ${formatSeconds(memoryOne.cpuMs)})`);
    console.log(
      `(b) import всей выгрузки (${Number(empty.detail.tickets_read).toLocaleString("ru-RU")} обращений и остальные таблицы) в пустое хранилище: ` +
        `${formatSeconds(empty.wallMs)} (ЦП ${formatSeconds(empty.cpuMs)}), пик памяти ${formatMegabytes(empty.peakRssBytes)}`,
    );
    console.log(
      `    отношение к таблице в памяти по ЦП ${times(cpuRatio)} (цель ≤ ${times(TARGET_RATIO)}) — ${cpuRatio <= TARGET_RATIO ? "в цели" : "НЕ в цели"}; ` +
        `по времени ${times(wallRatio)}; к таблице в файле по ЦП ${times(empty.cpuMs / file.cpuMs)}, по времени ${times(empty.wallMs / file.wallMs)}; ` +
        `к таблице в памяти одним потоком по ЦП ${times(median(rounds.map((r) => r.empty.cpuMs / r.memoryOne.cpuMs)))}`,
    );
    console.log(`    по кругам, ЦП: ${rounds.map((r) => times(r.empty.cpuMs / r.memory.cpuMs)).join(", ")}`);
    const step = (key: string) => formatSeconds(median(rounds.map((r) => Number(r.empty.detail[key]))));
    console.log(`    ЦП по шагам: чтение и проверка файлов ${step("read_cpu_ms")}, запись в хранилище ${step("write_cpu_ms")}, остальное (открытие, журнал, фиксация) ${step("other_cpu_ms")}`);
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
  const result = kind === "ctas" ? await phaseCtas(a!, b!, c) : await phaseImport(a!, b!, c!);
  process.stdout.write(JSON.stringify(result) + "\n");
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  await main();
}
