/**
 * The spread of monthly counts (signed projects, engineer visits) measured from the history,
 * for dispersed-counts.ts: the mean, the dispersion index D = sample variance / mean, and the
 * number of months behind them (the run draws its own mean and D from their sampling spread).
 */

export interface CountVariability {
  mean: number;
  /** sample variance / mean (1 = Poisson) */
  dispersion: number;
  /** months the figures come from */
  months: number;
}

/** months needed to measure a dispersion; fewer → Poisson (D = 1) */
export const MIN_DISPERSION_MONTHS = 6;
/** D is kept within these bounds: a few months cannot make a count all but fixed or wildly bursty */
export const DISPERSION_BOUNDS = [0.2, 5] as const;

function clampDispersion(d: number): number {
  const [lo, hi] = DISPERSION_BOUNDS;
  return Math.min(hi, Math.max(lo, d));
}

function meanOf(counts: readonly number[]): number {
  return counts.length > 0 ? counts.reduce((a, b) => a + b, 0) / counts.length : 0;
}

/** sample variance (n − 1 in the denominator) */
function varianceOf(counts: readonly number[]): number {
  const mean = meanOf(counts);
  return counts.reduce((a, c) => a + (c - mean) ** 2, 0) / (counts.length - 1);
}

/** mean, dispersion index and months of a series of monthly counts */
export function countVariability(counts: readonly number[]): CountVariability {
  const n = counts.length;
  const mean = meanOf(counts);
  if (n < MIN_DISPERSION_MONTHS || !(mean > 0)) return { mean, dispersion: 1, months: n };
  return { mean, dispersion: clampDispersion(varianceOf(counts) / mean), months: n };
}

/**
 * The dispersion of visits given the month's projects: Var(visits) less the part the projects'
 * own variation explains (visitsPerProject² · Var(projects)), over the mean visits. The
 * simulator draws each visit kind with it after drawing the projects.
 */
export function conditionalVisitDispersion(visits: readonly number[], projects: readonly number[], visitsPerProject: number): CountVariability {
  const v = countVariability(visits);
  if (v.months < MIN_DISPERSION_MONTHS || !(v.mean > 0) || projects.length !== visits.length) return v;
  const fromProjects = visitsPerProject * visitsPerProject * varianceOf(projects);
  return { mean: v.mean, dispersion: clampDispersion((varianceOf(visits) - fromProjects) / v.mean), months: v.months };
}
