/**
 * Where the simulator's time goes: the bench scenario of bench/simulator.ts (1,000 runs × 12 months
 * × ~400 tickets, one thread) under V8's sampling profiler (node:inspector, in process), with and
 * without absences; prints each function's self time (functions the compiler inlined into another
 * are counted in it, as V8 reports them). Run: `npx tsx bench/simulator-profile.ts [runs]`.
 */
import { Session, type Profiler } from "node:inspector";
import { pathToFileURL } from "node:url";
import { simulate } from "../src/core/simulator/engine.ts";
import { mergeScenario } from "../src/core/simulator/scenario.ts";
import type { Scenario, WorkingCalendar } from "../src/core/simulator/types.ts";
import { benchModel } from "./simulator.ts";

/** functions listed per profile */
const TOP = 14;

function post<T>(session: Session, method: string, params: object = {}): Promise<T> {
  return new Promise((resolve, reject) => session.post(method, params, (error, result) => (error ? reject(error) : resolve(result as T))));
}

/** Self time per function (name and file), milliseconds, largest first. */
export function selfTimes(profile: Profiler.Profile): Array<{ name: string; ms: number }> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const ms = new Map<string, number>();
  const deltas = profile.timeDeltas ?? [];
  (profile.samples ?? []).forEach((id, i) => {
    const frame = byId.get(id)!.callFrame;
    const file = frame.url.split("/").pop() || "";
    const name = `${frame.functionName || "(анонимная)"}${file ? ` (${file})` : ""}`;
    ms.set(name, (ms.get(name) ?? 0) + (deltas[i] ?? 0) / 1000);
  });
  return [...ms.entries()].map(([name, t]) => ({ name, ms: t })).sort((a, b) => b.ms - a.ms);
}

async function profileOf(session: Session, scenario: Scenario, calendar: WorkingCalendar, runs: number): Promise<Profiler.Profile> {
  simulate(scenario, calendar, { runs: 200, seed: 99 }); // warm-up (JIT)
  await post(session, "Profiler.setSamplingInterval", { interval: 250 });
  await post(session, "Profiler.start");
  simulate(scenario, calendar, { runs, seed: 1 });
  return (await post<{ profile: Profiler.Profile }>(session, "Profiler.stop")).profile;
}

function print(title: string, profile: Profiler.Profile): void {
  const rows = selfTimes(profile);
  const total = rows.reduce((sum, r) => sum + r.ms, 0);
  console.log(`${title}: ${Math.round(total).toLocaleString("ru-RU")} мс под профилировщиком`);
  for (const r of rows.slice(0, TOP)) console.log(`  ${r.ms.toFixed(0).padStart(6)} мс ${((100 * r.ms) / total).toFixed(1).padStart(5)} %  ${r.name}`);
}

export async function profileSimulator(runs = 1000): Promise<void> {
  const { scenario, calendar } = benchModel();
  const session = new Session();
  session.connect();
  try {
    await post(session, "Profiler.enable");
    print(`Полная модель, ${runs} прогонов`, await profileOf(session, scenario, calendar, runs));
    print("Без отсутствий (absences.enabled = false)", await profileOf(session, mergeScenario(scenario, { absences: { enabled: false } }), calendar, runs));
  } finally {
    session.disconnect();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await profileSimulator(Number(process.argv[2] ?? 1000));
