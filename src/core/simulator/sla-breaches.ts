/**
 * SLA breaches outside the support queue. The queue decides whether a ticket waited too long for
 * the support manager; the history shows that most breaches come from elsewhere (waiting on the
 * client, the developers, a visit). With scenario.sla.nonQueueBreach (fitted from the history's
 * monthly breach shares, loaders/simulator/sla-breach-fit.ts) each run draws each month's share
 * q ~ Beta(alpha, beta) per priority and every ticket the queue met is breached with probability q.
 * The month's compliance (sla_<priority>) then counts both; «SLA target missed» (sla_missed, the
 * hiring advice) stays the queue's own verdict, since a hire shortens the queue and nothing else.
 */
import { drawBeta, drawBinomialExact } from "./dispersed-counts.js";
import type { Rng } from "./prng.js";
import { MONTH_METRICS, PRIORITY_NAMES, type Scenario } from "./types.js";

const METRIC_COUNT = MONTH_METRICS.length;
const SLA_INDEX = PRIORITY_NAMES.map((p) => MONTH_METRICS.indexOf(`sla_${p}`));

/**
 * Rewrites the compliance of the first `months` month rows of a run (at `offset` in `out`) as
 * (met − non-queue breaches) / tickets; `met` and `count` are the queue's per month and priority
 * (month-major, 3 priorities a month).
 */
export function applyNonQueueBreaches(s: Scenario, rng: Rng, met: Float64Array, count: Float64Array, months: number, out: Float64Array, offset: number): void {
  const fit = s.sla.nonQueueBreach;
  if (!fit) return;
  for (let m = 0; m < months; m++) {
    for (let p = 0; p < PRIORITY_NAMES.length; p++) {
      const b = fit[PRIORITY_NAMES[p]!];
      const k = m * 3 + p;
      if (!b || !(count[k]! > 0)) continue;
      const q = drawBeta(rng, b.alpha, b.beta);
      out[offset + m * METRIC_COUNT + SLA_INDEX[p]!] = (met[k]! - drawBinomialExact(rng, met[k]!, q)) / count[k]!;
    }
  }
}
