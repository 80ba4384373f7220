/**
 * «Проверка допущений»: every row's arithmetic recomputed by hand from the document's stated
 * assumptions (written out here, so edits of settings.json do not move the expectations).
 */
import { describe, expect, it } from "vitest";
import { planCheck, verdictOf, type PlanCheckRow } from "../loaders/metrics/plan-check.ts";
import { testSettings } from "./metrics-helpers.ts";

const settings = testSettings((s) => {
  s.workload.productive_share = 0.8;
  s.plan_check = {
    tolerance: 0.1,
    plan_year: 2026,
    full_time_hours_per_week: 40,
    tickets_per_year: 3500,
    tickets_per_month_claim: 292,
    tickets_per_working_day_claim: [14, 15],
    priority_shares: { emergency: [0.05, 0.1], standard: [0.6, 0.7], consultation: [0.2, 0.3] },
    priority_counts_claim: { emergency: [15, 30], standard: [175, 205], consultation: [60, 90] },
    hours_per_ticket: [1, 2],
    support_hours_per_week_claim: [20, 30],
    clients_target: 400,
    maintenance_visits_per_client_year: 4,
    maintenance_visits_claim: [40, 50],
    projects_per_month: 5,
    visits_per_project: [2, 3],
    project_visits_claim: [10, 15],
    engineer_visits_total_claim: [50, 65],
    engineer_visits_claim: [25, 35],
    engineer_hours_claim: [120, 150],
    preparation_hours_per_visit: [2, 3],
    paperwork_hours_per_visit: [1, 2],
    onsite_hours_per_visit: [2, 4],
    travel_hours_per_visit: [1, 2],
    expert_consultations_per_week: [5, 10],
    hours_per_consultation: 1,
    project_weeks: [3, 4],
    concurrent_projects_claim_roles: [15, 20],
    concurrent_projects_claim_load: 5,
    implementation_hours_per_week_claim: [40, 45],
    success_manager_hours_per_week_claim: [40, 50],
    success_manager_clients_cap: 300,
    second_success_manager_at_clients: 400,
  };
});

const rows = planCheck(settings);
const byId = new Map<string, PlanCheckRow>(rows.map((r) => [r.id, r]));
function expectRow(id: string, document: [number, number], recomputed: [number, number], verdict: string): void {
  const row = byId.get(id);
  expect(row, id).toBeDefined();
  expect(row!.document_value[0]).toBeCloseTo(document[0], 6);
  expect(row!.document_value[1]).toBeCloseTo(document[1], 6);
  expect(row!.recomputed_value[0]).toBeCloseTo(recomputed[0], 6);
  expect(row!.recomputed_value[1]).toBeCloseTo(recomputed[1], 6);
  expect(row!.verdict, id).toBe(verdict);
  expect(row!.claim_ru.length).toBeGreaterThan(10);
  expect(row!.explanation_ru.length).toBeGreaterThan(10);
}

// a month of the plan year: 2026 has 247 working days on the production calendar, 247 / 12 / 5 weeks
const WEEKS = 247 / 12 / 5;
// one full-time person: 40 h × 4.1167 weeks × 0.8 = 131.73 productive hours a month, 32 a week
const FTE_MONTH = 40 * WEEKS * 0.8;

describe("planCheck rows", () => {
  it("support: tickets, per day, mix", () => {
    expectRow("tickets_per_month", [292, 292], [3500 / 12, 3500 / 12], "ok");
    expectRow("tickets_per_working_day", [14, 15], [3500 / 247, 3500 / 247], "ok");
    expectRow("ticket_mix_emergency", [15, 30], [14.6, 29.2], "ok");
    expectRow("ticket_mix_standard", [175, 205], [175.2, 204.4], "ok");
    expectRow("ticket_mix_consultation", [60, 90], [58.4, 87.6], "ok");
  });
  it("support hours: 291.7–583.3 h a month, not 20–30 h a week (82.3–123.5 h)", () => {
    expectRow("support_hours", [20 * WEEKS, 30 * WEEKS], [3500 / 12, (3500 / 12) * 2], "understated");
    expectRow("support_fte", [1, 1], [3500 / 12 / FTE_MONTH, (3500 / 6) / FTE_MONTH], "understated"); // 2.10–4.20
  });
  it("engineer: 133 maintenance visits a month, not 40–50; hours and FTE", () => {
    expectRow("maintenance_visits", [40, 50], [1600 / 12, 1600 / 12], "understated");
    expectRow("project_visits", [10, 15], [10, 15], "ok");
    expectRow("engineer_visits_total", [50, 65], [10 + 1600 / 12, 15 + 1600 / 12], "understated");
    expectRow("engineer_visits_load", [25, 35], [10 + 1600 / 12, 15 + 1600 / 12], "understated");
    // 25 × (2 + 1 + 2 + 1) + 5 × 4.1167 = 170.58; 35 × (3 + 2 + 4 + 2) + 10 × 4.1167 = 426.17
    expectRow("engineer_hours", [120, 150], [150 + 5 * WEEKS, 385 + 10 * WEEKS], "understated");
    expectRow("engineer_fte", [1, 1], [(150 + 5 * WEEKS) / FTE_MONTH, (385 + 10 * WEEKS) / FTE_MONTH], "understated");
  });
  it("implementation: Little's law gives 3.64–4.86 concurrent projects", () => {
    expectRow("concurrent_projects_roles", [15, 20], [15 / WEEKS, 20 / WEEKS], "overstated");
    expectRow("concurrent_projects_load", [5, 5], [15 / WEEKS, 20 / WEEKS], "ok"); // 5 ≤ 4.858 × 1.1
    expectRow("implementation_fte", [1, 1], [40 / 32, 45 / 32], "understated");
  });
  it("МОС: 40–50 h a week is 1.25–1.56 people; the 400-client trigger is above the 300 cap", () => {
    expectRow("success_manager_fte", [1, 1], [40 / 32, 50 / 32], "understated");
    expectRow("success_manager_trigger", [400, 400], [301, 301], "overstated");
  });
  it("has exactly these rows", () => {
    expect(rows.map((r) => r.id)).toEqual([
      "tickets_per_month", "tickets_per_working_day", "ticket_mix_emergency", "ticket_mix_standard",
      "ticket_mix_consultation", "support_hours", "support_fte", "maintenance_visits", "project_visits",
      "engineer_visits_total", "engineer_visits_load", "engineer_hours", "engineer_fte",
      "concurrent_projects_roles", "concurrent_projects_load", "implementation_fte", "success_manager_fte",
      "success_manager_trigger",
    ]);
  });
});

describe("verdictOf", () => {
  it("ok within ±tolerance of the recomputed range, else under/overstated", () => {
    expect(verdictOf([90, 90], [100, 100], 0.1)).toBe("ok");
    expect(verdictOf([89.9, 89.9], [100, 100], 0.1)).toBe("understated");
    expect(verdictOf([110, 110], [100, 100], 0.1)).toBe("ok");
    expect(verdictOf([110.1, 120], [100, 100], 0.1)).toBe("overstated");
    expect(verdictOf([50, 200], [100, 120], 0)).toBe("ok"); // overlapping ranges
  });
});

describe("planCheck with the project's settings.json", () => {
  it("produces rows with finite numbers", () => {
    const real = planCheck(testSettings());
    expect(real.length).toBeGreaterThan(10);
    for (const r of real) for (const v of [...r.document_value, ...r.recomputed_value]) expect(Number.isFinite(v)).toBe(true);
  });
});
