/**
 * The site's backtest sizes its runs by the department's volume (loaders/simulator/backtest.ts
 * backtestRunsFor): within a budget of simulated tickets per forecast, between 100 and 500 runs;
 * the volume is the mean of the last 12 complete months' KPI `tickets.total`.
 */
import { describe, expect, it } from "vitest";
import { backtestRunsFor, BACKTEST_MAX_RUNS, BACKTEST_MIN_RUNS, recentTicketsPerMonth } from "../loaders/simulator/backtest.ts";
import type { MonthKpis } from "../loaders/metrics/month-kpis.ts";

function month(name: string, tickets: number, partial = false): MonthKpis {
  return { month: name, partial, tickets: { total: tickets } } as unknown as MonthKpis;
}

describe("backtestRunsFor", () => {
  it("keeps 500 runs for the sample's volume and the budget of 1,200,000 tickets above it", () => {
    expect(backtestRunsFor(300, 6)).toBe(500);
    expect(backtestRunsFor(400, 6)).toBe(500); // 1,200,000 / 2,400 = 500 exactly
    expect(backtestRunsFor(500, 6)).toBe(400); // 1,200,000 / 3,000
    expect(backtestRunsFor(1_000, 6)).toBe(200);
    expect(backtestRunsFor(800, 3)).toBe(500);
  });

  it("never goes below 100 runs, however large the department", () => {
    expect(backtestRunsFor(2_920, 6)).toBe(BACKTEST_MIN_RUNS); // 68 by the budget
    expect(backtestRunsFor(42_000, 6)).toBe(BACKTEST_MIN_RUNS);
  });

  it("gives the most runs when the volume is unknown", () => {
    expect(backtestRunsFor(0, 6)).toBe(BACKTEST_MAX_RUNS);
    expect(backtestRunsFor(Number.NaN, 6)).toBe(BACKTEST_MAX_RUNS);
  });
});

describe("recentTicketsPerMonth", () => {
  it("averages the last 12 complete months, leaving the month in progress out", () => {
    const months = [month("2025-01", 1_000)];
    for (let i = 2; i <= 13; i++) months.push(month(`2025-${String(i).padStart(2, "0")}`.replace("2025-13", "2026-01"), 100 * i));
    months.push(month("2026-02", 9_999, true));
    // the last 12 complete: 200, 300, …, 1,300 → mean 750
    expect(recentTicketsPerMonth(months)).toBe(750);
  });

  it("is 0 without a complete month", () => {
    expect(recentTicketsPerMonth([])).toBe(0);
    expect(recentTicketsPerMonth([month("2026-02", 50, true)])).toBe(0);
  });
});
