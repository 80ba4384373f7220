/**
 * The warm-up a command keeps for the next one's simulation threads (thread-prestart.ts writes
 * it), and how a thread starts it by itself as soon as it boots: the spawner hands it the kept
 * text and the shared control slots that stop it (`ThreadBoot`, the worker's workerData), so the
 * warm-up runs from the thread's first moment, before any message could reach it. No engine here:
 * the command's prestart loads this before anything else.
 */
import type { Scenario, WorkingCalendar } from "../../src/core/simulator/types.ts";
import type { ThreadRequest } from "./parallel.ts";
import { sharedRuns, WARM_UP_CHUNK_RUNS, WARM_UP_SIMULATION, type SharedRuns } from "./shared-runs.ts";

/** A warm-up simulation kept between commands: values per run as the engine that saved it counted them. */
export interface KeptWarmUp {
  scenario: Scenario;
  calendar: WorkingCalendar;
  runs: number;
  rowLength: number;
}

/** What a simulation thread is spawned with (its workerData). */
export interface ThreadBoot {
  /** this thread's number in the trace (1…) */
  thread: number;
  /** the kept warm-up as read from its file (null: none) */
  warmUpText: string | null;
  /** the warm-up's control slots (shared-runs.ts): the spawner stops it by marking it failed */
  control: Int32Array;
}

/** a kept warm-up beyond these is not one this code wrote: not run */
export const MAX_WARM_UP_RUNS = 1000;
const MAX_ROW_LENGTH = 100_000;

/** The kept warm-up in `text`; null when there is none or it is not one this code wrote. */
export function parseKeptWarmUp(text: string | null): KeptWarmUp | null {
  if (text === null) return null;
  try {
    const kept = JSON.parse(text) as KeptWarmUp;
    return kept.runs >= 1 && kept.runs <= MAX_WARM_UP_RUNS && kept.rowLength >= 1 && kept.rowLength <= MAX_ROW_LENGTH ? kept : null;
  } catch {
    return null;
  }
}

/** Boot data for a thread: the kept warm-up's text and fresh control slots. */
export function threadBoot(thread: number, warmUpText: string | null): ThreadBoot {
  return { thread, warmUpText, control: sharedRuns(0, 0, 1, 1, null).control };
}

/**
 * The warm-up a thread booted with `boot` runs, stopped through the boot's control slots; null
 * when none is kept, it is not one this code wrote or its memory cannot be had (the thread stays cold).
 */
export function bootWarmUp(boot: ThreadBoot): ThreadRequest | null {
  const kept = parseKeptWarmUp(boot.warmUpText);
  if (kept === null) return null;
  try {
    const job: SharedRuns = { ...sharedRuns(kept.runs, 0, kept.rowLength, WARM_UP_CHUNK_RUNS, null), control: boot.control };
    return { simulation: WARM_UP_SIMULATION, thread: boot.thread, scenario: kept.scenario, calendar: kept.calendar, job };
  } catch {
    return null;
  }
}
