/**
 * The two-thread half of bench/simulator.ts: the real command `simulate --runs N --threads 1|2`
 * at 1,000 and 4,000 runs (12 months × 400 tickets), one and two threads alternating over several
 * rounds, medians: its simulation part («Расчёт: … мс»; target ≥ 1,7× at 1,000 runs) and the
 * whole command, with the command's serial part (node and its modules, the base scenario, the
 * summary, output and exit — what no thread count shortens) and the speed-up Amdahl's law leaves
 * the whole command at that share. Each command writes its timeline (`--timeline`): per thread,
 * busy, idle and queued-for-a-core time and processor time per run, which a shared machine's
 * load does not blur the way wall times are blurred, and each thread's processor time beyond the
 * rate of its later chunks (optimizing the engine, cold code). In every round the command also runs once per
 * thread count under `node --trace-gc`: the young-generation collections of each V8 isolate,
 * which count allocations whatever the load. Beside it, in the same rounds, the machine's own
 * two-thread speed-up on a pure-CPU loop and the processor-time ceiling of the split through
 * warmed pools. With `--timeline` the bench also prints each thread's line of the median
 * two-thread command and compares the split's variants on warmed pools, V8's default
 * (optimization on its helper threads) among them.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import type { CommandTimeline } from "../loaders/simulator/command-timeline.ts";
import { SimulationPool, type PoolOptions } from "../loaders/simulator/parallel.ts";
import { describeTimeline, unqueuedMs, type SimulationTimeline } from "../loaders/simulator/timeline.ts";
import type { Scenario, WorkingCalendar } from "../src/core/simulator/types.ts";

const CLI = fileURLToPath(new URL("../bin/support-analytics.js", import.meta.url));

export interface ThreadsBench {
  /** the scenario patch the command runs (a file on the settings' base) */
  patch: object;
  /** the same scenario in this process, for the warmed pools */
  model: () => { scenario: Scenario; calendar: WorkingCalendar };
  runs: number[];
  rounds: number;
  /** print every thread's timeline and the split's variants */
  diagnose: boolean;
}

const dec = (v: number): string => (Number.isFinite(v) ? v.toFixed(2).replace(".", ",") : "—");
const fmt = (n: number): string => Math.round(n).toLocaleString("ru-RU");
const pct = (v: number): string => `${Math.round(v * 100)} %`;
export const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const cpuSince = (c0: NodeJS.CpuUsage): number => {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};

interface CommandRun {
  wallMs: number;
  simulationMs: number;
  json: string;
  timeline: CommandTimeline;
}

