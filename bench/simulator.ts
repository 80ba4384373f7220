/**
 * Simulator speed: simulated tickets per second on one core (the full staffing engine) beside a
 * bare M/M/1 loop on the same generator measured in the same run (target: the full model at
 * ≥ 0,5 of the bare loop's tickets per second, on processor time), and two threads against one
 * (bench/simulator-threads.ts): the real command `simulate --runs 1000|4000 --threads 1|2` on
 * 12 months × 400 tickets a month, its simulation part («Расчёт: … мс», target ≥ 1,7× at 1,000
 * runs) and the whole command with its serial share, beside the machine's own two-thread
 * speed-up in the same rounds. Run: `npx tsx bench/simulator.ts` (`--timeline`: also each
 * thread's timeline and the split's variants).
 */
import { pathToFileURL } from "node:url";
import { loadSettings } from "../loaders/settings.ts";
import { defaultScenario } from "../loaders/simulator/defaults.ts";
import { simulatorCalendar } from "../loaders/simulator/calendar.ts";
import { simulate } from "../src/core/simulator/engine.ts";
import { Rng } from "../src/core/simulator/prng.ts";
import { mergeScenario } from "../src/core/simulator/scenario.ts";
import type { Scenario, WorkingCalendar } from "../src/core/simulator/types.ts";
import { twoThreads } from "./simulator-threads.ts";

const RUNS = 1000;
/** alternating rounds of one and two threads */
const ROUNDS = 5;

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

/** `--timeline`: also each thread's timeline of the median two-thread command and the split's variants. */
export async function benchSimulator(diagnose = process.argv.includes("--timeline")): Promise<void> {
  modelVsBare();
  await twoThreads({ patch: BENCH_PATCH, model: benchModel, runs: [RUNS, 4 * RUNS], rounds: ROUNDS, diagnose });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await benchSimulator();
