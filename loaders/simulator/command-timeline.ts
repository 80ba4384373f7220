/**
 * Where the wall time of one `simulate` command goes, for `--timeline FILE` (read by
 * bench/simulator.ts): the moments the command passed, in ms since the process started
 * (performance.timeOrigin), and the simulation's own per-thread timeline (timeline.ts).
 */
import { writeFileSync } from "node:fs";
import { performance as nodePerformance } from "node:perf_hooks";
import type { SimulationTimeline } from "./timeline.ts";

/** the command's moments, in the order they pass */
export const COMMAND_PHASES = ["command", "threadsStarted", "baseReady", "simulated", "summarized", "written"] as const;
export type CommandPhase = (typeof COMMAND_PHASES)[number];

export interface CommandTimeline {
  /** node itself ready (its bootstrap), ms since the process started */
  nodeReadyMs: number;
  /** each phase's end, ms since the process started */
  phases: Partial<Record<CommandPhase, number>>;
  simulation?: SimulationTimeline;
}

export class CommandClock {
  readonly timeline: CommandTimeline = { nodeReadyMs: nodePerformance.nodeTiming.bootstrapComplete, phases: {} };

  mark(phase: CommandPhase): void {
    this.timeline.phases[phase] = nodePerformance.now();
  }

  /** Write the timeline as JSON (the command has its result already: a failure here is reported, not thrown). */
  save(file: string): void {
    try {
      writeFileSync(file, JSON.stringify(this.timeline));
    } catch (error) {
      process.stderr.write(`${file}: не удалось записать хронологию расчёта (${(error as Error).message})\n`);
    }
  }
}
