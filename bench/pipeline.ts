/**
 * Pipeline scale: generate 1,000,000 tickets (with clients and the rest) with
 * the sample generator, then measure in the same run, each phase in its own child process:
 *   (a) DuckDB's bare scan: SELECT count(*) FROM read_csv('tickets.csv'); for context, the same
 *       scan converting every column (count(COLUMNS(*))) and every column stored in a table
 *       (CREATE TABLE AS SELECT *): the floor of any pipeline that keeps the tickets;
 *   (b) the whole pipeline: runPipeline (validated ingestion of every export) + ticket facts +
 *       computeAllMonths (every month's KPIs) + cohorts + plan check.
 * Prints wall time, CPU time and peak memory (the child's maxRSS from process.resourceUsage()) of each, the
 * ratio against the 3× target and the peak against 1.5 GB. Figures only, nothing asserted.
 *
 * Run: `npm run bench -- pipeline` or `npx tsx bench/pipeline.ts`. Options (env):
 *   BENCH_TICKETS (default 1000000), BENCH_DIR (default: $TMPDIR/support-analytics-bench-<N>;
 *   reused when its GENERATED.json matches), BENCH_REGENERATE=1 to force a new sample,
 *   BENCH_RUNS (default 3: each phase runs that many times, the fastest run is reported).
 */
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { formatMegabytes, formatSeconds, processCpuMs, type PhaseResult } from "./phase.ts";

const run = promisify(execFile);
const SELF = fileURLToPath(import.meta.url);
const TARGET_RATIO = 3;
const TARGET_PEAK_BYTES = 1.5 * 1024 ** 3;
const AS_OF = "2026-11-24";
const MONTHS = 24;



export async function ensureSample(tickets: number): Promise<string> {
  const dir = process.env.BENCH_DIR ?? join(tmpdir(), `support-analytics-bench-${tickets}`);
  const ticketsPerMonth = tickets / MONTHS;
  const manifestPath = join(dir, "GENERATED.json");
  if (process.env.BENCH_REGENERATE !== "1" && existsSync(manifestPath)) {
    const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { options?: { tickets_per_month?: number; clients?: number }; as_of?: string };
    if (manifest.options?.tickets_per_month === ticketsPerMonth && manifest.options?.clients === Math.max(217, Math.round(ticketsPerMonth / 20)) && manifest.as_of === AS_OF) {
      console.log(`Выборка уже есть: ${dir}`);
      return dir;
    }
  }
  const { generateSample } = await import("../loaders/generate/sample.ts");
  const started = performance.now();
  // clients scale with the volume (~20 tickets per client a month), payments with the clients
  const clients = Math.max(217, Math.round(ticketsPerMonth / 20));
  await generateSample({ outDir: dir, asOf: AS_OF, months: MONTHS, ticketsPerMonth, clients, invalid: false });
  console.log(`Сгенерировано за ${formatSeconds(performance.now() - started)}: ${dir}`);
  return dir;
}

/** Runs one phase in a child process and returns what it reports on its last stdout line. */
async function childPhase(phase: string, dir: string): Promise<PhaseResult> {
  const { stdout } = await run(process.execPath, ["--import", "tsx", SELF, "--phase", phase, dir], {
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NODE_OPTIONS: "" },
  });
  const last = stdout.trim().split("\n").at(-1)!;
  return JSON.parse(last) as PhaseResult;
}

/** The run with the least wall time of `runs` runs of a phase (other work on the machine only adds time). */
async function bestOf(runs: number, phase: string, dir: string): Promise<PhaseResult> {
  let best: PhaseResult | null = null;
  for (let i = 0; i < runs; i++) {
    const result = await childPhase(phase, dir);
    if (best === null || result.wallMs < best.wallMs) best = result;
  }
  return best!;
}

