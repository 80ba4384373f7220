/**
 * What the calibration's queries add to the metric SQL helpers (loaders/metrics/sql.ts: queryRows,
 * tableExists): a value read as a number where a missing one is NaN (a fallback then applies), and a
 * UTC column as Moscow-local time.
 */

/** a DuckDB value as a number: NULL → NaN, BIGINT → number */
export function num(value: unknown): number {
  if (value === null || value === undefined) return Number.NaN;
  return typeof value === "bigint" ? Number(value) : Number(value);
}

/** Moscow-local timestamp of a UTC TIMESTAMP column */
export const LOCAL = (column: string, tz: string): string => `timezone('${tz}', ${column}::TIMESTAMPTZ)`;
