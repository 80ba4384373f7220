/**
 * What the launcher (bin/early-threads.js) and the simulator share (thread-contract.js): the
 * thread count a command line asks for, read by one function on both sides — the command's
 * Russian error for a value it rejects, and a real `simulate` whose launcher spawned as many
 * threads as the command computes on, each handed the simulation, for every way of writing the
 * count the command accepts.
 */
import { spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CACHE_FILE } from "../loaders/simulator/thread-bundle.ts";
import { cacheFile, defaultThreads, MAX_THREADS, spawnedThreads, threadCount } from "../loaders/simulator/thread-contract.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const CLI = join(ROOT, "bin/support-analytics.js");
const PROBE = join(ROOT, "test/helpers/early-threads-probe.mjs");
const SCENARIO = join(ROOT, "scenarios/400-tickets.json");

/** `simulate` on the settings' scenario with `threads` (raw arguments after --threads), under the early-threads probe */
function simulate(threads: string[]) {
  const args = ["--import", PROBE, CLI, "simulate", "--scenario", SCENARIO, "--base", "settings", "--now", "2026-11-24", "--runs", "120", "--seed", "5", "--threads", ...threads, "--json"];
  return spawnSync(process.execPath, args, { encoding: "utf8", timeout: 60_000 });
}

describe("the thread count", () => {
  it("is a whole number from 1 to 256, a decimal comma read as a point; the machine's cores when not given", () => {
    expect(defaultThreads()).toBe(Math.min(availableParallelism(), MAX_THREADS));
    expect(threadCount(undefined)).toBe(defaultThreads());
    const read = (raw: string) => threadCount(raw);
    expect(["1", "3", "2,0", "2.0", "256"].map(read)).toEqual([1, 3, 2, 2, 256]);
    expect(["0", "-2", "2.5", "2,5", "257", "abc", "", "Infinity"].map(read)).toEqual(Array(8).fill(null));
  });

  it("spawns threads beside the calling thread for two and more, none for one, a rejected count, --erlang or --help", () => {
    expect(spawnedThreads(["--threads", "3"])).toBe(3);
    expect(spawnedThreads(["--scenario", "a.json", "--threads", "2,0"])).toBe(2);
    expect(spawnedThreads(["--threads", "2", "--threads", "4"])).toBe(4); // the last one given, as the command reads it
    expect(spawnedThreads([])).toBe(defaultThreads() >= 2 ? defaultThreads() : 0);
    for (const args of [["--threads", "1"], ["--threads", "0"], ["--threads", "x"], ["--threads"], ["--erlang", "--threads", "2"], ["--threads", "2", "--help"]]) {
      expect(spawnedThreads(args)).toBe(0);
    }
  });

  it("names the cache files the thread bundle is kept in", () => {
    expect(cacheFile("sim-thread")).toBe(CACHE_FILE);
    expect(cacheFile("sim-warm-up")).toMatch(/node_modules\/\.cache\/support-analytics\/sim-warm-up-[0-9a-f]{12}\.json$/);
  });
});

describe("simulate --threads, launcher and command alike", () => {
  it("rejects a value that is not a whole number from 1 to 256 with one Russian error naming it", () => {
    for (const raw of ["0", "2.5", "300", "abc"]) {
      const run = simulate([raw]);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`Параметр --threads: ожидается целое от 1 до 256, получено «${raw}»`);
      expect(run.stderr).toContain("early threads: left 0, handed a simulation 0");
    }
  }, 120_000);

  it("computes on the threads the launcher spawned, however the count is written", () => {
    simulate(["2"]); // a current bundle, and this scenario kept as the warm-up
    for (const [threads, computing] of [[["2,0"], 2], [["2", "--threads", "3"], 3]] as const) {
      const run = simulate([...threads]);
      expect(run.status).toBe(0);
      expect(run.stderr).toContain(`потоков: ${computing}`);
      expect(run.stderr).toContain(`early threads: left ${computing}, handed a simulation ${computing}`);
    }
  }, 120_000);
});
