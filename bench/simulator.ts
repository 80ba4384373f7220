/**
 * Simulator speed: simulated tickets per second on one core (the full staffing engine) beside a
 * bare M/M/c loop measured in the same run, and the wall time of 1,000 runs × 12 months at
 * 400 tickets a month (target: under 1 s in Node). Run: `npx tsx bench/simulator.ts`.
 */
import { pathToFileURL } from "node:url";
import { loadSettings } from "../loaders/settings.ts";
import { defaultScenario } from "../loaders/simulator/defaults.ts";
import { simulatorCalendar } from "../loaders/simulator/calendar.ts";
import { simulate } from "../src/components/simulator/engine.ts";
import { Rng } from "../src/components/simulator/prng.ts";
import { mergeScenario } from "../src/components/simulator/scenario.ts";

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

export async function benchSimulator(): Promise<void> {
  const settings = loadSettings();
  const startMonth = "2027-01";
  // 400 active clients × 1 ticket a month, no growth: 400 tickets a month; effort ~25 min (load ≈ 0.9 for one manager)
  const scenario = mergeScenario(defaultScenario(settings, startMonth), {
    name: "bench: 400 обращений в месяц",
    clients: { initial: 400, growth: { mode: "projects" }, churnRatePerMonth: 0 },
    projects: { perMonth: 0 },
    tickets: { perClientMonth: 1 },
    effort: {
      distribution: "lognormal",
      byPriority: { emergency: { mu: Math.log(40) - 0.32, sigma: 0.8 }, standard: { mu: Math.log(25) - 0.32, sigma: 0.8 }, consultation: { mu: Math.log(15) - 0.32, sigma: 0.8 } },
    },
  });
  const { calendar } = simulatorCalendar(startMonth, 13, settings.calendar);
  simulate(scenario, calendar, { runs: 50, seed: 99 }); // warm-up (JIT)

  const times: number[] = [];
  let tickets = 0;
  for (let rep = 0; rep < 3; rep++) {
    const t0 = performance.now();
    const raw = simulate(scenario, calendar, { runs: 1000, seed: rep + 1 });
    times.push(performance.now() - t0);
    tickets = raw.simulatedTickets;
  }
  const best = Math.min(...times);

  const bareTickets = 5_000_000;
  bareMmc(200_000, 0.05, 18, 1, 1); // warm-up
  const b0 = performance.now();
  bareMmc(bareTickets, 0.05, 18, 1, 2);
  const bareMs = performance.now() - b0;

  console.log(`Симулятор: 1 000 прогонов × 12 месяцев × ~400 обращений (${fmt(tickets)} обращений)`);
  console.log(`  время, мс (3 повтора): ${times.map((t) => fmt(t)).join(" / ")}; лучшее ${fmt(best)} мс (цель < 1 000 мс)`);
  console.log(`  полная модель: ${fmt((tickets / best) * 1000)} обращений/с на одном ядре`);
  console.log(`  голый цикл M/M/1 (FIFO, без календаря и статистики): ${fmt((bareTickets / bareMs) * 1000)} обращений/с`);
  console.log(`  отношение полной модели к голому циклу: ${((tickets / best) / (bareTickets / bareMs)).toFixed(2).replace(".", ",")}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  await benchSimulator();
}
