/**
 * What the simulator's modules share about its threads (thread-contract.ts): the thread count a
 * command line asks for — the command's Russian error for a value it rejects, and a real
 * `simulate` computing on as many threads as asked for every way of writing the count it
 * accepts — and the names of the files kept between commands.
 */
import { spawnSync } from "node:child_process";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CACHE_DIR_ENV_VAR, cacheFile, defaultThreads, MAX_THREADS, threadCount } from "../loaders/simulator/thread-contract.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const CLI = join(ROOT, "bin/support-analytics.js");
const SCENARIO = join(ROOT, "scenarios/400-tickets.json");

/** `simulate` on the settings' scenario with `threads` (raw arguments after --threads) */
function simulate(threads: string[]) {
  const args = [CLI, "simulate", "--scenario", SCENARIO, "--base", "settings", "--now", "2026-11-24", "--runs", "120", "--seed", "5", "--threads", ...threads, "--json"];
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

  it("names the files kept between commands in node_modules/.cache, or in $SUPPORT_ANALYTICS_CACHE_DIR when it is set", () => {
    const saved = process.env[CACHE_DIR_ENV_VAR];
    try {
      delete process.env[CACHE_DIR_ENV_VAR];
      expect(cacheFile("sim-warm-up")).toMatch(/node_modules\/\.cache\/support-analytics\/sim-warm-up-[0-9a-f]{12}\.json$/);
      process.env[CACHE_DIR_ENV_VAR] = "/tmp/kept-here";
      expect(cacheFile("sim-warm-up")).toMatch(/^\/tmp\/kept-here\/sim-warm-up-[0-9a-f]{12}\.json$/);
    } finally {
      if (saved === undefined) delete process.env[CACHE_DIR_ENV_VAR];
      else process.env[CACHE_DIR_ENV_VAR] = saved;
    }
  });
});

describe("simulate --threads", () => {
  it("rejects a value that is not a whole number from 1 to 256 with one Russian error naming it", () => {
    for (const raw of ["0", "2.5", "300", "abc"]) {
      const run = simulate([raw]);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(`Параметр --threads: ожидается целое от 1 до 256, получено «${raw}»`);
    }
  }, 120_000);

  it("computes on as many threads as asked, however the count is written (the last --threads given counts)", () => {
    for (const [threads, computing] of [[["2,0"], 2], [["2", "--threads", "3"], 3]] as const) {
      const run = simulate([...threads]);
      expect(run.status).toBe(0);
      expect(run.stderr).toContain(`потоков: ${computing}`);
    }
  }, 120_000);
});
