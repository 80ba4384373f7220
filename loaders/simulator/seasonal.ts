/**
 * The seasonal profile's noise. A multiplier per calendar month measured from one or two years
 * carries that month's Poisson noise (relative variance ≈ 1 / tickets of the month); used as is,
 * a forecast repeats last year's chance highs and lows and its band misses the actuals far more
 * often than 20 % of the time. The multipliers are shrunk toward their mean by the share of
 * their spread that noise explains (an empirical-Bayes / James–Stein factor): pure noise gives
 * a flat profile, a strong season stays almost as measured.
 */

/** 0…1: how much of the multipliers' spread around their mean is kept */
export function seasonalKeepFactor(multipliers: readonly number[], tickets: readonly number[]): number {
  const n = multipliers.length;
  if (n < 2) return 0;
  const mean = multipliers.reduce((a, b) => a + b, 0) / n;
  let spread = 0;
  let noise = 0;
  for (let i = 0; i < n; i++) {
    spread += (multipliers[i]! - mean) ** 2;
    noise += tickets[i]! > 0 ? multipliers[i]! ** 2 / tickets[i]! : 0;
  }
  spread /= n - 1;
  noise /= n;
  if (!(spread > 0)) return 0;
  return Math.min(1, Math.max(0, 1 - noise / spread));
}

/**
 * The multipliers shrunk toward their mean by seasonalKeepFactor. The months' lengths are a known
 * part of the profile (February has 28 days): the shrinking works on the multipliers per day of
 * month (`days[i]` days of calendar month i) and the lengths are put back afterwards.
 */
export function shrinkSeasonal(multipliers: readonly number[], tickets: readonly number[], days: readonly number[]): number[] {
  const meanDays = days.reduce((a, b) => a + b, 0) / days.length;
  const perDay = multipliers.map((v, i) => v / (days[i]! / meanDays));
  const keep = seasonalKeepFactor(perDay, tickets);
  const mean = perDay.reduce((a, b) => a + b, 0) / perDay.length;
  return perDay.map((v, i) => (mean + keep * (v - mean)) * (days[i]! / meanDays));
}

/**
 * The relative standard error of each shrunk multiplier (the same per-day multipliers as
 * shrinkSeasonal): a multiplier measured from T tickets carries relative variance 1 / T, and the
 * shrinking keeps `keep` of it (the posterior variance of the empirical-Bayes estimate), so
 * √(keep / T). Each run draws its season from it (run-parameters.ts).
 */
export function seasonalRelativeErrors(multipliers: readonly number[], tickets: readonly number[], days: readonly number[]): number[] {
  const meanDays = days.reduce((a, b) => a + b, 0) / days.length;
  const keep = seasonalKeepFactor(
    multipliers.map((v, i) => v / (days[i]! / meanDays)),
    tickets,
  );
  return tickets.map((t) => (t > 0 ? Math.sqrt(keep / t) : 0));
}
