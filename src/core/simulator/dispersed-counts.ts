/**
 * Random counts whose spread is measured from the data rather than assumed Poisson. A month's
 * count of signed projects or engineer visits can vary less than a Poisson count (a steady sales
 * pipeline) or more (bursts); the dispersion index D = variance / mean of the monthly counts says
 * which. drawCount keeps the mean and gives variance D × mean:
 *   D = 1 → Poisson (the same draws as rng.poisson),
 *   D < 1 → binomial(n, mean / n), n = ⌊n*⌋ or ⌈n*⌉ around n* = mean / (1 − D), mixed so that
 *           E[1 / n] = 1 / n* (binomial variance mean·(1 − mean / n) then averages D·mean),
 *   D > 1 → gamma–Poisson (negative binomial): λ ~ Gamma(mean / (D − 1), D − 1), count ~ Poisson(λ).
 * Also the gamma and beta draws the calibrated run parameters need.
 */
import type { Rng } from "./prng.js";

/** dispersion indices in [NEAR_POISSON, 1) are drawn as Poisson */
export const NEAR_POISSON = 0.9;
/** above this many trials a binomial is drawn by its normal approximation */
const EXACT_BINOMIAL_MAX = 20_000;

/** Gamma(shape, scale = 1) by Marsaglia & Tsang (2000); shape < 1 by the boost u^(1/shape). */
export function drawGamma(rng: Rng, shape: number): number {
  if (!(shape > 0)) return 0;
  if (shape < 1) return drawGamma(rng, shape + 1) * Math.pow(rng.uniformPositive(), 1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x = 0;
    let v = 0;
    do {
      x = rng.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = rng.uniformPositive();
    if (u < 1 - 0.0331 * x * x * x * x) return d * v;
    if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}

/** Beta(alpha, beta) as G₁ / (G₁ + G₂) */
export function drawBeta(rng: Rng, alpha: number, beta: number): number {
  const a = drawGamma(rng, alpha);
  const b = drawGamma(rng, beta);
  return a + b > 0 ? a / (a + b) : alpha / (alpha + beta);
}

/** a count with the given mean and dispersion index (variance / mean); see the module comment */
export function drawCount(rng: Rng, mean: number, dispersion: number): number {
  if (!(mean > 0)) return 0;
  if (dispersion === 1 || !Number.isFinite(dispersion)) return rng.poisson(mean);
  // from 0.9 on the binomial needs ≥ 10 × mean draws and differs from Poisson by < 10 % in variance
  if (dispersion >= NEAR_POISSON && dispersion < 1) return rng.poisson(mean);
  if (dispersion < 1) {
    const target = mean / (1 - Math.max(0, dispersion));
    const lo = Math.max(Math.floor(target), Math.ceil(mean));
    const hi = Math.max(Math.ceil(target), lo);
    const wLo = hi === lo ? 1 : (1 / target - 1 / hi) / (1 / lo - 1 / hi);
    const n = rng.uniform() < wLo ? lo : hi;
    return drawBinomialExact(rng, n, mean / n);
  }
  return rng.poisson((dispersion - 1) * drawGamma(rng, mean / (dispersion - 1)));
}

/** binomial(n, p) as a sum of Bernoulli draws (counts of tens to thousands); a normal approximation beyond */
export function drawBinomialExact(rng: Rng, n: number, p: number): number {
  if (!(p > 0)) return 0;
  if (p >= 1) return n;
  if (n > EXACT_BINOMIAL_MAX) return Math.min(n, Math.max(0, Math.round(n * p + Math.sqrt(n * p * (1 - p)) * rng.normal())));
  let k = 0;
  for (let i = 0; i < n; i++) if (rng.uniform() < p) k++;
  return k;
}
