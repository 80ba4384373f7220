/**
 * Month spans for the pages' period filters. The figures of «Техподдержка» are summed from cells
 * computed in Node (src/core/support-figures.ts), not here.
 */
import { addMonths } from "../core/format.js";

/** Months from first to last inclusive. */
export function monthSpan(first: string, last: string): string[] {
  const months: string[] = [];
  for (let m = first; m <= last; m = addMonths(m, 1)) months.push(m);
  return months;
}

export type { SlaTrendRow } from "../core/support-figures.js";
