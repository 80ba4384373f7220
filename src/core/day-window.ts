/** The run of consecutive calendar days that holds the most of a list of days (where SLA breaches cluster). */

/** The length of the window in which the monthly report looks for clustered SLA breaches, days. */
export const BREACH_CLUSTER_DAYS = 5;

export interface DayWindow {
  /** the earliest and latest listed day inside the window, "YYYY-MM-DD" */
  first: string;
  last: string;
  /** how many of the listed days (repeats counted) fall inside it */
  count: number;
}

function dayNumber(day: string): number {
  return Math.floor(Date.parse(day.slice(0, 10) + "T00:00:00Z") / 86_400_000);
}

/**
 * The window of `windowDays` consecutive calendar days holding the most of `days`; first/last
 * are the earliest and latest day actually inside it. Ties go to the earliest window. Null for
 * no days.
 */
export function densestWindow(days: readonly string[], windowDays: number): DayWindow | null {
  if (days.length === 0) return null;
  const sorted = [...days].map((d) => d.slice(0, 10)).sort();
  const numbers = sorted.map(dayNumber);
  let best: DayWindow | null = null;
  let end = 0;
  for (let start = 0; start < numbers.length; start++) {
    if (end < start) end = start;
    while (end + 1 < numbers.length && numbers[end + 1]! - numbers[start]! < windowDays) end++;
    const count = end - start + 1;
    if (!best || count > best.count) best = { first: sorted[start]!, last: sorted[end]!, count };
  }
  return best;
}
