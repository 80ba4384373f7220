/**
 * SLA breaches outside the support queue. The queue decides whether a ticket waited too long for
 * the support manager; the history shows that most breaches come from elsewhere (waiting on the
 * client, the developers, a visit). With scenario.sla.nonQueueBreach (fitted from the history's
 * monthly breach shares, loaders/simulator/sla-breach-fit.ts) each run draws each month's share
 * q ~ Beta(alpha, beta) per priority and every ticket the queue met is breached with probability q.
 */
import { drawBeta, drawBinomialExact } from "./dispersed-counts.js";
import type { Rng } from "./prng.js";
import { PRIORITY_NAMES, type Scenario } from "./types.js";

/**
 * Removes the non-queue breaches from `met` (month-major, 3 priorities a month) for the first
 * `months` months.
 */
export function applyNonQueueBreaches(s: Scenario, rng: Rng, met: Float64Array, months: number): void {
  const fit = s.sla.nonQueueBreach;
  if (!fit) return;
  for (let m = 0; m < months; m++) {
    for (let p = 0; p < PRIORITY_NAMES.length; p++) {
      const b = fit[PRIORITY_NAMES[p]!];
      const k = m * 3 + p;
      if (!b || !(met[k]! > 0)) continue;
      const q = drawBeta(rng, b.alpha, b.beta);
      met[k] = met[k]! - drawBinomialExact(rng, met[k]!, q);
    }
  }
}