/** Time one DuckDB statement over tickets.csv in a fresh in-memory database. */
async function timeDuckdbOverCsv(
  dir: string,
  sqlFor: (quotedPath: string) => string,
): Promise<{ wallMs: number; cpuMs: number; peakRssBytes: number; rows: unknown[][] }> {
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const cpu0 = processCpuMs();
  const started = performance.now();
  const instance = await DuckDBInstance.create(":memory:");
  const connection = await instance.connect();
  const path = join(dir, "tickets.csv").replaceAll("'", "''");
  const reader = await connection.runAndReadAll(sqlFor(path));
  const rows = reader.getRows() as unknown[][];
  const wallMs = performance.now() - started;
  const cpu = processCpuMs() - cpu0;
  connection.closeSync();
  instance.closeSync();
  return { wallMs, cpuMs: cpu, peakRssBytes: process.resourceUsage().maxRSS * 1024, rows };
}

/** The baseline of the target: DuckDB's bare scan of the same CSV. */
async function phaseScan(dir: string): Promise<PhaseResult> {
  const { rows, ...timing } = await timeDuckdbOverCsv(dir, (path) => `SELECT count(*) FROM read_csv('${path}')`);
  return { phase: "scan", ...timing, detail: { rows: Number(rows[0]![0]) } };
}

/** For context: the scan that also converts every column (auto-detected types), nothing stored. */
async function phaseColumnScan(dir: string): Promise<PhaseResult> {
  const { rows: _rows, ...timing } = await timeDuckdbOverCsv(dir, (path) => `SELECT count(COLUMNS(*)) FROM read_csv('${path}')`);
  return { phase: "column-scan", ...timing, detail: {} };
}

/** For context: every column parsed and materialised (CREATE TABLE AS SELECT * FROM read_csv). */
async function phaseFullScan(dir: string): Promise<PhaseResult> {
  const { rows: _rows, ...timing } = await timeDuckdbOverCsv(dir, (path) => `CREATE TABLE t AS SELECT * FROM read_csv('${path}')`);
  return { phase: "full-scan", ...timing, detail: {} };
}

async function phasePipeline(dir: string): Promise<PhaseResult> {
  const { runPipeline } = await import("../loaders/pipeline.ts");
  const { createTicketFacts } = await import("../loaders/metrics/ticket-facts.ts");
  const { computeAllMonths, cohortRetentionAsOf } = await import("../loaders/metrics/month-kpis.ts");
  const { planCheck } = await import("../loaders/metrics/plan-check.ts");
  const now = new Date(`${AS_OF}T23:59:59+03:00`);
  const cpu0 = processCpuMs();
  const t0 = performance.now();
  const pipeline = await runPipeline(dir, { now });
  const t1 = performance.now();
  const facts = await createTicketFacts(pipeline.connection, pipeline.settings, now, "ticket_facts", pipeline.latestEventDay);
  const t2 = performance.now();
  const months = await computeAllMonths(pipeline.connection, pipeline.settings, { now, latestEventDay: pipeline.latestEventDay });
  const cohorts = await cohortRetentionAsOf(pipeline.connection, pipeline.settings, now, pipeline.latestEventDay);
  planCheck(pipeline.settings);
  const t3 = performance.now();
  const cpu = processCpuMs() - cpu0;
  pipeline.connection.closeSync();
  pipeline.instance.closeSync();
  return {
    phase: "pipeline",
    wallMs: t3 - t0,
    cpuMs: cpu,
    peakRssBytes: process.resourceUsage().maxRSS * 1024,
    detail: {
      tickets: facts.tickets,
      months: months.length,
      cohort_rows: cohorts.length,
      ingest_ms: Math.round(t1 - t0),
      facts_ms: Math.round(t2 - t1),
      kpis_ms: Math.round(t3 - t2),
    },
  };
}

