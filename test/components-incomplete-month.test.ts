/**
 * An incomplete month in the report's cards and narrative: counts are compared with the same days
 * the metrics engine counted (same_days.*), every other KPI is not compared; a complete month is
 * compared with whole months as before.
 */
import { describe, expect, it } from "vitest";
import { formatSameDaysRu, incompleteMonthNoteRu } from "../src/core/format.ts";
import { KPI_CARDS, kpiCardModel, type MonthKpis } from "../src/components/kpi.ts";
import { generateNarrative } from "../src/components/narrative.ts";

const settings = {
  sla: { standard: { limit_calendar_days: 5, compliance_target: 0.95 } },
  targets: { escalation_rate_max: 0.15, csat_mean_min: 4.5 },
  triggers: { second_support_manager: { threshold: 400 } },
  status_thresholds: {},
};
const spec = (key: string) => KPI_CARDS.find((s) => s.key === key)!;

function month(m: string, total: number, escalation: number, extra: Record<string, unknown> = {}): MonthKpis {
  return { month: m, partial: false, tickets: { total, escalation_rate: escalation }, csat: { mean: 4.6 }, visits: { total: 30 }, ...extra };
}

const months: MonthKpis[] = [
  month("2025-11", 280, 0.1),
  month("2026-10", 332, 0.12),
  month("2026-11", 273, 0.2, {
    partial: true,
    as_of: "2026-11-24T20:59:59.999Z",
    visits: { total: 27 },
    same_days: { through_day: 24, tickets_total_previous_month: 259, tickets_total_year_ago: 223, visits_total_previous_month: 28, visits_total_year_ago: 23 },
  }),
];

describe("KPI cards of an incomplete month", () => {
  it("a count is compared with the same days of the month before and a year earlier", () => {
    const model = kpiCardModel(spec("tickets.total"), months, "2026-11", settings);
    expect(model).toMatchObject({ comparison: "same_days", throughDay: 24, previous: 259, yearAgo: 223, changeVsPrevious: 14, changeVsYearAgo: 50 });
    expect(kpiCardModel(spec("visits.total"), months, "2026-11", settings)).toMatchObject({ previous: 28, yearAgo: 23, changeVsPrevious: -1 });
  });

  it("a rate is not compared at all", () => {
    const model = kpiCardModel(spec("tickets.escalation_rate"), months, "2026-11", settings);
    expect(model).toMatchObject({ comparison: "none", previous: null, yearAgo: null, changeVsPrevious: null, improvedVsPrevious: null });
  });

  it("a same-days figure for a month outside the data is not shown", () => {
    const withoutYearAgo = months.filter((m) => m.month !== "2025-11");
    expect(kpiCardModel(spec("tickets.total"), withoutYearAgo, "2026-11", settings)).toMatchObject({ previous: 259, yearAgo: null });
  });

  it("a complete month compares whole months", () => {
    const model = kpiCardModel(spec("tickets.total"), months, "2026-10", settings);
    expect(model).toMatchObject({ comparison: "month", throughDay: null, previous: null, yearAgo: null });
    expect(kpiCardModel(spec("tickets.total"), [...months, month("2026-09", 300, 0.1)], "2026-10", settings).previous).toBe(300);
  });
});

describe("the narrative of an incomplete month", () => {
  const items = generateNarrative({ month: "2026-11", months, settings });
  const volume = items.find((i) => i.key === "tickets.total")!.text;

  it("compares the volume with days 1–24 of October, never with the whole of it", () => {
    expect(volume).toBe(
      "Обращений за 1–24 ноября (месяц не завершён): 273 — на 5,4\u00a0% больше, чем за те же дни предыдущего месяца, 1–24 октября (259); за 1–24 ноября 2025 — 223.",
    );
    expect(volume).not.toContain("332");
  });

  it("makes no month-on-month comparison of a rate", () => {
    const escalation = items.find((i) => i.key === "tickets.escalation_rate")!.text;
    expect(escalation).not.toContain("к прошлому месяцу");
    const complete = generateNarrative({ month: "2026-10", months, settings, nearFrom: 0.9 });
    expect(complete.find((i) => i.key === "tickets.total")!.text).toContain("Обращений за месяц: 332");
  });
});

describe("labels", () => {
  it("the note and the same-days range", () => {
    expect(incompleteMonthNoteRu("2026-11-24T20:59:59.999Z", "Europe/Moscow")).toBe("месяц не завершён: данные по 24 ноября");
    expect(formatSameDaysRu("2026-10", 24)).toBe("1–24 октября");
    expect(formatSameDaysRu("2026-02", 30, { withYear: true })).toBe("1–28 февраля 2026");
  });
});
