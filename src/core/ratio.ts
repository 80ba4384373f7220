/**
 * The one «share of» rule every rate follows, in the KPIs (loaders/metrics/) and in the figures a
 * page sums from pre-computed cells (support-figures.ts): a / b, or null when b is 0 or either is
 * null — a month with no judged tickets has no compliance, not 0 % or 100 %.
 *
 * @example ratio(216, 228) // 0.947…
 * @example ratio(0, 0)     // null
 */
export function ratio(numerator: number | null, denominator: number | null): number | null {
  if (numerator === null || denominator === null || denominator === 0) return null;
  return numerator / denominator;
}
