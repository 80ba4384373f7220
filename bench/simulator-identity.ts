/**
 * Whether a change to the simulator's engine keeps its results byte for byte: SHA-256 of the raw
 * values (runs × months × metrics) of the bench scenario (bench/simulator.ts) and of variants that
 * take the engine's other paths (no absences, several support managers, no preemption, an
 * exponential effort, an overloaded queue, the 24×7 calendar, no cover, 36 months), and of the
 * output of `simulate --json --seed 1` on the sample data and on the bench scenario.
 * Run `npx tsx bench/simulator-identity.ts --save FILE` before the change and
 * `npx tsx bench/simulator-identity.ts --check FILE` after it (exit code 1 on a difference).
 */
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { simulate } from "../src/core/simulator/engine.ts";
import { mergeScenario, type DeepPartial } from "../src/core/simulator/scenario.ts";
import type { Scenario } from "../src/core/simulator/types.ts";
import { calendar24x7 } from "../src/core/simulator/working-calendar.ts";
import { BENCH_PATCH, benchModel } from "./simulator.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CLI = join(ROOT, "bin/support-analytics.js");
const RUNS = 200;

const VARIANTS: Record<string, DeepPartial<Scenario>> = {
  bench: {},
  "no-absences": { absences: { enabled: false } },
  "two-support-managers": { staff: { support_manager: 2 }, tickets: { perClientMonth: 2 } },
  "hire-in-june": { hires: [{ role: "support_manager", month: "2027-06" }], tickets: { perClientMonth: 1.5 } },
  "no-preemption": { preemptiveEmergencies: false },
  "exponential-effort": { effort: { distribution: "exponential", meanMinutes: { emergency: 40, standard: 20, consultation: 12 } } },
  overloaded: { tickets: { perClientMonth: 1.6 } },
  "no-cover": { absences: { headCoverShare: 0 } },
  "36-months": { horizonMonths: 36, clients: { growth: { mode: "target", target: 600, byMonth: "2028-06" } } },
};

const sha = (data: string | Uint8Array): string => createHash("sha256").update(data).digest("hex").slice(0, 24);

/** hash of the raw values of every variant (and the 24×7 calendar) */
function engineHashes(): Record<string, string> {
  const { scenario, calendar } = benchModel();
  const out: Record<string, string> = {};
  for (const [name, patch] of Object.entries(VARIANTS)) {
    const s = mergeScenario(scenario, patch);
    const cal = s.horizonMonths > 12 ? benchModel(s.horizonMonths + 1).calendar : calendar;
    out[name] = sha(new Uint8Array(simulate(s, cal, { runs: RUNS, seed: 7 }).values.buffer));
  }
  out["24x7"] = sha(new Uint8Array(simulate(scenario, calendar24x7(scenario.startMonth, 13), { runs: RUNS, seed: 7 }).values.buffer));
  return out;
}

/** hash of `simulate --json --seed 1` on the sample data and on the bench scenario */
function commandHashes(): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), "sim-identity-"));
  try {
    const file = join(dir, "bench.json");
    writeFileSync(file, JSON.stringify(BENCH_PATCH));
    const run = (args: string[]): string => sha(execFileSync(process.execPath, [CLI, "simulate", ...args, "--seed", "1", "--json"], { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }));
    return {
      "simulate sample": run(["--scenario", join(ROOT, "scenarios/400-tickets.json"), "--data", join(ROOT, "data/sample"), "--now", "2026-11-24"]),
      "simulate bench": run(["--scenario", file, "--base", "settings"]),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function main(): void {
  const [mode, file] = process.argv.slice(2);
  if ((mode !== "--save" && mode !== "--check") || !file) {
    console.error("Использование: npx tsx bench/simulator-identity.ts --save ФАЙЛ | --check ФАЙЛ");
    process.exit(2);
  }
  const hashes = { ...engineHashes(), ...commandHashes() };
  if (mode === "--save") {
    writeFileSync(file, JSON.stringify(hashes, null, 2) + "\n");
    console.log(`Сохранено: ${Object.keys(hashes).length} отпечатков в ${file}`);
    return;
  }
  const saved = JSON.parse(readFileSync(file, "utf8")) as Record<string, string>;
  let same = true;
  for (const [name, hash] of Object.entries(hashes)) {
    const ok = saved[name] === hash;
    same &&= ok;
    console.log(`  ${ok ? "совпадает" : "РАЗЛИЧАЕТСЯ"}: ${name}`);
  }
  console.log(same ? "Результаты совпадают байт в байт." : "Результаты изменились.");
  if (!same) process.exit(1);
}

main();
