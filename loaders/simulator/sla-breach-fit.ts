/**
 * The SLA breaches the support queue does not explain. In the data a ticket's resolution time is
 * mostly waiting on the client, the developers or a site visit, with a heavy tail, not waiting
 * for the support manager; a queue-only model then says «all met» in a normal month. This module
 * measures, per priority, the month's breach share (breached / (met + breached), as the SLA KPI
 * judges them: loaders/metrics/sla.ts) over the history and fits a beta distribution to it for
 * the simulator (sla-breaches.ts draws each month's share from it):
 *   mean q̄ = (Σ breached + ½) / (Σ decided + 1),
 *   variance = τ² + q̄(1 − q̄) / Σ decided — the between-month variance beyond the binomial noise
 *   (τ² = max(0, sample variance of the monthly shares − q̄(1 − q̄)·mean(1/decided))) plus the
 *   uncertainty of q̄ itself,
 *   α + β = q̄(1 − q̄) / variance − 1, α = q̄(α + β).
 */

/** one month of one priority as the SLA KPI judged it */
export interface SlaMonthCount {
  met: number;
  breached: number;
}

export interface BreachBeta {
  alpha: number;
  beta: number;
}

/** decided tickets needed in the history before its breach share replaces «no non-queue breach» */
export const MIN_DECIDED_TICKETS = 20;

export function fitBreachBeta(months: readonly SlaMonthCount[]): BreachBeta | null {
  const used = months.filter((m) => m.met + m.breached > 0);
  const decided = used.reduce((a, m) => a + m.met + m.breached, 0);
  if (decided < MIN_DECIDED_TICKETS) return null;
  const breached = used.reduce((a, m) => a + m.breached, 0);
  const q = (breached + 0.5) / (decided + 1);
  const binomial = q * (1 - q);
  let tau2 = 0;
  if (used.length >= 2) {
    const shares = used.map((m) => m.breached / (m.met + m.breached));
    const meanShare = shares.reduce((a, s) => a + s, 0) / shares.length;
    const between = shares.reduce((a, s) => a + (s - meanShare) ** 2, 0) / (shares.length - 1);
    const noise = (binomial * used.reduce((a, m) => a + 1 / (m.met + m.breached), 0)) / used.length;
    tau2 = Math.max(0, between - noise);
  }
  const variance = tau2 + binomial / decided;
  const total = Math.max(binomial / variance - 1, 1e-6);
  return { alpha: q * total, beta: (1 - q) * total };
}
