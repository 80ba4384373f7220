/**
 * How ticket volume follows the client base: tickets ∝ clients^b. A department whose clients
 * call less as the base grows (shared knowledge, fewer new-client questions per client) has
 * b < 1; the proportional model (b = 1) then forecasts too many tickets as clients grow.
 *
 * b is fitted by least squares on year-over-year log ratios of the monthly data:
 *   y = ln(tickets_m / tickets_{m−12}),  x = ln(clients_m / clients_{m−12}),  y = b·x,
 * so the season, the same in both months, cancels. Its standard error combines the Poisson noise
 * of the counts (1/T_m + 1/T_{m−12} per pair) with the residual variance when there are enough
 * pairs. With no pair (less than 13 months of history) or no client change the fit falls back to
 * b = 1 (proportional) with no spread, and says so.
 */

/** one month of the history: tickets created and clients active in it */
export interface VolumeMonth {
  month: string;
  tickets: number;
  clients: number;
}

export interface ClientElasticity {
  /** b in tickets ∝ clients^b */
  elasticity: number;
  /** standard error of b (0 for the fallback) */
  standardError: number;
  /** year-over-year pairs behind the fit */
  pairs: number;
  /** the fit's source: "yoy" = fitted, "fallback" = proportional for want of pairs */
  method: "yoy" | "fallback";
}

/** pairs needed before the residuals' variance is trusted beside the Poisson noise */
export const MIN_PAIRS_FOR_RESIDUALS = 3;
/** the fitted b is kept within these bounds (a month with a one-off surge cannot make it absurd) */
export const ELASTICITY_BOUNDS = [0, 1.5] as const;

export const PROPORTIONAL: ClientElasticity = { elasticity: 1, standardError: 0, pairs: 0, method: "fallback" };

/** Fit b on the year-over-year pairs of `months` (consecutive months in order; gaps are skipped). */
export function fitClientElasticity(months: readonly VolumeMonth[]): ClientElasticity {
  const byMonth = new Map(months.map((m) => [m.month, m]));
  const xs: number[] = [];
  const ys: number[] = [];
  const noise: number[] = [];
  for (const m of months) {
    const year = Number(m.month.slice(0, 4));
    const prev = byMonth.get(`${year - 1}${m.month.slice(4)}`);
    if (!prev || !(m.tickets > 0 && prev.tickets > 0 && m.clients > 0 && prev.clients > 0)) continue;
    xs.push(Math.log(m.clients / prev.clients));
    ys.push(Math.log(m.tickets / prev.tickets));
    noise.push(1 / m.tickets + 1 / prev.tickets);
  }
  const sxx = xs.reduce((a, x) => a + x * x, 0);
  if (xs.length === 0 || !(sxx > 1e-9)) return PROPORTIONAL;
  const b = xs.reduce((a, x, i) => a + x * ys[i]!, 0) / sxx;
  const n = xs.length;
  const residualVariance = n >= MIN_PAIRS_FOR_RESIDUALS ? ys.reduce((a, y, i) => a + (y - b * xs[i]!) ** 2, 0) / (n - 1) : 0;
  const variance = xs.reduce((a, x, i) => a + x * x * Math.max(noise[i]!, residualVariance), 0) / (sxx * sxx);
  const [lo, hi] = ELASTICITY_BOUNDS;
  return { elasticity: Math.min(hi, Math.max(lo, b)), standardError: Math.sqrt(variance), pairs: n, method: "yoy" };
}

/**
 * Tickets a month of history "should" have at the reference client count: the weight of month m
 * is ref·(clients_m / ref)^b, so Σ tickets / Σ weights is the rate per client-month at `ref` and
 * the proportional case (b = 1) gives Σ tickets / Σ clients exactly.
 */
export function clientWeight(clients: number, referenceClients: number, elasticity: number): number {
  if (elasticity === 1) return clients;
  if (!(clients > 0) || !(referenceClients > 0)) return 0;
  return referenceClients * Math.pow(clients / referenceClients, elasticity);
}

/** the geometric mean of the months' client counts (months without clients left out); 0 if none */
export function referenceClientsOf(clients: readonly number[]): number {
  const positive = clients.filter((c) => c > 0);
  if (positive.length === 0) return 0;
  return Math.exp(positive.reduce((a, c) => a + Math.log(c), 0) / positive.length);
}
