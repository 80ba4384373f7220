/**
 * Runs split over threads: the real CLI prints byte-identical JSON for --threads 1, 2 and 3 with
 * the same seed (each run's random stream depends only on the seed and the run index; slices are
 * merged in run order), and a different seed changes it. The split itself: contiguous, in order,
 * never empty.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { sliceRuns } from "../src/core/simulator/slices.ts";
import { SimulationPool } from "../loaders/simulator/parallel.ts";
import { CACHE_FILE } from "../loaders/simulator/thread-bundle.ts";
import { CACHE_DIR_ENV_VAR, cacheFile } from "../loaders/simulator/thread-contract.ts";
import type { CommandTimeline } from "../loaders/simulator/command-timeline.ts";
import { simulate } from "../src/core/simulator/engine.ts";
import { loadSettings } from "../loaders/settings.ts";
import { defaultScenario } from "../loaders/simulator/defaults.ts";
import { simulatorCalendar } from "../loaders/simulator/calendar.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const CLI = join(ROOT, "bin/support-analytics.js");
const SCENARIO = join(ROOT, "scenarios/400-tickets.json");

function cli(threads: number, seed = 5, env: NodeJS.ProcessEnv = process.env): string {
  return execFileSync(
    process.execPath,
    [CLI, "simulate", "--scenario", SCENARIO, "--base", "settings", "--now", "2026-11-24", "--runs", "301", "--seed", String(seed), "--threads", String(threads), "--json"],
    { encoding: "utf8", env },
  );
}

/**
 * A folder of kept files of its own ($SUPPORT_ANALYTICS_CACHE_DIR) for a test that reads or breaks
 * the kept warm-up: every simulate command keeps one, and other test files run commands meanwhile.
 */
function ownCache(): { env: NodeJS.ProcessEnv; file: (kind: string) => string; remove: () => void } {
  const folder = mkdtempSync(join(tmpdir(), "sim-cache-"));
  const env = { ...process.env, [CACHE_DIR_ENV_VAR]: folder };
  const file = (kind: string): string => join(folder, basename(cacheFile(kind)));
  return { env, file, remove: () => rmSync(folder, { recursive: true, force: true }) };
}

