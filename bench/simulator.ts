/**
 * Simulator speed: simulated tickets per second on one core (the full staffing engine) beside a
 * bare M/M/1 loop on the same generator measured in the same run (target: the full model at
 * ≥ 0,5 of the bare loop's tickets per second, on processor time), and two threads against one:
 * the real command `simulate --runs 1000 --threads 1|2` on 12 months × 400 tickets a month, the
 * whole command's wall time and its simulation part («Расчёт: … мс»), alternating over several
 * rounds, medians (target ≥ 1,7×). Beside it, in the same rounds, a pure-CPU loop on one and two
 * worker threads: the speed-up the machine offers at that moment (on a shared machine other
 * processes take their share; the load average is printed too). Run: `npx tsx bench/simulator.ts`.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { loadSettings } from "../loaders/settings.ts";
import { defaultScenario } from "../loaders/simulator/defaults.ts";
import { simulatorCalendar } from "../loaders/simulator/calendar.ts";
import { SimulationPool } from "../loaders/simulator/parallel.ts";
import { simulate } from "../src/core/simulator/engine.ts";
import { Rng } from "../src/core/simulator/prng.ts";
import { mergeScenario } from "../src/core/simulator/scenario.ts";
import type { Scenario, WorkingCalendar } from "../src/core/simulator/types.ts";

const RUNS = 1000;
/** alternating rounds of one and two threads */
const ROUNDS = 5;
const CLI = fileURLToPath(new URL("../bin/support-analytics.js", import.meta.url));

const dec = (v: number): string => v.toFixed(2).replace(".", ",");

/** Bare M/M/c FIFO loop (Kiefer–Wolfowitz: the earliest-free agent takes the next arrival). */
function bareMmc(tickets: number, arrivalsPerMinute: number, ahtMinutes: number, agents: number, seed: number): number {
  const rng = new Rng(seed);
  const freeAt = new Float64Array(agents);
  let t = 0;
  let waitSum = 0;
  for (let i = 0; i < tickets; i++) {
    t += rng.exponential() / arrivalsPerMinute;
    let s = 0;
    for (let k = 1; k < agents; k++) if (freeAt[k]! < freeAt[s]!) s = k;
    const start = freeAt[s]! > t ? freeAt[s]! : t;
    waitSum += start - t;
    freeAt[s] = start + rng.exponential() * ahtMinutes;
  }
  return waitSum / tickets;
}

function fmt(n: number): string {
  return Math.round(n).toLocaleString("ru-RU");
}

/** 400 active clients × 1 ticket a month, no growth: 400 tickets a month; mean effort ≈ 19 min (one support manager loaded ≈ 0.85) */
export const BENCH_PATCH = {
  name: "bench: 400 обращений в месяц",
  startMonth: "2027-01",
  horizonMonths: 12,
  clients: { initial: 400, growth: { mode: "projects" }, churnRatePerMonth: 0 },
  projects: { perMonth: 0 },
  tickets: { perClientMonth: 1 },
  effort: {
    distribution: "lognormal",
    byPriority: { emergency: { mu: Math.log(40) - 0.32, sigma: 0.8 }, standard: { mu: Math.log(20) - 0.32, sigma: 0.8 }, consultation: { mu: Math.log(12) - 0.32, sigma: 0.8 } },
  },
} as const;

/** The bench scenario and the production calendar of `calendarMonths` months from its start. */
export function benchModel(calendarMonths = 13): { scenario: Scenario; calendar: WorkingCalendar } {
  const settings = loadSettings();
  const scenario = mergeScenario(defaultScenario(settings, BENCH_PATCH.startMonth), BENCH_PATCH);
  return { scenario, calendar: simulatorCalendar(BENCH_PATCH.startMonth, calendarMonths, settings.calendar, undefined, settings.workload.hours_per_week ?? 40).calendar };
}

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};
const cpuSince = (c0: NodeJS.CpuUsage): number => {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};

/** The full model on one thread (3 repetitions) beside the bare loop, processor time. */
function modelVsBare(): void {
  const { scenario, calendar } = benchModel();
  simulate(scenario, calendar, { runs: 100, seed: 99 }); // warm-up (JIT)
  const cpuTimes: number[] = [];
  let tickets = 0;
  for (let rep = 0; rep < 3; rep++) {
    const c0 = process.cpuUsage();
    tickets = simulate(scenario, calendar, { runs: RUNS, seed: 1 }).simulatedTickets;
    cpuTimes.push(cpuSince(c0));
  }
  // the same model with absences and cover turned off, in the same run (their cost)
  const present = mergeScenario(scenario, { absences: { enabled: false } });
  simulate(present, calendar, { runs: 100, seed: 99 });
  const presentCpu: number[] = [];
  for (let rep = 0; rep < 3; rep++) {
    const c0 = process.cpuUsage();
    simulate(present, calendar, { runs: RUNS, seed: 1 });
    presentCpu.push(cpuSince(c0));
  }
  const bareTickets = 5_000_000;
  bareMmc(200_000, 0.05, 18, 1, 1); // warm-up
  const bareCpu: number[] = [];
  for (let rep = 0; rep < 3; rep++) {
    const c0 = process.cpuUsage();
    bareMmc(bareTickets, 0.05, 18, 1, 2 + rep);
    bareCpu.push(cpuSince(c0));
  }
  const modelRate = tickets / Math.min(...cpuTimes);
  const bareRate = bareTickets / Math.min(...bareCpu);
  console.log(`Симулятор: ${fmt(RUNS)} прогонов × 12 месяцев × ~400 обращений (${fmt(tickets)} обращений), один поток`);
  console.log(`  процессорное время, мс (3 повтора): ${cpuTimes.map(fmt).join(" / ")} (цель < 1 000 мс)`);
  console.log(`  без отсутствий (absences.enabled = false): ${presentCpu.map(fmt).join(" / ")} мс; с отсутствиями / без: ${dec(Math.min(...cpuTimes) / Math.min(...presentCpu))}`);
  console.log(`  полная модель: ${fmt(modelRate * 1000)} обращений/с процессорного времени`);
  console.log(`  голый цикл M/M/1 (FIFO, без календаря и статистики), тот же генератор: ${fmt(bareRate * 1000)} обращений/с (${bareCpu.map(fmt).join(" / ")} мс на ${fmt(bareTickets)})`);
  console.log(`  полная модель / голый цикл: ${dec(modelRate / bareRate)} (цель ≥ 0,5)`);
}

