/**
 * Simulator speed: simulated tickets per second on one core (the full staffing engine) beside a
 * bare M/M/c loop measured in the same run, and the wall time of 1,000 runs × 12 months at
 * 400 tickets a month (target: under 1 s in Node on a 2-core machine) — on one thread, and split
 * over two worker threads (runs are independent and seeded by their index, so the split gives
 * identical numbers). Run: `npx tsx bench/simulator.ts`.
 */
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import { Worker, isMainThread, parentPort, workerData } from "node:worker_threads";
import { loadSettings } from "../loaders/settings.ts";
import { defaultScenario } from "../loaders/simulator/defaults.ts";
import { simulatorCalendar } from "../loaders/simulator/calendar.ts";
import { simulate } from "../src/components/simulator/engine.ts";
import { Rng } from "../src/components/simulator/prng.ts";
import { mergeScenario } from "../src/components/simulator/scenario.ts";
import type { Scenario, WorkingCalendar } from "../src/components/simulator/types.ts";

const RUNS = 1000;

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

function benchModel(): { scenario: Scenario; calendar: WorkingCalendar } {
  const settings = loadSettings();
  const startMonth = "2027-01";
  // 400 active clients × 1 ticket a month, no growth: 400 tickets a month; mean effort ≈ 19 min
  // (one support manager loaded ≈ 0.85: the «400+ tickets» situation the simulator is for)
  const scenario = mergeScenario(defaultScenario(settings, startMonth), {
    name: "bench: 400 обращений в месяц",
    horizonMonths: 12,
    clients: { initial: 400, growth: { mode: "projects" }, churnRatePerMonth: 0 },
    projects: { perMonth: 0 },
    tickets: { perClientMonth: 1 },
    effort: {
      distribution: "lognormal",
      byPriority: { emergency: { mu: Math.log(40) - 0.32, sigma: 0.8 }, standard: { mu: Math.log(20) - 0.32, sigma: 0.8 }, consultation: { mu: Math.log(12) - 0.32, sigma: 0.8 } },
    },
  });
  return { scenario, calendar: simulatorCalendar(startMonth, 13, settings.calendar, undefined, settings.workload.hours_per_week ?? 40).calendar };
}

/** Worker thread: simulate runs [firstRun, firstRun + runs) and send the values back. */
function workerMain(): void {
  const { firstRun, runs, seed } = workerData as { firstRun: number; runs: number; seed: number };
  const { scenario, calendar } = benchModel();
  simulate(scenario, calendar, { runs: 20, seed: 12345 }); // warm-up (JIT)
  parentPort!.postMessage({ type: "ready" });
  parentPort!.once("message", () => {
    const raw = simulate(scenario, calendar, { runs, seed, firstRun });
    parentPort!.postMessage({ type: "done", values: raw.values, tickets: raw.simulatedTickets }, [raw.values.buffer as ArrayBuffer]);
  });
}

async function parallel(threads: number, seed: number): Promise<{ ms: number; values: Float64Array; tickets: number }> {
  const per = Math.ceil(RUNS / threads);
  const workers = Array.from({ length: threads }, (_, i) => {
    const firstRun = i * per;
    // the thread registers tsx first, then loads this very file (which runs workerMain there)
    const bootstrap = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then((m) => { m.register(); return import(${JSON.stringify(import.meta.url)}); });`;
    return new Worker(bootstrap, { eval: true, workerData: { firstRun, runs: Math.min(per, RUNS - firstRun), seed } });
  });
  await Promise.all(workers.map((w) => new Promise<void>((resolve) => w.once("message", () => resolve()))));
  const t0 = performance.now();
  const parts = await Promise.all(
    workers.map(
      (w) =>
        new Promise<{ values: Float64Array; tickets: number }>((resolve, reject) => {
          w.once("message", (m: { values: Float64Array; tickets: number }) => resolve(m));
          w.once("error", reject);
          w.postMessage("go");
        }),
    ),
  );
  const ms = performance.now() - t0;
  await Promise.all(workers.map((w) => w.terminate()));
  const values = new Float64Array(parts.reduce((a, p) => a + p.values.length, 0));
  let offset = 0;
  for (const p of parts) {
    values.set(p.values, offset);
    offset += p.values.length;
  }
  return { ms, values, tickets: parts.reduce((a, p) => a + p.tickets, 0) };
}

export async function benchSimulator(): Promise<void> {
  const { scenario, calendar } = benchModel();
  simulate(scenario, calendar, { runs: 100, seed: 99 }); // warm-up (JIT)

  const times: number[] = [];
  const cpuTimes: number[] = [];
  let tickets = 0;
  let single: Float64Array | null = null;
  for (let rep = 0; rep < 3; rep++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const raw = simulate(scenario, calendar, { runs: RUNS, seed: 1 });
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpuTimes.push((c.user + c.system) / 1000);
    tickets = raw.simulatedTickets;
    single = raw.values;
  }
  const best = Math.min(...times);
  // the same model with absences and cover turned off, in the same run (their cost as a ratio of
  // processor time, which the other processes of a shared machine disturb less than wall time)
  const present = mergeScenario(scenario, { absences: { enabled: false } });
  simulate(present, calendar, { runs: 100, seed: 99 });
  const presentCpu: number[] = [];
  for (let rep = 0; rep < 3; rep++) {
    const c0 = process.cpuUsage();
    simulate(present, calendar, { runs: RUNS, seed: 1 });
    const c = process.cpuUsage(c0);
    presentCpu.push((c.user + c.system) / 1000);
  }

  const bareTickets = 5_000_000;
  bareMmc(200_000, 0.05, 18, 1, 1); // warm-up
  const b0 = performance.now();
  bareMmc(bareTickets, 0.05, 18, 1, 2);
  const bareMs = performance.now() - b0;

  const threads = Math.max(2, Math.min(2, availableParallelism()));
  const par = await parallel(threads, 1);
  const identical = single !== null && par.values.length === single.length && par.values.every((v, i) => Object.is(v, single![i]));

  console.log(`Симулятор: ${fmt(RUNS)} прогонов × 12 месяцев × ~400 обращений (${fmt(tickets)} обращений)`);
  console.log(`  один поток, мс (3 повтора): ${times.map(fmt).join(" / ")}; лучшее ${fmt(best)} мс; процессорное время ${cpuTimes.map(fmt).join(" / ")} мс (цель < 1 000 мс)`);
  console.log(`  без отсутствий (absences.enabled = false), процессорное время: ${presentCpu.map(fmt).join(" / ")} мс; с отсутствиями / без: ${(Math.min(...cpuTimes) / Math.min(...presentCpu)).toFixed(2).replace(".", ",")}`);
  console.log(`  ${threads} потока: ${fmt(par.ms)} мс; результат совпадает с однопоточным: ${identical ? "да" : "НЕТ"}`);
  console.log(`  полная модель: ${fmt((tickets / best) * 1000)} обращений/с на одном ядре`);
  console.log(`  голый цикл M/M/1 (FIFO, без календаря и статистики), тот же генератор: ${fmt((bareTickets / bareMs) * 1000)} обращений/с`);
  console.log(`  полная модель / голый цикл: ${((tickets / best) / (bareTickets / bareMs)).toFixed(2).replace(".", ",")}`);
}

if (!isMainThread) workerMain();
else if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await benchSimulator();
