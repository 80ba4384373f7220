/**
 * Seeded pseudo-random numbers for the simulator: sfc32 (Small Fast Counter, 32-bit state ×4).
 * Same seed → same stream on every engine (Node, browsers), since it only uses 32-bit integer
 * arithmetic (Math.imul, >>>). No allocation per draw.
 */
import { Sfc32 } from "../sfc32.js";

/** splitmix32 spreads a small integer seed over the four state words. */
function splitmixWords(seed: number): [number, number, number, number] {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x9e3779b9) | 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  return [next(), next(), next(), next()];
}

export class Rng extends Sfc32 {
  /** cached second normal of the polar method (NaN when empty) */
  private spareNormal = Number.NaN;

  constructor(seed: number) {
    super(...splitmixWords(seed), 12);
  }

  /** uniform on [0, 1) with 32 bits of resolution */
  uniform(): number {
    return this.nextUint32() / 4294967296;
  }

  /** uniform on (0, 1]: safe under Math.log */
  uniformPositive(): number {
    return (this.nextUint32() + 1) / 4294967296;
  }

  /** exponential with mean 1 */
  exponential(): number {
    return -Math.log(this.uniformPositive());
  }

  /**
   * Standard normal by the ziggurat method (Marsaglia & Tsang 2000, 128 layers); the layer and the
   * value come from two independent 32-bit draws. About 98.8 % of draws need no log or exp.
   */
  normal(): number {
    for (;;) {
      const iz = this.nextUint32() & 127;
      const hz = this.nextUint32() | 0;
      if (Math.abs(hz) < ZIG_K[iz]!) return hz * ZIG_W[iz]!;
      const x = hz * ZIG_W[iz]!;
      if (iz === 0) {
        // the tail beyond R, by Marsaglia's exponential method
        let tx = 0;
        let ty = 0;
        do {
          tx = -Math.log(this.uniformPositive()) / ZIG_R;
          ty = -Math.log(this.uniformPositive());
        } while (ty + ty < tx * tx);
        return hz > 0 ? ZIG_R + tx : -ZIG_R - tx;
      }
      if (ZIG_F[iz]! + this.uniform() * (ZIG_F[iz - 1]! - ZIG_F[iz]!) < Math.exp(-0.5 * x * x)) return x;
    }
  }

  /** standard normal by the Marsaglia polar method (reference implementation for tests) */
  normalPolar(): number {
    const spare = this.spareNormal;
    if (spare === spare) {
      this.spareNormal = Number.NaN;
      return spare;
    }
    let u = 0;
    let v = 0;
    let s = 0;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const factor = Math.sqrt((-2 * Math.log(s)) / s);
    this.spareNormal = v * factor;
    return u * factor;
  }

  /** lognormal: exp(mu + sigma·Z) */
  lognormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.normal());
  }

  /**
   * Poisson count with the given mean: multiplication method for small means, a normal
   * approximation with continuity correction above 500 (relative error far below Monte-Carlo error).
   */
  poisson(mean: number): number {
    if (!(mean > 0)) return 0;
    if (mean < 30) {
      const limit = Math.exp(-mean);
      let k = 0;
      let p = this.uniform();
      while (p > limit) {
        k++;
        p *= this.uniform();
      }
      return k;
    }
    if (mean <= 500) {
      // sum of Poisson(≤ 30) parts keeps the exact distribution
      let total = 0;
      let rest = mean;
      while (rest > 0) {
        const part = rest > 25 ? 25 : rest;
        total += this.poisson(part);
        rest -= part;
      }
      return total;
    }
    const x = Math.round(mean + Math.sqrt(mean) * this.normal());
    return x < 0 ? 0 : x;
  }

  /** binomial(n, p) for small p·n via the Poisson limit when n is large, exact Bernoulli sum otherwise */
  binomial(n: number, p: number): number {
    if (n <= 0 || p <= 0) return 0;
    if (p >= 1) return n;
    if (n <= 64) {
      let k = 0;
      for (let i = 0; i < n; i++) if (this.uniform() < p) k++;
      return k;
    }
    const k = this.poisson(n * p);
    return k > n ? n : k;
  }
}

// Ziggurat tables for the standard normal (Marsaglia & Tsang 2000, «RNOR» with 128 layers).
const ZIG_R = 3.442619855899;
const ZIG_K = new Float64Array(128);
const ZIG_W = new Float64Array(128);
const ZIG_F = new Float64Array(128);
(() => {
  const m1 = 2147483648;
  const vn = 9.91256303526217e-3;
  let dn = ZIG_R;
  let tn = dn;
  const q = vn / Math.exp(-0.5 * dn * dn);
  ZIG_K[0] = (dn / q) * m1;
  ZIG_K[1] = 0;
  ZIG_W[0] = q / m1;
  ZIG_W[127] = dn / m1;
  ZIG_F[0] = 1;
  ZIG_F[127] = Math.exp(-0.5 * dn * dn);
  for (let i = 126; i >= 1; i--) {
    dn = Math.sqrt(-2 * Math.log(vn / dn + Math.exp(-0.5 * dn * dn)));
    ZIG_K[i + 1] = (dn / tn) * m1;
    tn = dn;
    ZIG_F[i] = Math.exp(-0.5 * dn * dn);
    ZIG_W[i] = dn / m1;
  }
})();

/** Independent seed of run `run` in a simulation seeded with `seed`. */
export function runSeed(seed: number, run: number): number {
  return (Math.imul((seed >>> 0) ^ 0x5bd1e995, 0x27d4eb2d) + Math.imul(run + 1, 0x9e3779b9)) >>> 0;
}