/** Wall time of a pure-CPU loop on `threads` worker threads, each doing the same work. */
function spin(threads: number): Promise<number> {
  const script = `let x = 0; for (let i = 0; i < 1.5e8; i++) x += i % 7; require("node:worker_threads").parentPort.postMessage(x);`;
  const t0 = performance.now();
  const done = Array.from({ length: threads }, () => new Promise((resolve) => new Worker(script, { eval: true }).once("message", resolve)));
  return Promise.all(done).then(() => performance.now() - t0);
}

/** The real command on `threads` threads: its wall time, the simulation part it reports and its JSON. */
function command(file: string, threads: number): { wallMs: number; simulationMs: number; json: string } {
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [CLI, "simulate", "--scenario", file, "--base", "settings", "--runs", String(RUNS), "--seed", "1", "--threads", String(threads), "--json"], {
    encoding: "utf8",
  });
  const wallMs = performance.now() - t0;
  const reported = /Расчёт: (\d+) мс/.exec(run.stderr);
  if (run.status !== 0 || !reported) throw new Error(`simulate --threads ${threads}: код ${run.status}\n${run.stderr}`);
  return { wallMs, simulationMs: Number(reported[1]), json: run.stdout };
}

/**
 * Processor time of all threads for one simulation through warmed pools of one and two threads:
 * 2 × the first / the second is the speed-up two free cores would give (what the split costs).
 */
async function splitCost(pools: [SimulationPool, SimulationPool]): Promise<number> {
  const { scenario, calendar } = benchModel();
  const cpu: number[] = [];
  for (const pool of pools) {
    const c0 = process.cpuUsage();
    await pool.simulate(scenario, calendar, { runs: RUNS, seed: 1 });
    cpu.push(cpuSince(c0));
  }
  return (2 * cpu[0]!) / cpu[1]!;
}

/** One and two threads alternating: the command, its simulation part and the machine's pure-CPU speed-up. */
async function twoThreads(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "sim-bench-"));
  const file = join(dir, "bench-400.json");
  writeFileSync(file, JSON.stringify(BENCH_PATCH));
  const whole: [number[], number[]] = [[], []];
  const part: [number[], number[]] = [[], []];
  const machine: number[] = [];
  const ceiling: number[] = [];
  const loads: number[] = [];
  let identical = true;
  const pools: [SimulationPool, SimulationPool] = [new SimulationPool(1), new SimulationPool(2)];
  await splitCost(pools); // threads started and warmed up
  try {
    for (let round = 0; round < ROUNDS; round++) {
      loads.push(loadavg()[0]!);
      const one = command(file, 1);
      const two = command(file, 2);
      identical &&= one.json === two.json;
      whole[0].push(one.wallMs);
      whole[1].push(two.wallMs);
      part[0].push(one.simulationMs);
      part[1].push(two.simulationMs);
      machine.push((2 * (await spin(1))) / (await spin(2)));
      ceiling.push(await splitCost(pools));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await Promise.all(pools.map((pool) => pool.close()));
  }
  const speedup = (ms: [number[], number[]]): string => dec(median(ms[0]) / median(ms[1]));
  console.log(`simulate --runs ${fmt(RUNS)} (12 месяцев × 400 обращений), ${ROUNDS} раундов поочерёдно 1 и 2 потока; загрузка машины (load average): ${loads.map(dec).join(" / ")}`);
  console.log(`  команда целиком, мс: 1 поток ${whole[0].map(fmt).join(" / ")} | 2 потока ${whole[1].map(fmt).join(" / ")}; медианы ${fmt(median(whole[0]))} | ${fmt(median(whole[1]))}`);
  console.log(`  расчёт («Расчёт: … мс»), мс: 1 поток ${part[0].map(fmt).join(" / ")} | 2 потока ${part[1].map(fmt).join(" / ")}; медианы ${fmt(median(part[0]))} | ${fmt(median(part[1]))}`);
  console.log(`  JSON при 1 и 2 потоках совпадает байт в байт: ${identical ? "да" : "НЕТ"}`);
  console.log(`  ускорение машины на 2 потоках (чистый цикл, те же раунды): ${machine.map(dec).join(" / ")}; медиана ${dec(median(machine))}×`);
  console.log(`  потолок на двух свободных ядрах по процессорному времени (прогретые потоки, 2 × ЦП 1 потока / ЦП 2 потоков): ${ceiling.map(dec).join(" / ")}; медиана ${dec(median(ceiling))}×`);
  console.log(`  рядом: ускорение на 2 потоках — расчёт ${speedup(part)}×, команда целиком ${speedup(whole)}× (цель ≥ 1,7×) | машина даёт ${dec(median(machine))}×`);
}

export async function benchSimulator(): Promise<void> {
  modelVsBare();
  await twoThreads();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await benchSimulator();
