/**
 * «A week» in the per-week norms of the settings (meetings, deliveries, consultations a week): a
 * working week of five days. A month holds its working days on the production calendar ÷ 5 weeks,
 * so a month with holidays holds fewer (January 2026: 15 working days → 3 weeks; March 2026:
 * 21 → 4,2). The workload KPI applies it to the month itself; the plan check to the plan year's
 * average month (its working days ÷ 12).
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
