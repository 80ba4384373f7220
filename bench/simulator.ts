/**
 * Simulator speed: simulated tickets per second on one core (the full staffing engine) beside a
 * bare M/M/c loop measured in the same run, and the wall time of 1,000 runs × 12 months at
 * 400 tickets a month (target: under 1 s in Node on a 2-core machine) — on one thread, and split
 * over two threads by the CLI's pool (loaders/simulator/parallel.ts; runs are seeded by their
 * index, so the split gives identical numbers). One and two threads alternate over several
 * rounds in the same run: the speed-up (target ≥ 1.7×) is printed as a range beside the full
 * model / bare loop ratio (target ≥ 0.5). Run: `npx tsx bench/simulator.ts`.
 */
import { pathToFileURL } from "node:url";
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
const ROUNDS = 4;

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

/** One vs two threads through the same pool code the CLI uses, alternating (a shared machine's load hits both). */
async function threadRounds(scenario: ReturnType<typeof benchModel>["scenario"], calendar: ReturnType<typeof benchModel>["calendar"]) {
  const one = new SimulationPool(1);
  const two = new SimulationPool(2);
  await two.simulate(scenario, calendar, { runs: 200, seed: 98 }); // threads started and warmed up
  const oneMs: number[] = [];
  const twoMs: number[] = [];
  let identical = true;
  const oneCpu: number[] = [];
  const twoCpu: number[] = [];
  const cpuSince = (c0: NodeJS.CpuUsage): number => {
    const c = process.cpuUsage(c0);
    return (c.user + c.system) / 1000;
  };
  for (let round = 0; round < ROUNDS; round++) {
    let c0 = process.cpuUsage();
    let t0 = performance.now();
    const a = await one.simulate(scenario, calendar, { runs: RUNS, seed: 1 });
    oneMs.push(performance.now() - t0);
    oneCpu.push(cpuSince(c0));
    c0 = process.cpuUsage();
    t0 = performance.now();
    const b = await two.simulate(scenario, calendar, { runs: RUNS, seed: 1 });
    twoMs.push(performance.now() - t0);
    twoCpu.push(cpuSince(c0)); // both threads: the work split costs this much extra processor time
    identical &&= a.values.length === b.values.length && a.values.every((v, i) => Object.is(v, b.values[i]));
  }
  await two.close();
  return { oneMs, twoMs, oneCpu, twoCpu, identical };
}

export async function benchSimulator(): Promise<void> {
  const { scenario, calendar } = benchModel();
  simulate(scenario, calendar, { runs: 100, seed: 99 }); // warm-up (JIT)

  const times: number[] = [];
  const cpuTimes: number[] = [];
  let tickets = 0;
  for (let rep = 0; rep < 3; rep++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const raw = simulate(scenario, calendar, { runs: RUNS, seed: 1 });
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpuTimes.push((c.user + c.system) / 1000);
    tickets = raw.simulatedTickets;
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
  const bareC0 = process.cpuUsage();
  const b0 = performance.now();
  bareMmc(bareTickets, 0.05, 18, 1, 2);
  const bareMs = performance.now() - b0;
  const bareC = process.cpuUsage(bareC0);
  const bareCpuMs = (bareC.user + bareC.system) / 1000;

  const { oneMs, twoMs, oneCpu, twoCpu, identical } = await threadRounds(scenario, calendar);
  const speedups = oneMs.map((ms, i) => ms / twoMs[i]!);
  // on two free cores the wall time halves up to the extra processor time the split costs
  const ceilings = oneCpu.map((ms, i) => (2 * ms) / twoCpu[i]!);
  const ratio = (tickets / best) / (bareTickets / bareMs);
  // on processor time: what other processes on a shared machine take does not count
  const cpuRatio = (tickets / Math.min(...cpuTimes)) / (bareTickets / bareCpuMs);

  console.log(`Симулятор: ${fmt(RUNS)} прогонов × 12 месяцев × ~400 обращений (${fmt(tickets)} обращений)`);
  console.log(`  один поток, мс (3 повтора): ${times.map(fmt).join(" / ")}; лучшее ${fmt(best)} мс; процессорное время ${cpuTimes.map(fmt).join(" / ")} мс (цель < 1 000 мс)`);
  console.log(`  1 поток / 2 потока, мс (${ROUNDS} раунда поочерёдно): ${oneMs.map(fmt).join(" / ")} | ${twoMs.map(fmt).join(" / ")}; результат совпадает: ${identical ? "да" : "НЕТ"}`);
  console.log(
    `  процессорное время всех потоков, мс: 1 поток ${oneCpu.map(fmt).join(" / ")} | 2 потока ${twoCpu.map(fmt).join(" / ")}; ` +
      `потолок ускорения на двух свободных ядрах (2 × ЦП 1 потока / ЦП 2 потоков): ${dec(Math.min(...ceilings))}–${dec(Math.max(...ceilings))}×`,
  );
  console.log(`  без отсутствий (absences.enabled = false), процессорное время: ${presentCpu.map(fmt).join(" / ")} мс; с отсутствиями / без: ${(Math.min(...cpuTimes) / Math.min(...presentCpu)).toFixed(2).replace(".", ",")}`);
  console.log(`  полная модель: ${fmt((tickets / best) * 1000)} обращений/с на одном ядре`);
  console.log(`  голый цикл M/M/1 (FIFO, без календаря и статистики), тот же генератор: ${fmt((bareTickets / bareMs) * 1000)} обращений/с`);
  console.log(`  полная модель / голый цикл: ${dec(ratio)} по времени, ${dec(cpuRatio)} по процессорному времени (цель ≥ 0,5)`);
  console.log(
    `  рядом: ускорение на 2 потоках ${dec(Math.min(...speedups))}–${dec(Math.max(...speedups))}× (цель ≥ 1,7×) | полная модель / голый цикл ${dec(cpuRatio)} (цель ≥ 0,5)`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await benchSimulator();
