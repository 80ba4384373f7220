import { describe, expect, it } from "vitest";
import { bandTicks, monthDate, monthOf, monthTicks } from "../src/components/chart-common.ts";
import { segmentsInMonth } from "../src/components/clients-charts.ts";
import { periodTotals, stageRows, visitKindRows, type ProjectRow } from "../src/components/projects-charts.ts";
import { workloadComponentRows } from "../src/components/workload-charts.ts";
import type { MonthKpis } from "../src/components/kpi.ts";

const d = (s: string) => new Date(`${s}T00:00:00Z`);

describe("chart helpers", () => {
  it("maps months to UTC dates and back", () => {
    expect(monthDate("2026-03").toISOString()).toBe("2026-03-01T00:00:00.000Z");
    expect(monthOf(monthDate("2025-12"))).toBe("2025-12");
  });
  it("thins band ticks so labels fit, always keeping the latest month", () => {
    const months = Array.from({ length: 24 }, (_, i) => `20${25 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, "0")}`);
    const ticks = bandTicks(months, 380);
    expect(ticks.at(-1)).toBe("2026-12");
    expect(ticks.length).toBeLessThanOrEqual(4);
    expect(bandTicks(months.slice(0, 3), 1000)).toEqual(["2025-01", "2025-02", "2025-03"]);
    expect(monthTicks(1200, 12)).toBe("month");
    expect(monthTicks(300, 24)).toBe("6 months");
  });
});

describe("page aggregates", () => {
  it("picks one month's segment rows from the Node-computed table, in its order", () => {
    const rows = [
      { month: "2026-09", day: "2026-09-30", segment: "residential", active: 3, churned_12m: 0 },
      { month: "2026-10", day: "2026-10-31", segment: "cottage", active: 5, churned_12m: 1 },
      { month: "2026-10", day: "2026-10-31", segment: "residential", active: 2, churned_12m: 0 },
    ];
    expect(segmentsInMonth(rows, "2026-10").map((r) => r.segment)).toEqual(["cottage", "residential"]);
    expect(segmentsInMonth(rows, undefined)).toEqual([]);
  });
  it("splits projects into stages and stops at the stage under way", () => {
    const project: ProjectRow = {
      project_id: "P1",
      client_id: "C1",
      client_name: "ЖК",
      signed_at: d("2026-03-01"),
      due_at: d("2026-03-31"),
      audit_at: d("2026-03-05"),
      installed_at: null,
      commissioned_at: null,
      trained_at: null,
      handed_over_at: null,
      month: "2026-03",
      ttv_days: null,
      on_time: null,
    };
    expect(stageRows([project], d("2026-03-10"))).toEqual([
      { project_id: "P1", label: "P1 · ЖК", stage: "audit", start: d("2026-03-01"), end: d("2026-03-05"), open: false },
      { project_id: "P1", label: "P1 · ЖК", stage: "installation", start: d("2026-03-05"), end: d("2026-03-10"), open: true },
    ]);
  });
  it("reads visits per kind and the period's totals from the monthly KPIs", () => {
    const month = (m: string, started: number, completed: number | null, byKind: Record<string, number> | null) =>
      ({ month: m, projects: { started, completed }, visits: byKind ? { total: Object.values(byKind).reduce((a, b) => a + b, 0), by_kind: byKind } : null }) as unknown as MonthKpis;
    const months = [
      month("2026-03", 2, 1, { audit: 2, installation: 0, training: 1 }),
      month("2026-04", 1, null, null),
      month("2026-05", 0, 3, { maintenance: 4, emergency: 1 }),
    ];
    expect(visitKindRows(months)).toEqual([
      { month: "2026-03", kind: "audit", visits: 2 },
      { month: "2026-03", kind: "training", visits: 1 },
      { month: "2026-05", kind: "maintenance", visits: 4 },
      { month: "2026-05", kind: "emergency", visits: 1 },
    ]);
    expect(periodTotals(months)).toEqual({ started: 3, completed: 4, visits: 8 });
  });
});

describe("plan-check figures", () => {
  it("write a range with its unit, one number when both ends agree", async () => {
    const { formatPlanValue } = await import("../src/components/workload-charts.ts");
    expect(formatPlanValue([291.7, 583.3], "ч в месяц")).toBe("291,7–583,3 ч в месяц");
    expect(formatPlanValue([292, 292], "обращений в месяц")).toBe("292 обращения в месяц");
    expect(formatPlanValue([133.33, 133.34], "выездов в месяц")).toBe("133,3 выезда в месяц");
    expect(formatPlanValue(1, "ставок")).toBe("1 ставка");
    expect(formatPlanValue([1, 1], "ставок")).toBe("1 ставка");
    expect(formatPlanValue([2.1, 4.2], "ставок")).toBe("2,1–4,2 ставки");
    expect(formatPlanValue([2, 2.96], "ставок")).toBe("2–3,0 ставки");
    expect(formatPlanValue([25, 35], "выездов в месяц")).toBe("25–35 выездов в месяц");
    expect(formatPlanValue(301, "клиентов")).toBe("301 клиент");
    expect(formatPlanValue([14, 15], "обращений в рабочий день")).toBe("14–15 обращений в рабочий день");
    expect(formatPlanValue([3.5, 4.6], "проектов одновременно")).toBe("3,5–4,6 проекта одновременно");
    expect(formatPlanValue([120, 150], "ч в месяц")).toBe("120–150 ч в месяц");
    expect(formatPlanValue(null, "ч")).toBe("нет данных");
  });
});

describe("workload components", () => {
  it("splits each role's demand into its parts, largest first, roles in the page's order, empty parts left out", () => {
    const month = {
      month: "2026-10",
      workload: {
        senior_engineer: { demand_hours: 100, capacity_hours: 140.8, utilization: 100 / 140.8, components: { travel: 20, onsite: 50, expertise: 0, paperwork: 30 } },
        head: { demand_hours: 10, capacity_hours: 140.8, utilization: 10 / 140.8, components: { meetings: 4, monthly_report: 6 } },
        support_manager: { demand_hours: null, capacity_hours: 140.8, utilization: null, components: {} },
      },
    };
    const rows = workloadComponentRows(month);
    expect(rows.map((r) => `${r.role}/${r.component}=${r.hours}`)).toEqual([
      "head/monthly_report=6",
      "head/meetings=4",
      "senior_engineer/onsite=50",
      "senior_engineer/paperwork=30",
      "senior_engineer/travel=20",
    ]);
    expect(rows[2]).toMatchObject({ demand_hours: 100, capacity_hours: 140.8 });
    expect(workloadComponentRows(undefined)).toEqual([]);
  });
});
