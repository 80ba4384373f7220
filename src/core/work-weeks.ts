/**
 * «A week» in the per-week norms of the settings (meetings, deliveries, consultations a week): a
 * working week of five days. A month holds its working days on the production calendar ÷ 5 weeks,
 * so a month with holidays holds fewer (January 2026: 15 working days → 3 weeks; March 2026:
 * 21 → 4,2). The workload KPI and the simulator (src/core/workload.ts) apply it to the month
 * itself; the plan check to the plan year's average month (its working days ÷ 12).
 *
 * Why working days and not 52/12 or 4,345 calendar weeks: the weekly norms are work done on
 * working days, and the capacity they are set against is the month's legal norm on the same
 * production calendar (8 h a working day). A calendar-week average would give January, with its
 * ten days of holidays, the same weekly work as March while its capacity is a third smaller.
 */

/** Working days of a full working week (the 40-hour five-day week of ТК РФ ст. 91). */
export const WORKING_DAYS_PER_WEEK = 5;

/**
 * Working weeks in a month of `workingDays` working days.
 * @example weeksInMonth(21) // 4.2
 */
export function weeksInMonth(workingDays: number): number {
  return workingDays / WORKING_DAYS_PER_WEEK;
}
