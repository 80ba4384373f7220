/**
 * The simulator pages' one wiring of the worker pool and the URL: a session owns the pool, runs
 * one plan at a time (a new plan cancels the one running), and publishes its status and its last
 * result as async generators a Framework cell reads (`const status = session.status()`), so a page
 * re-renders from values instead of updating elements. The scenario travels in the URL's hash
 * (`#sim=…`: the difference from the calibrated scenario, runs and seed).
 */
import { createSimulatorClient, SimulationCancelled, type SimulatorClient } from "./client.js";
import { decodeUrlState, diffScenario, encodeUrlState, mergeScenario } from "../../core/simulator/scenario.js";
import type { Scenario, SimulationSummary, WorkingCalendar } from "../../core/simulator/types.js";

/** A scenario to simulate, with the number of runs and the seed. */
export interface SimulationRequest {
  scenario: Scenario;
  runs: number;
  seed: number;
}

export const DEFAULT_RUNS = 1000;
export const DEFAULT_SEED = 1;

/** The request in the URL's hash over `base`, else `base`; a hash that cannot be read gives `base` and a warning. */
export function requestFromHash(base: Scenario, hash: string): SimulationRequest & { warning: string | null } {
  try {
    const state = decodeUrlState(hash);
    if (state) return { scenario: mergeScenario(base, state.diff, "адрес страницы"), runs: state.runs, seed: state.seed, warning: null };
  } catch (error) {
    return { scenario: base, runs: DEFAULT_RUNS, seed: DEFAULT_SEED, warning: `${(error as Error).message}. Показан сценарий по данным.` };
  }
  return { scenario: base, runs: DEFAULT_RUNS, seed: DEFAULT_SEED, warning: null };
}

/** The request of the current page's URL (browser). */
export function requestFromUrl(base: Scenario): SimulationRequest & { warning: string | null } {
  return requestFromHash(base, typeof location === "undefined" ? "" : location.hash);
}

/** The request written into the current URL's hash without reloading (browser). */
export function writeRequestToUrl(base: Scenario, request: SimulationRequest): void {
  const hash = encodeUrlState({ diff: diffScenario(base, request.scenario), runs: request.runs, seed: request.seed });
  history.replaceState(null, "", location.pathname + location.search + hash);
}

export type RunStatus =
  | { phase: "idle" }
  /** `part` of `parts` simulations is running; `label` names it when the plan has several */
  | { phase: "running"; done: number; total: number; part: number; parts: number; label: string | null }
  | { phase: "done"; summaries: readonly SimulationSummary[]; threads: number }
  | { phase: "cancelled" }
  | { phase: "failed"; message: string };

/** Runs one simulation of a plan on the pool, reporting its progress under `label`. */
export type Simulate = (scenario: Scenario, label?: string) => Promise<SimulationSummary>;

/** A value that changes, read as an async generator: the current value first, then each new one. */
class Latest<T> {
  private version = 0;
  private wake: () => void = () => {};
  private next = new Promise<void>((resolve) => (this.wake = resolve));
  constructor(private value: T) {}

  set(value: T): void {
    this.value = value;
    this.version++;
    const wake = this.wake;
    this.next = new Promise<void>((resolve) => (this.wake = resolve));
    wake();
  }

  async *values(): AsyncGenerator<T, void, unknown> {
    let seen = -1;
    for (;;) {
      if (seen === this.version) await this.next;
      seen = this.version;
      yield this.value;
    }
  }
}

export interface SimulatorSession<T> {
  /** workers a run is split over */
  readonly threads: number;
  /** starts `plan` with `request`'s runs and seed (the one running is cancelled) */
  start(request: Omit<SimulationRequest, "scenario">, plan: (simulate: Simulate) => Promise<T>, parts?: number): void;
  cancel(): void;
  status(): AsyncGenerator<RunStatus, void, unknown>;
  /** the last completed plan's result (null before the first) */
  result(): AsyncGenerator<T | null, void, unknown>;
}

export function createSimulatorSession<T>(workerSource: string, calendar: WorkingCalendar, client: SimulatorClient = createSimulatorClient(workerSource)): SimulatorSession<T> {
  const status = new Latest<RunStatus>({ phase: "idle" });
  const result = new Latest<T | null>(null);
  let generation = 0;

  const start: SimulatorSession<T>["start"] = ({ runs, seed }, plan, parts = 1) => {
    if (client.busy) client.cancel();
    const mine = ++generation;
    const summaries: SimulationSummary[] = [];
    const simulate: Simulate = async (scenario, label) => {
      const part = summaries.length;
      if (mine === generation) status.set({ phase: "running", done: 0, total: runs, part, parts, label: label ?? null });
      const summary = await client.run(scenario, calendar, runs, seed, (done, total) => {
        if (mine === generation) status.set({ phase: "running", done, total, part, parts, label: label ?? null });
      });
      summaries.push(summary);
      return summary;
    };
    plan(simulate).then(
      (value) => {
        if (mine !== generation) return;
        result.set(value);
        status.set({ phase: "done", summaries, threads: client.threads });
      },
      (error: Error) => {
        if (mine !== generation) return;
        status.set(error instanceof SimulationCancelled ? { phase: "cancelled" } : { phase: "failed", message: error.message });
      },
    );
  };

  return {
    threads: client.threads,
    start,
    cancel: () => client.cancel(),
    status: () => status.values(),
    result: () => result.values(),
  };
}
