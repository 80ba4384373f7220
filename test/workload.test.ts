/**
 * Workload arithmetic per role (hand-computed), capacity from the production calendar's
 * working-time norm, status thresholds, and the scaling triggers at their thresholds.
 */
import { describe, expect, it } from "vitest";
import { normHoursInMonth, workingDaysInMonth } from "../loaders/calendar/business-calendar.ts";
import { evaluateTriggers } from "../loaders/metrics/triggers.ts";
import { computeWorkload, loadStatus } from "../src/core/workload.ts";
import type { Settings } from "../loaders/settings.ts";
import { testSettings } from "./metrics-helpers.ts";

/** The norms written out here so the expectations do not move when settings.json is edited. */
function fixedSettings(patch: (s: Settings) => void = () => {}): Settings {
  return testSettings((s) => {
    s.workload.productive_share = 0.8;
    (s.workload as Record<string, unknown>).hours_per_week = 40;
    s.workload.headcount = { head: 1, support_manager: 1, success_manager: 1, implementation_manager: 1, senior_engineer: 1 };
    s.workload.success_manager = {
      hours_per_client_month: 0.234,
      onboarding_hours_per_new_client: 1,
      trainings_per_new_client: 1,
      hours_per_training: 2,
      deliveries_per_week: 6.5,
      hours_per_delivery: 1,
      billing_hours_per_month: 13.5,
      supplier_requests_per_week: 6.5,
      hours_per_supplier_request: 0.5,
    };
    s.workload.implementation_manager = { hours_per_project_week: 8.5 };
    Object.assign(s.workload.senior_engineer, {
      preparation_hours_per_visit: 2.5,
      paperwork_hours_per_visit: 1.5,
      expert_consultations_per_week: 7.5,
      hours_per_consultation: 1,
    });
    s.workload.head = {
      team_meeting_hours_per_week: 1.5,
      cross_department_meeting_hours_per_week: 1.5,
      complex_cases_per_day: 7.5,
      hours_per_complex_case: 0.25,
      sla_review_hours_per_day: 0.25,
      monthly_report_hours: 6,
    };
    s.status_thresholds = { amber_from: 0.8, red_above: 1.0 };
    patch(s);
  });
}

describe("capacity basis", () => {
  it("March 2026: 21 working days (9 March is the transferred 8 March), norm 168 h; April 2026: 30 April shortened → 175 h", () => {
    const calendar = testSettings().calendar;
    expect(workingDaysInMonth("2026-03", calendar)).toBe(21);
    expect(normHoursInMonth("2026-03", calendar, 40)).toBe(168);
    expect(normHoursInMonth("2026-04", calendar, 40)).toBe(21 * 8 + 7);
  });
});

describe("computeWorkload, March 2026 (21 working days = 4.2 weeks, norm 168 h)", () => {
  const settings = fixedSettings();
  const load = computeWorkload(
    {
      workingDays: 21,
      normHours: 168,
      ticketEffortHours: 100,
      activeClients: 250,
      newClients: 5,
      projectWeeks: 10,
      visits: { total: 20, onsiteHours: 60, travelHours: 30 },
    },
    settings,
  );
  const capacity = 168 * 0.8; // 134.4 h per person

  it("support manager: Σ ticket effort", () => {
    expect(load.support_manager.demand_hours).toBe(100);
    expect(load.support_manager.capacity_hours).toBeCloseTo(capacity, 12);
    expect(load.support_manager.utilization).toBeCloseTo(100 / 134.4, 12);
    expect(load.support_manager.status).toBe("green");
  });
  it("МОС: portfolio + onboarding + deliveries + suppliers + billing", () => {
    // 250 × 0.234 = 58.5; 5 × (1 + 1 × 2) = 15; 4.2 × 6.5 × 1 = 27.3; 4.2 × 6.5 × 0.5 = 13.65; 13.5
    expect(load.success_manager.components).toEqual({
      portfolio: expect.closeTo(58.5, 10),
      onboarding: 15,
      deliveries: expect.closeTo(27.3, 10),
      suppliers: expect.closeTo(13.65, 10),
      billing: 13.5,
    });
    expect(load.success_manager.demand_hours).toBeCloseTo(127.95, 10);
    expect(load.success_manager.utilization).toBeCloseTo(127.95 / 134.4, 12); // 0.952
    expect(load.success_manager.status).toBe("amber");
  });
  it("implementation manager: project-weeks × 8.5 h", () => {
    expect(load.implementation_manager.demand_hours).toBe(85);
    expect(load.implementation_manager.status).toBe("green");
  });
  it("senior engineer: on-site + travel + visits × (2.5 + 1.5) + weeks × 7.5 × 1", () => {
    // 60 + 30 + 50 + 30 + 31.5 = 201.5
    expect(load.senior_engineer.demand_hours).toBeCloseTo(201.5, 10);
    expect(load.senior_engineer.utilization).toBeCloseTo(201.5 / 134.4, 12);
    expect(load.senior_engineer.status).toBe("red");
  });
  it("head: meetings + complex cases + SLA review + monthly report", () => {
    // 4.2 × 3 = 12.6; 21 × 7.5 × 0.25 = 39.375; 21 × 0.25 = 5.25; 6
    expect(load.head.demand_hours).toBeCloseTo(63.225, 10);
    expect(load.head.status).toBe("green");
  });
  it("a role without its export has null demand, utilization and status; capacity still shown", () => {
    const partial = computeWorkload(
      { workingDays: 21, normHours: 168, ticketEffortHours: 0, activeClients: 0, newClients: 0, projectWeeks: null, visits: null },
      settings,
    );
    expect(partial.implementation_manager).toMatchObject({ demand_hours: null, utilization: null, status: null });
    expect(partial.senior_engineer.capacity_hours).toBeCloseTo(capacity, 12);
  });
  it("a partial month scales the per-month norms by the share of its working days", () => {
    const half = computeWorkload(
      { workingDays: 10, monthFraction: 0.5, normHours: 80, ticketEffortHours: 0, activeClients: 250, newClients: 0, projectWeeks: 0, visits: null },
      settings,
    );
    // portfolio 0.5 × 250 × 0.234 = 29.25; billing 0.5 × 13.5 = 6.75; 2 weeks of deliveries and suppliers
    expect(half.success_manager.components).toEqual({
      portfolio: expect.closeTo(29.25, 10),
      onboarding: 0,
      deliveries: expect.closeTo(13, 10),
      suppliers: expect.closeTo(6.5, 10),
      billing: 6.75,
    });
    expect(half.head.components.monthly_report).toBe(3);
    expect(half.head.capacity_hours).toBeCloseTo(64, 12);
  });
  it("headcount scales capacity", () => {
    const two = computeWorkload(
      { workingDays: 21, normHours: 168, ticketEffortHours: 200, activeClients: 0, newClients: 0, projectWeeks: 0, visits: null },
      fixedSettings((s) => (s.workload.headcount.support_manager = 2)),
    );
    expect(two.support_manager.capacity_hours).toBeCloseTo(268.8, 12);
    expect(two.support_manager.utilization).toBeCloseTo(200 / 268.8, 12);
  });
});