/** The real command on `threads` threads: wall time, the simulation part it reports, its JSON and its timeline. */
function command(dir: string, file: string, runs: number, threads: number): CommandRun {
  const timelineFile = join(dir, `timeline-${runs}-${threads}.json`);
  const args = [CLI, "simulate", "--scenario", file, "--base", "settings", "--runs", String(runs), "--seed", "1", "--threads", String(threads), "--json", "--timeline", timelineFile];
  const t0 = performance.now();
  const run = spawnSync(process.execPath, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const wallMs = performance.now() - t0;
  const reported = /Расчёт: (\d+) мс/.exec(run.stderr);
  if (run.status !== 0 || !reported) throw new Error(`simulate --runs ${runs} --threads ${threads}: код ${run.status}\n${run.stderr}`);
  return { wallMs, simulationMs: Number(reported[1]), json: run.stdout, timeline: JSON.parse(readFileSync(timelineFile, "utf8")) as CommandTimeline };
}

/**
 * Young-generation collections of each V8 isolate of the real command (`node --trace-gc`), most
 * first: the process's main thread, tsx's module loader and, with 2 threads, the two simulation
 * threads. They count what the code allocates, whatever the machine's load: a thread whose
 * code boxes a number per ticket collects several times as often as the others.
 */
function youngCollections(dir: string, file: string, runs: number, threads: number): number[] {
  const args = ["--trace-gc", CLI, "simulate", "--scenario", file, "--base", "settings", "--runs", String(runs), "--seed", "1", "--threads", String(threads), "--json"];
  const run = spawnSync(process.execPath, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  if (run.status !== 0) throw new Error(`simulate --trace-gc --threads ${threads}: код ${run.status}\n${run.stderr}`);
  const byIsolate = new Map<string, number>();
  for (const m of run.stdout.matchAll(/^\[\d+:(0x[0-9a-f]+)\]\s+[\d.]+ ms: Scavenge/gm)) byIsolate.set(m[1]!, (byIsolate.get(m[1]!) ?? 0) + 1);
  return [...byIsolate.values()].sort((a, b) => b - a);
}

/** Wall time of a pure-CPU loop on `threads` worker threads, each doing the same work. */
function spin(threads: number): Promise<number> {
  const script = `let x = 0; for (let i = 0; i < 1.5e8; i++) x += i % 7; require("node:worker_threads").parentPort.postMessage(x);`;
  const t0 = performance.now();
  const done = Array.from({ length: threads }, () => new Promise((resolve) => new Worker(script, { eval: true }).once("message", resolve)));
  return Promise.all(done).then(() => performance.now() - t0);
}

/** 2 × processor time of one thread / processor time of two, through warmed pools: the speed-up two free cores would give. */
async function splitCost(pools: [SimulationPool, SimulationPool], model: ThreadsBench["model"], runs: number): Promise<number> {
  const { scenario, calendar } = model();
  const cpu: number[] = [];
  for (const pool of pools) {
    const c0 = process.cpuUsage();
    await pool.simulate(scenario, calendar, { runs, seed: 1 });
    cpu.push(cpuSince(c0));
  }
  return (2 * cpu[0]!) / cpu[1]!;
}

/** Serial part of a command: everything but its simulation, ms (wall from spawn to exit). */
function serialParts(run: CommandRun): { startMs: number; prepareMs: number; summaryMs: number; restMs: number; totalMs: number } {
  const p = run.timeline.phases;
  const startMs = p.command!;
  const prepareMs = p.baseReady! - p.command!;
  const summaryMs = p.summarized! - p.simulated!;
  const simulatedMs = p.simulated! - p.baseReady!;
  const restMs = run.wallMs - p.summarized!;
  return { startMs, prepareMs, summaryMs, restMs, totalMs: run.wallMs - simulatedMs };
}

/**
 * Processor time of each thread beyond the rate of its second half of chunks, ms: what its first
 * chunks cost over the steady state (optimizing the engine, cold code). Summed over many chunks,
 * since the kernel counts a thread's processor time in scheduler ticks (4 ms) between switches.
 */
function excessCpuMs(simulation: SimulationTimeline | undefined): number[] {
  return (simulation?.threads ?? []).map((t) => {
    const later = t.chunks.slice(t.chunks.length >> 1);
    const steady = later.reduce((a, c) => a + c.cpuMs, 0) / later.reduce((a, c) => a + c.runs, 0);
    return t.cpuMs - steady * t.runs;
  });
}

/** Processor time per run of each thread of a command (its timeline), ms. */
function cpuPerRun(simulation: SimulationTimeline | undefined): string {
  if (!simulation) return "—";
  return simulation.threads.map((t) => (t.runs > 0 ? (t.cpuMs / t.runs).toFixed(3).replace(".", ",") : "—")).join(" + ");
}

interface Series {
  whole: [number[], number[]];
  part: [number[], number[]];
  runs: [CommandRun[], CommandRun[]];
}

function printSeries(runs: number, s: Series): void {
  const speedup = (ms: [number[], number[]]): number => median(ms[0]) / median(ms[1]);
  console.log(`  ${fmt(runs)} прогонов:`);
  console.log(`    расчёт («Расчёт: … мс»), мс: 1 поток ${s.part[0].map(fmt).join(" / ")} | 2 потока ${s.part[1].map(fmt).join(" / ")}; медианы ${fmt(median(s.part[0]))} | ${fmt(median(s.part[1]))} → ${dec(speedup(s.part))}×`);
  console.log(`    команда целиком, мс: 1 поток ${s.whole[0].map(fmt).join(" / ")} | 2 потока ${s.whole[1].map(fmt).join(" / ")}; медианы ${fmt(median(s.whole[0]))} | ${fmt(median(s.whole[1]))} → ${dec(speedup(s.whole))}×`);
  const serial = s.runs[0].map(serialParts);
  const m = (f: (x: ReturnType<typeof serialParts>) => number): number => median(serial.map(f));
  const share = m((x) => x.totalMs) / median(s.whole[0]);
  console.log(
    `    последовательная часть команды на 1 потоке (медианы): запуск node и модулей ${fmt(m((x) => x.startMs))} мс, сценарий и календарь ${fmt(m((x) => x.prepareMs))}, сводка ${fmt(m((x) => x.summaryMs))}, вывод и выход ${fmt(m((x) => x.restMs))} = ${fmt(m((x) => x.totalMs))} мс, ${pct(share)} команды → ` +
      `предел команды на 2 потоках по закону Амдала: ${dec(1 / (share + (1 - share) / 2))}×`,
  );
  const unqueued = s.runs.map((list) => median(list.map((run) => (run.timeline.simulation ? unqueuedMs(run.timeline.simulation) : Number.NaN))));
  console.log(
    `    расчёт без ожидания ядра — оценка для свободной машины по хронологии (простой до первого куска + ЦП + простой между кусками, сумма по потокам / число потоков), медианы: ` +
      `1 поток ${fmt(unqueued[0]!)} | 2 потока ${fmt(unqueued[1]!)} мс → ${dec(unqueued[0]! / unqueued[1]!)}×`,
  );
  const last = s.runs[1].at(-1)!.timeline.simulation;
  const idle = last ? last.threads.map((t) => fmt(t.idleBeforeMs + t.idleBetweenMs + t.idleAfterMs)).join(" + ") : "—";
  const queued = last ? last.threads.map((t) => fmt(t.waitMs)).join(" + ") : "—";
  console.log(
    `    ЦП на прогон, мс: 1 поток ${cpuPerRun(s.runs[0].at(-1)!.timeline.simulation)} | 2 потока ${cpuPerRun(last)} (по потокам); ` +
      `последний раунд на 2 потоках: простой ${idle} мс, в очереди к ядру (машину заняли другие) ${queued} мс`,
  );
  console.log(
    `    ЦП сверх темпа второй половины кусков (оптимизация кода, холодный код): 1 поток, медиана ${fmt(median(s.runs[0].map((r) => excessCpuMs(r.timeline.simulation)[0] ?? Number.NaN)))} мс | ` +
      `2 потока, по раундам: ${s.runs[1].map((r) => excessCpuMs(r.timeline.simulation).map(fmt).join(" + ")).join(" / ")} мс`,
  );
}

/** The median two-thread command's timeline, thread by thread. */
function printTimelines(runs: number, s: Series): void {
  const byPart = [...s.runs[1]].sort((a, b) => a.simulationMs - b.simulationMs);
  const mid = byPart[byPart.length >> 1]!;
  const p = mid.timeline.phases;
  console.log(`  хронология медианной команды на 2 потоках, ${fmt(runs)} прогонов (мс от старта процесса): node готов ${fmt(mid.timeline.nodeReadyMs)}, команда ${fmt(p.command!)}, потоки запущены ${fmt(p.threadsStarted!)}, сценарий готов ${fmt(p.baseReady!)}, расчёт ${fmt(p.simulated!)}, сводка ${fmt(p.summarized!)}, вывод ${fmt(p.written!)}, выход ${fmt(mid.wallMs)}`);
  if (mid.timeline.simulation) for (const line of describeTimeline(mid.timeline.simulation)) console.log(`    ${line}`);
}

/** The split's variants on warmed pools, alternating: wall time of the simulation, medians. */
async function variants(bench: ThreadsBench, concurrent: SimulationPool): Promise<void> {
  const { scenario, calendar } = bench.model();
  const runs = bench.runs[0]!;
  const cases: Array<{ name: string; options: PoolOptions; threads: number }> = [
    { name: "1 поток (вызывающий)", options: {}, threads: 1 },
    { name: "2 потока считают, вызывающий ждёт (как в команде), куски по 8 прогонов", options: { chunkRuns: 8 }, threads: 2 },
    { name: "то же, куски по 2", options: { chunkRuns: 2 }, threads: 2 },
    { name: "то же, куски по 32", options: { chunkRuns: 32 }, threads: 2 },
    { name: "вызывающий считает сам и 1 другой поток", options: { callerComputes: true }, threads: 2 },
    { name: "2 потока, код оптимизируют вспомогательные потоки V8 (по умолчанию в V8)", options: { optimizeConcurrently: true }, threads: 2 },
  ];
  const pools = cases.map((c, i) => (i === cases.length - 1 ? concurrent : new SimulationPool(c.threads, c.options)));
  const wall = cases.map((): number[] => []);
  try {
    for (const pool of pools) await pool.simulate(scenario, calendar, { runs, seed: 9 }); // started and warmed
    for (let round = 0; round < bench.rounds; round++) {
      for (const [i, pool] of pools.entries()) {
        const t0 = performance.now();
        await pool.simulate(scenario, calendar, { runs, seed: 1 });
        wall[i]!.push(performance.now() - t0);
      }
    }
  } finally {
    await Promise.all(pools.map((pool) => pool.close()));
  }
  console.log(`  варианты деления на прогретых потоках, ${fmt(runs)} прогонов, ${bench.rounds} раундов поочерёдно, медиана расчёта:`);
  cases.forEach((c, i) => console.log(`    ${c.name}: ${fmt(median(wall[i]!))} мс (${dec(median(wall[0]!) / median(wall[i]!))}×)`));
}

/** One and two threads alternating at each run count, the machine's speed-up beside them. */
export async function twoThreads(bench: ThreadsBench): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "sim-bench-"));
  const file = join(dir, "bench-400.json");
  writeFileSync(file, JSON.stringify(bench.patch));
  const series = bench.runs.map((): Series => ({ whole: [[], []], part: [[], []], runs: [[], []] }));
  const machine: number[] = [];
  const ceiling: number[] = [];
  const loads: number[] = [];
  let identical = true;
  const gcRuns = Math.max(...bench.runs);
  const collections: [number[][], number[][]] = [[], []];
  // spawned before any pool sets the threads' flags: V8's default, optimization on its helper threads
  const concurrent = bench.diagnose ? new SimulationPool(2, { optimizeConcurrently: true }) : null;
  await concurrent?.start();
  const pools: [SimulationPool, SimulationPool] = [new SimulationPool(1), new SimulationPool(2)];
  await splitCost(pools, bench.model, bench.runs[0]!); // threads started and warmed up
  try {
    for (let round = 0; round < bench.rounds; round++) {
      loads.push(loadavg()[0]!);
      bench.runs.forEach((runs, i) => {
        const s = series[i]!;
        const pair = [command(dir, file, runs, 1), command(dir, file, runs, 2)] as const;
        identical &&= pair[0].json === pair[1].json;
        pair.forEach((run, t) => {
          s.whole[t]!.push(run.wallMs);
          s.part[t]!.push(run.simulationMs);
          s.runs[t]!.push(run);
        });
      });
      [1, 2].forEach((threads, t) => collections[t]!.push(youngCollections(dir, file, gcRuns, threads)));
      machine.push((2 * (await spin(1))) / (await spin(2)));
      ceiling.push(await splitCost(pools, bench.model, bench.runs[0]!));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await Promise.all(pools.map((pool) => pool.close()));
    if (!bench.diagnose) await concurrent?.close();
  }
  console.log(`simulate --runs ${bench.runs.map(fmt).join(" и ")} (12 месяцев × 400 обращений), ${bench.rounds} раундов поочерёдно 1 и 2 потока, медианы; загрузка машины (load average): ${loads.map(dec).join(" / ")}`);
  bench.runs.forEach((runs, i) => printSeries(runs, series[i]!));
  console.log(`  JSON при 1 и 2 потоках совпадает байт в байт: ${identical ? "да" : "НЕТ"}`);
  const gcList = (rounds: number[][]): string => rounds.map((counts) => counts.join(" · ")).join(" / ");
  console.log(
    `  сборки молодого поколения (node --trace-gc, ${fmt(gcRuns)} прогонов) по изолятам V8, больше всего первым, по раундам — не зависят от загрузки машины: ` +
      `1 поток ${gcList(collections[0])} | 2 потока ${gcList(collections[1])} (при 1 потоке считает главный поток; при 2 — два потока расчёта, их числа должны быть близки)`,
  );
  console.log(`  ускорение машины на 2 потоках (чистый цикл, те же раунды): ${machine.map(dec).join(" / ")}; медиана ${dec(median(machine))}×`);
  console.log(`  потолок на двух свободных ядрах по процессорному времени (прогретые потоки, 2 × ЦП 1 потока / ЦП 2 потоков): ${ceiling.map(dec).join(" / ")}; медиана ${dec(median(ceiling))}×`);
  const target = series[0]!;
  console.log(`  рядом: расчёт ${fmt(bench.runs[0]!)} прогонов на 2 потоках быстрее в ${dec(median(target.part[0]) / median(target.part[1]))}× (цель ≥ 1,7×) | машина даёт ${dec(median(machine))}×`);
  if (bench.diagnose) {
    bench.runs.forEach((runs, i) => printTimelines(runs, series[i]!));
    await variants(bench, concurrent!);
  }
}