describe("simulate --threads", () => {
  it("prints the same JSON byte for byte for 1, 2 and 3 threads", () => {
    const one = cli(1);
    expect(JSON.parse(one).runs).toBe(301);
    expect(cli(2)).toBe(one);
    expect(cli(3)).toBe(one);
    expect(cli(2, 6)).not.toBe(one);
  }, 120_000);

  it("threads load the engine's bundle from node_modules/.cache while its sources are unchanged, and a stale one is rebuilt", () => {
    const one = cli(1);
    cli(2); // builds or reuses the cached bundle
    // this checkout's bundle (a copied node_modules may hold other checkouts' ones too)
    const file = CACHE_FILE;
    const cached = JSON.parse(readFileSync(file, "utf8")) as { inputs: Record<string, string>; script: string };
    const engine = "src/core/simulator/engine.ts";
    expect(cached.inputs[engine]).toBe(createHash("sha1").update(readFileSync(join(ROOT, engine))).digest("hex"));
    // a bundle recorded from another version of the engine is not used: it would throw in the thread
    writeFileSync(file, JSON.stringify({ inputs: { ...cached.inputs, [engine]: "0" }, script: 'throw new Error("stale bundle")' }));
    expect(cli(2)).toBe(one);
    expect(JSON.parse(readFileSync(file, "utf8")).inputs[engine]).toBe(cached.inputs[engine]);
  }, 120_000);

  it("spawns its threads before loading its modules and warms them up on the kept warm-up before the simulation begins", () => {
    const file = join(mkdtempSync(join(tmpdir(), "sim-timeline-")), "timeline.json");
    const args = [CLI, "simulate", "--scenario", SCENARIO, "--base", "settings", "--now", "2026-11-24", "--runs", "200", "--threads", "2", "--json", "--timeline", file];
    execFileSync(process.execPath, args, { encoding: "utf8", stdio: "pipe" }); // keeps the warm-up for the next command
    execFileSync(process.execPath, args, { encoding: "utf8", stdio: "pipe" });
    const timeline = JSON.parse(readFileSync(file, "utf8")) as CommandTimeline;
    const threads = timeline.simulation!.threads;
    expect(threads.map((t) => t.thread)).toEqual([1, 2]);
    for (const t of threads) {
      // ms from the simulation's start: spawned while the command was still loading, warm-up run then
      expect(t.start!.spawnedMs).toBeLessThan(-(timeline.phases.baseReady! - timeline.phases.command!));
      expect(Number.isFinite(t.start!.warmedMs)).toBe(true);
    }
    expect(threads.reduce((a, t) => a + t.runs, 0)).toBe(200);
  }, 60_000);

  it("keeps the scenario it simulated as the next command's warm-up: about 30 runs of a year", () => {
    const cache = ownCache();
    try {
      cli(2, 5, cache.env);
      const kept = JSON.parse(readFileSync(cache.file("sim-warm-up"), "utf8")) as { scenario: { name: string; horizonMonths: number }; runs: number; rowLength: number };
      expect(kept.scenario.name).toBe(JSON.parse(readFileSync(SCENARIO, "utf8")).name);
      expect(kept.scenario.horizonMonths).toBe(12);
      expect(kept.runs).toBe(30);
    } finally {
      cache.remove();
    }
  }, 60_000);

  it("the threads optimize the engine on themselves, not on V8's helper threads (the same code in every thread)", () => {
    // V8's --trace-opt names each function it compiles optimized and whether on a helper thread (mode: kConcurrent)
    const args = ["--trace-opt", CLI, "simulate", "--scenario", SCENARIO, "--base", "settings", "--now", "2026-11-24", "--runs", "400", "--threads", "2", "--json"];
    const out = execFileSync(process.execPath, args, { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
    // functions only a run calls: in a two-thread command only the threads run them. Both threads
    // write to one stdout, so a line may hold pieces of two traces: only whole ones are read.
    const whole = /^\[compiling method \S+ <JSFunction (?:runSingleAgentQueue|drawMonthArrivals|tallyPriority) \(sfi = \S+\)> \(target TURBOFAN\), mode: ConcurrencyMode::(\w+)\]$/;
    const modes = out.split("\n").flatMap((line) => whole.exec(line)?.[1] ?? []);
    expect(modes.length).toBeGreaterThanOrEqual(2);
    expect(new Set(modes)).toEqual(new Set(["kSynchronous"]));
  }, 60_000);

  it("a kept warm-up that is broken or from another engine only leaves the threads cold", () => {
    const one = cli(1);
    const cache = ownCache();
    try {
      for (const broken of ["{ не JSON", JSON.stringify({ scenario: {}, calendar: {}, runs: 5, rowLength: 3 }), JSON.stringify({ runs: 1e9, rowLength: 1e9 })]) {
        writeFileSync(cache.file("sim-warm-up"), broken);
        expect(cli(2, 5, cache.env)).toBe(one);
      }
    } finally {
      cache.remove();
    }
  }, 120_000);

  it("a command that fails before it simulates still ends, its prestarted threads with it", () => {
    const t0 = Date.now();
    const run = spawnSync(process.execPath, [CLI, "simulate", "--scenario", join(ROOT, "scenarios/нет-такого.json"), "--base", "settings", "--threads", "2"], { encoding: "utf8", timeout: 30_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/нет-такого\.json: не удалось прочитать сценарий/);
    expect(Date.now() - t0).toBeLessThan(30_000);
  });

  it("the pool's values equal one thread's, value for value", async () => {
    const settings = loadSettings();
    const scenario = { ...defaultScenario(settings, "2027-01"), horizonMonths: 4 };
    const { calendar } = simulatorCalendar("2027-01", 5, settings.calendar, undefined, 40);
    const single = simulate(scenario, calendar, { runs: 57, seed: 9 });
    // three other threads; two others beside the calling thread; chunks of one run
    for (const pool of [new SimulationPool(3), new SimulationPool(3, { callerComputes: true }), new SimulationPool(2, { chunkRuns: 1 })]) {
      try {
        const split = await pool.simulate(scenario, calendar, { runs: 57, seed: 9 });
        expect(split.simulatedTickets).toBe(single.simulatedTickets);
        expect(Array.from(split.values)).toEqual(Array.from(single.values));
      } finally {
        await pool.close();
      }
    }
  }, 60_000);

  it("one thread computes in the calling thread, two in two other threads while the caller waits", async () => {
    const settings = loadSettings();
    const scenario = { ...defaultScenario(settings, "2027-01"), horizonMonths: 2 };
    const { calendar } = simulatorCalendar("2027-01", 3, settings.calendar, undefined, 40);
    for (const [threads, computing] of [
      [1, [0]],
      [2, [1, 2]],
    ] as const) {
      const pool = new SimulationPool(threads);
      try {
        const { timeline } = await pool.simulate(scenario, calendar, { runs: 40, seed: 2, timeline: true });
        expect(timeline!.threads.map((t) => t.thread)).toEqual(computing);
        expect(timeline!.threads.reduce((a, t) => a + t.runs, 0)).toBe(40);
      } finally {
        await pool.close();
      }
    }
  }, 60_000);

  it("a warm-up on another scenario leaves the real simulation's values as one thread's", async () => {
    const settings = loadSettings();
    const { calendar } = simulatorCalendar("2027-01", 7, settings.calendar, undefined, 40);
    const warm = { ...defaultScenario(settings, "2027-01"), horizonMonths: 2 };
    const real = { ...warm, horizonMonths: 6, tickets: { ...warm.tickets, perClientMonth: warm.tickets.perClientMonth * 1.5 } };
    const pool = new SimulationPool(2);
    try {
      pool.warmUp(warm, calendar, 30);
      const split = await pool.simulate(real, calendar, { runs: 64, seed: 3 });
      const single = simulate(real, calendar, { runs: 64, seed: 3 });
      expect(split.model.horizon).toBe(6);
      expect(Array.from(split.values)).toEqual(Array.from(single.values));
    } finally {
      await pool.close();
    }
  }, 60_000);

  it("a reused pool prepares each simulation's own model: two scenarios in turn equal their one-thread values", async () => {
    const settings = loadSettings();
    const { calendar } = simulatorCalendar("2027-01", 7, settings.calendar, undefined, 40);
    const first = { ...defaultScenario(settings, "2027-01"), horizonMonths: 3 };
    const second = { ...first, horizonMonths: 6, tickets: { ...first.tickets, perClientMonth: first.tickets.perClientMonth * 2 } };
    const pool = new SimulationPool(2);
    try {
      for (const scenario of [first, second, first]) {
        const split = await pool.simulate(scenario, calendar, { runs: 80, seed: 4 });
        expect(Array.from(split.values)).toEqual(Array.from(simulate(scenario, calendar, { runs: 80, seed: 4 }).values));
      }
    } finally {
      await pool.close();
    }
  }, 60_000);
});

describe("sliceRuns", () => {
  it("splits into contiguous slices in run order, sizes within one, none empty", () => {
    expect(sliceRuns(10, 3)).toEqual([
      { firstRun: 0, runs: 4 },
      { firstRun: 4, runs: 3 },
      { firstRun: 7, runs: 3 },
    ]);
    expect(sliceRuns(2, 8)).toEqual([
      { firstRun: 0, runs: 1 },
      { firstRun: 1, runs: 1 },
    ]);
    expect(sliceRuns(1000, 1)).toEqual([{ firstRun: 0, runs: 1000 }]);
  });
});

describe("a simulation thread that fails", () => {
  const settings = loadSettings();
  const scenario = { ...defaultScenario(settings, "2027-01"), horizonMonths: 3 };
  const { calendar } = simulatorCalendar("2027-01", 4, settings.calendar, undefined, 40);
  const onJob = (body: string): string => `const { parentPort } = require("node:worker_threads"); parentPort.on("message", (r) => { if (r.simulation > 0) { ${body} } });`;

  async function failure(pool: SimulationPool, runs = 400): Promise<Error> {
    const t0 = Date.now();
    try {
      await pool.simulate(scenario, calendar, { runs, seed: 1 });
    } catch (error) {
      expect(Date.now() - t0).toBeLessThan(20_000);
      return error as Error;
    } finally {
      await pool.close();
    }
    throw new Error("the simulation did not fail");
  }

  it("a thread that exits while the others wait ends the simulation with a Russian error", async () => {
    const error = await failure(new SimulationPool(2, { callerComputes: false, script: onJob("process.exit(3);") }));
    expect(error.message).toBe("поток расчёта завершился (код 3)");
  });

  it("a thread that reports an error passes it on", async () => {
    const error = await failure(new SimulationPool(2, { callerComputes: false, script: onJob('parentPort.postMessage({ simulation: r.simulation, error: "нет памяти" });') }));
    expect(error.message).toBe("поток расчёта: нет памяти");
  });

  it("a thread whose script throws on start fails the simulation it was needed for", async () => {
    const error = await failure(new SimulationPool(1, { callerComputes: false, script: 'throw new Error("сломанный скрипт");' }));
    expect(error.message).toMatch(/^поток расчёта завершился с ошибкой: .*сломанный скрипт/);
  });

  it("a thread that dies holding a chunk while the calling thread computes: the rest is computed, then the error, no hang", async () => {
    // the thread takes a chunk from the shared counter (slot 0) and exits without doing it; enough
    // runs that the calling thread cannot finish every chunk before the thread gets the job
    const error = await failure(new SimulationPool(2, { callerComputes: true, script: onJob("Atomics.add(r.job.control, 0, 1); process.exit(4);") }), 8_000);
    expect(error.message).toBe("поток расчёта завершился (код 4)");
  });
});