describe("loadStatus", () => {
  const settings = fixedSettings();
  it("green < 0.8 ≤ amber ≤ 1.0 < red", () => {
    expect(loadStatus(0.7999, settings)).toBe("green");
    expect(loadStatus(0.8, settings)).toBe("amber");
    expect(loadStatus(1.0, settings)).toBe("amber");
    expect(loadStatus(1.0001, settings)).toBe("red");
    expect(loadStatus(null, settings)).toBeNull();
  });
});

describe("evaluateTriggers", () => {
  const settings = fixedSettings((s) => {
    s.triggers = {
      second_support_manager: { metric: "tickets_per_month", threshold: 400, comparison: "gte" },
      second_success_manager: { metric: "active_clients", threshold: 400, comparison: "gte", clients_per_manager_max: 300 },
      second_engineer: { metric: "projects_per_month", threshold: 7, comparison: "gte" },
      implementation_assistant: { metric: "implementation_manager_utilization", threshold: 1.0, comparison: "gt" },
    };
  });
  const base = { tickets: 0, activeClients: 0, projectsStarted: 0, implementationUtilization: 0 };

  it("tickets: fires at 400 inclusive", () => {
    expect(evaluateTriggers({ ...base, tickets: 400 }, settings).second_support_manager).toMatchObject({ fired: true, value: 400, threshold: 400, nearness: 1 });
    const below = evaluateTriggers({ ...base, tickets: 399 }, settings).second_support_manager;
    expect(below.fired).toBe(false);
    expect(below.nearness).toBeCloseTo(399 / 400, 12);
  });
  it("clients: 300 per МОС is the cap (fires above it), 400 in total fires", () => {
    const at300 = evaluateTriggers({ ...base, activeClients: 300 }, settings).second_success_manager;
    expect(at300.fired).toBe(false);
    expect(at300.nearness).toBe(1); // max(300/400, 300/300)
    expect(evaluateTriggers({ ...base, activeClients: 301 }, settings).second_success_manager.fired).toBe(true);
    const two = fixedSettings((s) => {
      s.triggers = settings.triggers;
      s.workload.headcount.success_manager = 2;
    });
    const r = evaluateTriggers({ ...base, activeClients: 600 }, two).second_success_manager;
    expect(r).toMatchObject({ fired: false, threshold: 800 }); // 300 per МОС, 600 < 800
    expect(evaluateTriggers({ ...base, activeClients: 601 }, two).second_success_manager.fired).toBe(true);
  });
  it("projects: fires at 7 inclusive; null without projects", () => {
    expect(evaluateTriggers({ ...base, projectsStarted: 7 }, settings).second_engineer.fired).toBe(true);
    expect(evaluateTriggers({ ...base, projectsStarted: 6 }, settings).second_engineer.fired).toBe(false);
    expect(evaluateTriggers({ ...base, projectsStarted: null }, settings).second_engineer).toMatchObject({ fired: null, value: null, nearness: null });
  });
  it("implementation assistant: over 100 % only", () => {
    expect(evaluateTriggers({ ...base, implementationUtilization: 1.0 }, settings).implementation_assistant.fired).toBe(false);
    expect(evaluateTriggers({ ...base, implementationUtilization: 1.01 }, settings).implementation_assistant.fired).toBe(true);
  });
});