export async function benchPipeline(): Promise<void> {
  const tickets = Number(process.env.BENCH_TICKETS ?? 1_000_000);
  const dir = await ensureSample(tickets);
  const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
  const loadBefore = loadavg()[0]!;
  const scan = await bestOf(runs, "scan", dir);
  const columnScan = await bestOf(runs, "column-scan", dir);
  const fullScan = await bestOf(runs, "full-scan", dir);
  const pipeline = await bestOf(runs, "pipeline", dir);
  const loadAfter = loadavg()[0]!;
  const ratio = pipeline.wallMs / scan.wallMs;
  const cpuRatio = pipeline.cpuMs / scan.cpuMs;
  const d = pipeline.detail;
  const counts = (JSON.parse(readFileSync(join(dir, "GENERATED.json"), "utf8")) as { counts?: Record<string, number> }).counts ?? {};
  console.log(`Выборка: ${Object.entries(counts).map(([k, v]) => `${k} ${v.toLocaleString("ru-RU")}`).join(", ")}`);
  console.log(`Обращений в tickets.csv: ${Number(scan.detail.rows).toLocaleString("ru-RU")}`);
  console.log(
    `Лучший из ${runs} прогонов каждого этапа; ${cpus().length} ядра, средняя загрузка машины ${loadBefore.toFixed(2)} → ${loadAfter.toFixed(2)}` +
      ` (чужая нагрузка растягивает время; процессорное время устойчивее)`,
  );
  console.log(`(a) голый скан DuckDB (count(*) FROM read_csv): ${formatSeconds(scan.wallMs)} (ЦП ${formatSeconds(scan.cpuMs)}), пик памяти ${formatMegabytes(scan.peakRssBytes)}`);
  console.log(
    `    для сравнения: скан с разбором всех столбцов (count(COLUMNS(*))): ${formatSeconds(columnScan.wallMs)} (ЦП ${formatSeconds(columnScan.cpuMs)}) — ` +
      `${(columnScan.wallMs / scan.wallMs).toLocaleString("ru-RU", { maximumFractionDigits: 2 })}× скана; конвейер — ` +
      `${(pipeline.wallMs / columnScan.wallMs).toLocaleString("ru-RU", { maximumFractionDigits: 2 })}× такого скана`,
  );
  console.log(
    `    для сравнения: все столбцы в таблицу (CREATE TABLE AS SELECT * FROM read_csv): ${formatSeconds(fullScan.wallMs)} (ЦП ${formatSeconds(fullScan.cpuMs)}), ` +
      `пик ${formatMegabytes(fullScan.peakRssBytes)} — ${(fullScan.wallMs / scan.wallMs).toLocaleString("ru-RU", { maximumFractionDigits: 2 })}× скана`,
  );
  console.log(
    `(b) весь конвейер: ${formatSeconds(pipeline.wallMs)}, ЦП ${formatSeconds(pipeline.cpuMs)} (загрузка с проверкой ${formatSeconds(Number(d.ingest_ms))}, ` +
      `факты по обращениям ${formatSeconds(Number(d.facts_ms))}, KPI ${d.months} мес. + когорты ${formatSeconds(Number(d.kpis_ms))}), пик памяти ${formatMegabytes(pipeline.peakRssBytes)}`,
  );
  console.log(
    `Отношение конвейер / скан: ${ratio.toLocaleString("ru-RU", { maximumFractionDigits: 2 })}× (цель ≤ ${TARGET_RATIO}×) — ${ratio <= TARGET_RATIO ? "в цели" : "НЕ в цели"}` +
      `; по процессорному времени ${cpuRatio.toLocaleString("ru-RU", { maximumFractionDigits: 2 })}×`,
  );
  console.log(
    `Пик памяти конвейера: ${formatMegabytes(pipeline.peakRssBytes)} (цель < ${formatMegabytes(TARGET_PEAK_BYTES)}) — ${pipeline.peakRssBytes < TARGET_PEAK_BYTES ? "в цели" : "НЕ в цели"}`,
  );
}

async function main(): Promise<void> {
  const i = process.argv.indexOf("--phase");
  if (i >= 0) {
    const phase = process.argv[i + 1];
    const dir = process.argv[i + 2]!;
    const phases: Record<string, (dir: string) => Promise<PhaseResult>> = {
      scan: phaseScan,
      "column-scan": phaseColumnScan,
      "full-scan": phaseFullScan,
      pipeline: phasePipeline,
    };
    const result = await (phases[phase ?? ""] ?? phasePipeline)(dir);
    process.stdout.write(JSON.stringify(result) + "\n");
    return;
  }
  await benchPipeline();
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  await main();
}
