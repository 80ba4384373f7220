/**
 * «Weeks in a month» is one rule (src/core/work-weeks.ts: working days on the production calendar
 * ÷ 5), and the workload KPI and the simulator both apply it through src/core/workload.ts: the
 * weekly work of the МОС (deliveries, supplier requests) and of the senior engineer (expert
 * consultations) comes out the same in both for months with holidays and without.
 */
import { describe, expect, it } from "vitest";
import { normHoursInMonth, workingDaysInMonth } from "../loaders/calendar/business-calendar.ts";
import { defaultScenario } from "../loaders/simulator/defaults.ts";
import { simulatorCalendar } from "../loaders/simulator/calendar.ts";
import { simulate } from "../src/core/simulator/engine.ts";
import { MONTH_METRICS } from "../src/core/simulator/types.ts";
import { mergeScenario } from "../src/core/simulator/scenario.ts";
import { weeksInMonth } from "../src/core/work-weeks.ts";
import { computeWorkload, onboardingHours, weeklyTaskHours } from "../src/core/workload.ts";
import { testSettings } from "./metrics-helpers.ts";

describe("weeksInMonth", () => {
  it("is the month's working days ÷ 5: January 2026 (15 working days) 3 weeks, March 2026 (21) 4.2", () => {
    const calendar = testSettings().calendar;
    expect(weeksInMonth(workingDaysInMonth("2026-01", calendar))).toBe(3);
    expect(weeksInMonth(workingDaysInMonth("2026-03", calendar))).toBeCloseTo(4.2, 12);
  });

  it("weeklyTaskHours and onboardingHours follow their @example", () => {
    expect(weeklyTaskHours(2, 1.5, 21)).toBeCloseTo(12.6, 12);
    expect(onboardingHours(3, 4, 1, 2)).toBe(18);
  });
});

describe("the simulator's weekly work equals the workload KPI's, month by month", () => {
  const settings = testSettings();
  const START = "2026-01";
  const HORIZON = 6;
  // no clients, tickets, projects or visits: what is left of the МОС's and the engineer's demand is the weekly and monthly work
  const scenario = mergeScenario(defaultScenario(settings, START), {
    horizonMonths: HORIZON,
    clients: { initial: 0, churnRatePerMonth: 0, newClientsPerProject: 0 },
    projects: { perMonth: 0 },
    maintenanceVisitsPerClientPerQuarter: 0,
    emergencyVisitsPerEmergencyTicket: 0,
    absences: { enabled: false },
  });
  const { calendar } = simulatorCalendar(START, HORIZON + 1, settings.calendar, undefined, settings.workload.hours_per_week ?? 40);
  const run = simulate(scenario, calendar, { runs: 1, seed: 1 });
  const at = (m: number, metric: string) => run.values[m * MONTH_METRICS.length + MONTH_METRICS.indexOf(metric as never)]!;

  for (let m = 0; m < HORIZON; m++) {
    const month = `2026-0${m + 1}`;
    it(`${month}: МОС and senior engineer utilization as the KPI's`, () => {
      const kpi = computeWorkload(
        {
          workingDays: workingDaysInMonth(month, settings.calendar),
          normHours: normHoursInMonth(month, settings.calendar, settings.workload.hours_per_week ?? 40),
          ticketEffortHours: 0,
          activeClients: 0,
          newClients: 0,
          projectWeeks: 0,
          visits: { total: 0, onsiteHours: 0, travelHours: 0 },
        },
        settings,
      );
      expect(at(m, "util_success_manager")).toBeCloseTo(kpi.success_manager.utilization!, 12);
      expect(at(m, "util_senior_engineer")).toBeCloseTo(kpi.senior_engineer.utilization!, 12);
      expect(at(m, "engineer_hours")).toBeCloseTo(kpi.senior_engineer.demand_hours!, 12);
    });
  }
});
