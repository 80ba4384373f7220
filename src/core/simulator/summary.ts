/**
 * From raw runs to what the pages show: P10/P50/P90 per month, P(trigger fired by month),
 * P(SLA target missed) per month and the hiring advice (breach month − lead time − ramp-up).
 */
import { quantileSorted as d3QuantileSorted } from "d3-array";
import { METRIC_COUNT, type RawSimulation } from "./engine.js";
import { addMonths } from "../months.js";
import {
  MONTH_METRICS,
  PRIORITY_NAMES,
  TRIGGER_KEYS,
  type Band,
  type HiringAdvice,
  type MonthMetric,
  type MonthSummary,
  type PriorityName,
  type Scenario,
  type SimulationSummary,
  type TriggerKey,
} from "./types.js";

const IDX = Object.fromEntries(MONTH_METRICS.map((name, i) => [name, i])) as Record<MonthMetric, number>;

/** Quantile of sorted values (linear interpolation between order statistics, «type 7»); NaN when empty. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  // d3 reads only length and indices, so a typed-array view works as well as an array
  return d3QuantileSorted(sorted as unknown as number[], q) ?? Number.NaN;
}

/** Did the trigger fire in this run-month row? */
export function triggerFired(key: TriggerKey, row: Float64Array, o: number, scenario: Scenario): boolean {
  const t = scenario.triggers;
  switch (key) {
    case "second_support_manager":
      return row[o + IDX.tickets]! >= t.ticketsPerMonth;
    case "second_success_manager":
      return row[o + IDX.active_clients]! >= t.activeClients || row[o + IDX.clients_per_success_manager]! > t.clientsPerSuccessManager;
    case "second_engineer":
      return row[o + IDX.projects]! >= t.projectsPerMonth;
    case "implementation_assistant":
      return row[o + IDX.util_implementation_manager]! > t.implementationUtilization;
  }
}

function compliance(row: Float64Array, o: number, p: PriorityName): number {
  return row[o + IDX[`sla_${p}`]]!;
}

export function summarize(raw: RawSimulation): SimulationSummary {
  const { model, runs, values } = raw;
  const scenario = model.scenario;
  const H = model.horizon;
  const scratch = new Float64Array(runs);
  const firedBy = new Uint8Array(runs * TRIGGER_KEYS.length);
  const months: MonthSummary[] = [];
  for (let m = 0; m < H; m++) {
    const metrics = {} as Record<MonthMetric, Band>;
    MONTH_METRICS.forEach((name, k) => {
      let n = 0;
      let sum = 0;
      for (let r = 0; r < runs; r++) {
        const v = values[(r * H + m) * METRIC_COUNT + k]!;
        if (Number.isNaN(v)) continue;
        scratch[n++] = v;
        sum += v;
      }
      const sorted = scratch.subarray(0, n).sort();
      metrics[name] = { p10: quantileSorted(sorted, 0.1), p50: quantileSorted(sorted, 0.5), p90: quantileSorted(sorted, 0.9), mean: n > 0 ? sum / n : Number.NaN };
    });
    const triggerProbability = {} as Record<TriggerKey, number>;
    TRIGGER_KEYS.forEach((key, t) => {
      let fired = 0;
      for (let r = 0; r < runs; r++) {
        const o = (r * H + m) * METRIC_COUNT;
        if (firedBy[r * TRIGGER_KEYS.length + t] === 0 && triggerFired(key, values, o, scenario)) firedBy[r * TRIGGER_KEYS.length + t] = 1;
        fired += firedBy[r * TRIGGER_KEYS.length + t]!;
      }
      triggerProbability[key] = fired / runs;
    });
    let missed = 0;
    const missedBy = { emergency: 0, standard: 0, consultation: 0 } as Record<PriorityName, number>;
    for (let r = 0; r < runs; r++) {
      const o = (r * H + m) * METRIC_COUNT;
      missed += values[o + IDX.sla_missed]!;
      PRIORITY_NAMES.forEach((p, i) => {
        if (compliance(values, o, p) < scenario.sla.complianceTarget[p]) missedBy[p]++;
        void i;
      });
    }
    for (const p of PRIORITY_NAMES) missedBy[p] /= runs;
    months.push({ month: model.months[m]!.month, metrics, triggerProbability, slaMissProbability: missed / runs, slaMissProbabilityByPriority: missedBy });
  }
  return {
    scenario,
    runs,
    seed: raw.seed,
    months,
    advice: hiringAdvice(months, scenario),
    approximateCalendarMonths: model.months.filter((m) => m.source === "weekdays").map((m) => m.month),
    elapsedMs: raw.elapsedMs,
    simulatedTickets: raw.simulatedTickets,
  };
}

/** The month the hiring decision is taken: the one before the first simulated month (the data's as-of month). */
export function decisionMonth(startMonth: string): string {
  return addMonths(startMonth, -1);
}

/** First month whose P(SLA missed) exceeds the threshold; the vacancy opens lead time + ramp-up earlier. */
export function hiringAdvice(months: MonthSummary[], scenario: Scenario): HiringAdvice {
  const { leadTimeMonths, rampUpMonths, slaMissProbabilityThreshold } = scenario.hiring;
  const before = Math.round(leadTimeMonths + rampUpMonths);
  const breach = months.find((m) => m.slaMissProbability > slaMissProbabilityThreshold) ?? null;
  const openVacancyBy = breach ? addMonths(breach.month, -before) : null;
  const triggers = {} as HiringAdvice["triggers"];
  for (const key of TRIGGER_KEYS) {
    const likely = months.find((m) => m.triggerProbability[key] >= 0.5) ?? null;
    triggers[key] = {
      firstLikelyMonth: likely?.month ?? null,
      probabilityAtHorizon: months.length > 0 ? months[months.length - 1]!.triggerProbability[key] : 0,
      openVacancyBy: likely ? addMonths(likely.month, -before) : null,
    };
  }
  return {
    slaBreachMonth: breach?.month ?? null,
    slaBreachProbability: breach?.slaMissProbability ?? null,
    openVacancyBy,
    // late: the vacancy should have opened before the decision month (the one before the first simulated month)
    alreadyLate: openVacancyBy !== null && openVacancyBy < decisionMonth(scenario.startMonth),
    triggers,
  };
}
