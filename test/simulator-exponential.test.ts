import { describe, expect, it } from "vitest";
import { exponentialZiggurat } from "../src/core/simulator/exponential-ziggurat.ts";
import { Rng } from "../src/core/simulator/prng.ts";

describe("exponential draws by the ziggurat", () => {
  const n = 1_000_000;
  const draws = (seed: number): Float64Array => {
    const rng = new Rng(seed);
    const xs = new Float64Array(n);
    for (let i = 0; i < n; i++) xs[i] = exponentialZiggurat(rng);
    return xs;
  };

  it("follow Exponential(1): Kolmogorov–Smirnov distance below the 1 % critical value, mean and variance 1 (10⁶ draws)", () => {
    const xs = draws(3).sort();
    let distance = 0;
    for (let i = 0; i < n; i++) {
      const cdf = 1 - Math.exp(-xs[i]!);
      distance = Math.max(distance, Math.abs(cdf - i / n), Math.abs(cdf - (i + 1) / n));
    }
    expect(distance).toBeLessThan(1.63 / Math.sqrt(n));
    const mean = xs.reduce((s, x) => s + x, 0) / n;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / n;
    // standard errors: 1/√n for the mean, √8/√n for the variance
    expect(Math.abs(mean - 1)).toBeLessThan(5 / Math.sqrt(n));
    expect(Math.abs(variance - 1)).toBeLessThan((5 * Math.sqrt(8)) / Math.sqrt(n));
    expect(xs[0]).toBeGreaterThanOrEqual(0);
  });

  it("reach the tail beyond the top layer (x > 7.7) and the wedges at their rates: P(X > 8) = e⁻⁸, P(0.5 < X ≤ 0.6) = e^−0.5 − e^−0.6", () => {
    const xs = draws(4);
    const share = (lo: number, hi: number): number => xs.reduce((k, x) => k + +(x > lo && x <= hi), 0);
    for (const [lo, hi] of [
      [8, Number.POSITIVE_INFINITY],
      [0.5, 0.6],
      [3, 3.1],
    ] as const) {
      const p = Math.exp(-lo) - Math.exp(-hi);
      const sd = Math.sqrt(n * p * (1 - p));
      expect(Math.abs(share(lo, hi) - n * p)).toBeLessThan(5 * sd);
    }
  });

  it("the same seed gives the same draws", () => {
    expect(draws(9).subarray(0, 1000)).toEqual(draws(9).subarray(0, 1000));
  });
});
