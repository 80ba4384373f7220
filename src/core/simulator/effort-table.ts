/**
 * Effort draws by inverse CDF: per priority a table of the effort distribution's quantiles at
 * EFFORT_BINS + 1 evenly spaced probabilities, linearly interpolated; the top bin (the long
 * tail) is computed exactly. One uniform draw gives both the priority and the effort: given the
 * priority, the uniform's position inside the priority's share of [0, 1) is again uniform.
 * A draw costs two table reads instead of a normal variate and an exponential.
 */

/** bins of each priority's quantile table */
export const EFFORT_BINS = 1024;

// Acklam's rational approximations of the standard normal quantile (relative error < 1.2e-9)
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/** The standard normal quantile Φ⁻¹(p) for p in (0, 1) (Acklam 2003). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return p <= 0 ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  if (p < P_LOW || p > 1 - P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p < P_LOW ? p : 1 - p));
    const x = (((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) / ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1);
    return p < P_LOW ? x : -x;
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((A[0]! * r + A[1]!) * r + A[2]!) * r + A[3]!) * r + A[4]!) * r + A[5]!) * q) / (((((B[0]! * r + B[1]!) * r + B[2]!) * r + B[3]!) * r + B[4]!) * r + 1);
}

/** the largest probability below 1 a draw can reach (a uniform has 32 bits) */
const TOP = 1 - 2 ** -33;

/**
 * Effort (minutes) at probability v: lognormal exp(a + b·Φ⁻¹(v)) or exponential with mean a.
 * Exact; used for the table points and the tail.
 */
export function effortQuantile(lognormal: boolean, a: number, b: number, v: number): number {
  const p = v < TOP ? v : TOP;
  if (p <= 0) return 0;
  return lognormal ? Math.exp(a + b * normalQuantile(p)) : -a * Math.log(1 - p);
}

/** Quantile tables of the three priorities: [priority × (EFFORT_BINS + 1) + i] = effort at i / EFFORT_BINS. */
export function effortTables(lognormal: boolean, effortA: Float64Array, effortB: Float64Array): Float64Array {
  const row = EFFORT_BINS + 1;
  const out = new Float64Array(3 * row);
  for (let p = 0; p < 3; p++) {
    for (let i = 0; i < row; i++) out[p * row + i] = effortQuantile(lognormal, effortA[p]!, effortB[p]!, i / EFFORT_BINS);
  }
  return out;
}
