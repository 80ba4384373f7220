/**
 * The shape of the monthly KPI object (loaders/metrics/month-kpis.ts) as the CLI, the warehouse
 * and the pages read it: a tree of numbers, strings, flags and nulls, one month a tree; a KPI
 * with a target carries `<key>_target` and `<key>_status`.
 */

export type KpiStatus = "ok" | "miss";
export type KpiValue = number | string | boolean | null;
export interface KpiTree {
  [key: string]: KpiValue | KpiTree;
}

export interface MonthKpis extends KpiTree {
  month: string;
  month_name_ru: string;
  as_of: string;
  /** the month is not complete at as_of (lastCompleteMonthAt) */
  partial: boolean;
  /** the month's figures can still change: it is partial, or a ticket of it is still in progress */
  provisional: boolean;
}

/** Status of a value against a lower (`min`) or upper (`max`) bound; inclusive. */
export function targetStatus(value: number | null, target: number | null, direction: "min" | "max"): KpiStatus | null {
  if (value === null || target === null || target === undefined) return null;
  return (direction === "min" ? value >= target : value <= target) ? "ok" : "miss";
}

/** "a.b.c" → value, for every leaf of a KPI tree. */
export function flattenKpis(tree: KpiTree, prefix = ""): Record<string, KpiValue> {
  const out: Record<string, KpiValue> = {};
  for (const [key, value] of Object.entries(tree)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (value !== null && typeof value === "object") Object.assign(out, flattenKpis(value, path));
    else out[path] = value;
  }
  return out;
}
