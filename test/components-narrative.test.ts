import { describe, expect, it } from "vitest";
import { kpiCardModel, KPI_CARDS, valueAt, type MonthKpis } from "../src/components/kpi.ts";
import { generateNarrative, nearTriggers } from "../src/components/narrative.ts";
import { densestWindow } from "../src/core/day-window.ts";
import type { LateProjectRow, LateProjects, LostClientRow, TicketDrivers } from "../src/core/rows.ts";
import { statusAgainstTarget, utilizationStatus } from "../src/components/status.ts";

const S = "\u00a0";
const settings = {
  sla: {
    emergency: { response_business_minutes: 15, limit_business_minutes: 240, compliance_target: 1 },
    standard: { limit_calendar_days: 5, compliance_target: 0.95 },
    consultation: { limit_calendar_days: 5, compliance_target: 0.95 },
  },
  targets: { escalation_rate_max: 0.15, csat_mean_min: 4.5, nps_min: 50, nps_responses_min: 50, logo_retention_12m_min: 0.98 },
  triggers: {
    second_support_manager: { metric: "tickets_per_month", threshold: 400 },
    implementation_assistant: { metric: "implementation_manager_utilization", threshold: 1 },
  },
  status_thresholds: { amber_from: 0.8, red_above: 1 },
};

/** `standard`: the compliance, or [met, breached] of 200 judged tickets */
function month(m: string, total: number, standard: number | [number, number], extra: Record<string, unknown> = {}): MonthKpis {
  const standardNode = typeof standard === "number" ? { compliance: standard } : { compliance: standard[0] / (standard[0] + standard[1]), met: standard[0], breached: standard[1] };
  return {
    month: m,
    tickets: { total, per_working_day: total / 21, escalation_rate: 0.1 },
    sla: { emergency: { compliance: 1 }, standard: standardNode, consultation: { compliance: 0.97 } },
    ...extra,
  };
}

const months: MonthKpis[] = [
  month("2025-03", 250, 0.97),
  month("2026-02", 280, 0.96),
  month("2026-03", 300, [186, 14], {
    csat: { mean: 4.4 },
    nps: { score: 42, interval_low: 31.6, interval_high: 50.4, responses: 38 },
    workload: {
      support_manager: { demand_hours: 180, capacity_hours: 160, utilization: 1.125 },
      senior_engineer: { demand_hours: 120, capacity_hours: 160, utilization: 0.75 },
      success_manager: { demand_hours: 136, capacity_hours: 160, utilization: 0.85 },
    },
    triggers: {
      second_support_manager: { fired: false, value: 340, threshold: 400, nearness: 0.85, near: true },
      second_engineer: { fired: false, value: 3, threshold: 7, nearness: 3 / 7 },
      second_success_manager: { fired: false, value: 370, threshold: 400, nearness: 0.925 },
      implementation_assistant: { fired: true, value: 1.1, threshold: 1, nearness: 1.1 },
    },
  }),
];

describe("densestWindow", () => {
  it("finds the 5-day window with most days, earliest on ties", () => {
    const days = ["2026-03-02", "2026-03-10", "2026-03-11", "2026-03-14", "2026-03-14", "2026-03-15", "2026-03-25"];
    // 10..14: 4 days; 11..15: 4 days → earliest wins
    expect(densestWindow(days, 5)).toEqual({ first: "2026-03-10", last: "2026-03-14", count: 4 });
    expect(densestWindow([], 5)).toBeNull();
    expect(densestWindow(["2026-03-01"], 5)).toEqual({ first: "2026-03-01", last: "2026-03-01", count: 1 });
  });
});

describe("generateNarrative", () => {
  // as loaders/metrics/sla.ts computes it (densestWindow): 9 of the 14 breaches on 10–14 March
  const cluster = { first: "2026-03-10", last: "2026-03-14", count: 9 };
  const items = generateNarrative({
    month: "2026-03",
    months,
    settings,
    breaches: [{ month: "2026-03", priority: "standard", judged: 200, breached: 14, cluster }],
  });
  const text = (key: string) => items.find((i) => i.key === key)?.text;

  it("states the volume with its changes", () => {
    expect(text("tickets.total")).toBe(
      `Обращений за месяц: 300 (14,3 в рабочий день) — на 7,1${S}% больше, чем месяцем ранее (280); год назад — 250.`,
    );
  });
  it("explains a missed SLA with the breached count and the densest days", () => {
    const item = items.find((i) => i.key === "sla.standard.compliance")!;
    expect(item.text).toBe(`SLA стандартных обращений 93,0${S}% при цели 95${S}%: 14 из 200 не решены за 5${S}дней, 9 из них — 10–14 марта.`);
    expect(item.tone).toBe("warn");
  });
  it("marks a provisional SLA and names breach days only when they are the KPI's own tickets", () => {
    const provisional = month("2026-03", 300, [186, 14]);
    (provisional.sla as Record<string, Record<string, unknown>>).standard!.provisional = true;
    const breaches = [{ month: "2026-03", priority: "standard", judged: 199, breached: 14, cluster }];
    const item = generateNarrative({ month: "2026-03", months: [provisional], settings, breaches }).find((i) => i.key === "sla.standard.compliance")!;
    // 199 judged in the breach summary, 200 in the KPI: a different judgement, so no counts from it
    expect(item.text).toBe(`SLA стандартных обращений 93,0${S}% (предварительно) при цели 95${S}%.`);
  });
  it("says when an SLA target is met", () => {
    expect(text("sla.emergency.compliance")).toBe(`SLA экстренных обращений 100,0${S}% при цели 100${S}% — цель выполнена.`);
    expect(items.find((i) => i.key === "sla.consultation.compliance")!.tone).toBe("ok");
  });
  it("flags NPS with too few responses", () => {
    expect(text("nps.score")).toBe(`NPS за 12 месяцев +42 (95${S}% интервал +32…+50; 38 ответов) при цели 50; ответов меньше 50 — оценка неустойчива.`);
  });
  it("reports overloaded roles and the triggers close to firing", () => {
    expect(text("workload.support_manager.utilization")).toBe(
      `Нагрузка: менеджер техподдержки — 113${S}% мощности (180${S}ч при 160${S}ч), перегрузка.`,
    );
    expect(items.find((i) => i.key === "workload.success_manager.utilization")!).toEqual({
      key: "workload.success_manager.utilization",
      tone: "warn",
      text: `Нагрузка: менеджер по сопровождению клиентов (МОС) — 85${S}% мощности (136${S}ч при 160${S}ч), выше 80${S}%.`,
    });
    expect(text("workload.senior_engineer.utilization")).toBeUndefined();
    expect(text("triggers.implementation_assistant")).toBe(`Сработал триггер «Ассистент менеджера по внедрению»: 110${S}% при пороге 100${S}%.`);
    expect(text("triggers.second_support_manager")).toBe(
      `Близок триггер «Второй менеджер техподдержки»: 340 при пороге 400 (85${S}% порога).`,
    );
    expect(text("triggers.second_engineer")).toBeUndefined();
  });
  it("says so when the month has no data", () => {
    expect(generateNarrative({ month: "2020-01", months, settings })[0]!.text).toBe("За выбранный месяц нет данных.");
  });
  it("orders near triggers by nearness", () => {
    // no `near` flag → nearness against 0.9; an explicit flag wins
    expect(nearTriggers(months[2]).map((t) => t.name)).toEqual(["implementation_assistant", "second_success_manager", "second_support_manager"]);
    expect(nearTriggers(months[2], 0.95).map((t) => t.name)).toEqual(["implementation_assistant", "second_support_manager"]);
  });
});

describe("retention: who left", () => {
  // March 2026: the base is active on 31 March 2025; the rows are loaders/metrics/clients.ts lostClients, latest first
  const lost = (name: string, churned_at: string, month = "2026-03"): LostClientRow => ({ month, client_id: name, name, churned_at });
  const rows: LostClientRow[] = [
    lost("КП <b>Лес</b>", "2026-03-31"),
    lost("БЦ «Север»", "2025-11-12"),
    lost("УК «Берег»", "2025-08-20"),
    lost("ЖК «Ранний»", "2025-04-01"),
    lost("Другой месяц", "2026-04-01", "2026-04"),
  ];
  const retention = (base: number, retained: number) =>
    month("2026-03", 300, 0.97, { retention: { logo_12m: retained / base, logo_base: base, logo_retained: retained } });
  const sentence = (kpis: MonthKpis, lostClients?: LostClientRow[]) =>
    generateNarrative({ month: "2026-03", months: [kpis], settings, lostClients }).find((i) => i.key === "retention.logo_12m")!;

  it("names the month's first three and counts the rest when the rows are the KPI's base − retained", () => {
    const item = sentence(retention(120, 116), rows);
    expect(item.tone).toBe("bad");
    expect(item.text).toBe(
      `Удержание клиентов за 12 месяцев 96,7${S}% при цели не ниже 98${S}%: ушли 4 из 120 клиентов, бывших на 31 марта 2025 — ` +
        `КП <b>Лес</b> (31 марта 2026), БЦ «Север» (12 ноября 2025), УК «Берег» (20 августа 2025) и ещё 1.`,
    );
  });
  it("gives only the counts when the rows do not add up to the KPI", () => {
    expect(sentence(retention(121, 116), rows).text).toBe(
      `Удержание клиентов за 12 месяцев 95,9${S}% при цели не ниже 98${S}%: ушли 5 из 121 клиента, бывших на 31 марта 2025.`,
    );
    expect(sentence(retention(120, 116)).text).toMatch(/ушли 4 из 120 клиентов, бывших на 31 марта 2025\.$/);
  });
  it("adds nothing when the target is met", () => {
    expect(sentence(retention(200, 197), rows).text).toBe(`Удержание клиентов за 12 месяцев 98,5${S}% при цели не ниже 98${S}%.`);
  });
});

describe("CSAT and escalations: what lies behind them", () => {
  const kpis = (csatMean: number, responses: number, escalationRate: number, escalated: number) =>
    month("2026-03", 300, 0.97, { csat: { mean: csatMean, responses }, tickets: { total: 300, escalation_rate: escalationRate, escalated } });
  const drivers: TicketDrivers = {
    month: "2026-03",
    csat_responses: 121,
    csat_low: 14,
    csat_low_top_category: "Интеграция с контроллером",
    csat_low_top_count: 5,
    escalated: 49,
    escalated_top_category: "Шлагбаум",
    escalated_top_count: 17,
  };
  const text = (m: MonthKpis, d: TicketDrivers[] | undefined, key: string) =>
    generateNarrative({ month: "2026-03", months: [m], settings, drivers: d }).find((i) => i.key === key)!.text;

  it("says how many scores were low and where most of them were", () => {
    expect(text(kpis(4.35, 121, 0.1, 30), [drivers], "csat.mean")).toBe(
      "CSAT 4,35 при цели не ниже 4,5: 14 из 121 оценки — 3 и ниже, больше всего в категории «Интеграция с контроллером» (5).",
    );
  });
  it("gives the share of scores 4–5 beside the mean", () => {
    const m = month("2026-03", 300, 0.97, { csat: { mean: 4.35, responses: 121, share_4_5: 104 / 121 } });
    expect(text(m, undefined, "csat.mean")).toBe(`CSAT 4,35 (оценок 4–5 — 86,0${S}%) при цели не ниже 4,5.`);
  });
  it("names the category with most escalations when the rate is near or over its cap", () => {
    expect(text(kpis(4.6, 121, 49 / 300, 49), [drivers], "tickets.escalation_rate")).toBe(
      `Доля эскалаций 16,3${S}% при пороге 15${S}%: больше всего эскалаций в категории «Шлагбаум» — 17 из 49.`,
    );
  });
  it("adds nothing when the target is met, when counts do not add up to the KPI, or without a repeated category", () => {
    expect(text(kpis(4.6, 121, 0.1, 30), [drivers], "csat.mean")).toBe("CSAT 4,60 при цели не ниже 4,5.");
    expect(text(kpis(4.35, 120, 49 / 300, 48), [drivers], "csat.mean")).toBe("CSAT 4,35 при цели не ниже 4,5.");
    expect(text(kpis(4.35, 120, 49 / 300, 48), [drivers], "tickets.escalation_rate")).toBe(`Доля эскалаций 16,3${S}% при пороге 15${S}%.`);
    const single = { ...drivers, csat_low_top_count: 1, escalated_top_count: 1 };
    expect(text(kpis(4.35, 121, 49 / 300, 49), [single], "csat.mean")).toBe("CSAT 4,35 при цели не ниже 4,5: 14 из 121 оценки — 3 и ниже.");
    expect(text(kpis(4.35, 121, 49 / 300, 49), [single], "tickets.escalation_rate")).toBe(`Доля эскалаций 16,3${S}% при пороге 15${S}%.`);
    expect(text(kpis(4.35, 121, 0.1, 30), undefined, "csat.mean")).toBe("CSAT 4,35 при цели не ниже 4,5.");
  });
});

describe("NPS below target against its 95 % adjusted-Wald interval", () => {
  const text = (score: number, low: number, high: number, responses: number) =>
    generateNarrative({
      month: "2026-03",
      months: [month("2026-03", 300, 0.97, { nps: { score, margin_of_error: (high - low) / 2, interval_low: low, interval_high: high, responses } })],
      settings,
    }).find((i) => i.key === "nps.score")!.text;
  it("says whether the interval still reaches the target", () => {
    expect(text(46, 35.2, 56.6, 147)).toBe(`NPS за 12 месяцев +46 (95${S}% интервал +35…+57; 147 ответов) при цели 50; отставание от цели в пределах погрешности опроса.`);
    // the interval is not centred on the score: 38 + 11 would reach 49, its upper end 49.4 does not reach 50
    expect(text(38, 27.3, 49.4, 320)).toBe(`NPS за 12 месяцев +38 (95${S}% интервал +27…+49; 320 ответов) при цели 50; ниже цели и с учётом погрешности опроса.`);
    // exactly at the bound: within
    expect(text(40, 30, 50, 200)).toMatch(/в пределах погрешности опроса\.$/);
    expect(text(55, 47, 63, 200)).toBe(`NPS за 12 месяцев +55 (95${S}% интервал +47…+63; 200 ответов) при цели 50.`);
  });
});

describe("projects finished late", () => {
  // the rows are loaders/metrics/projects.ts lateProjects: 6 judged in March 2026, 4 late, earliest completion first
  const late = (id: string, completed_by: LateProjectRow["completed_by"], completed_at: string, due_at: string, client_name: string | null = `ЖК ${id}`): LateProjectRow => ({
    month: "2026-03", project_id: id, client_name, completed_by, completed_at, due_at,
  });
  const march: LateProjects = {
    month: "2026-03",
    judged: 6,
    late: [late("P8", "training", "2026-03-04", "2026-03-01"), late("P7", "training", "2026-03-05", "2026-03-01"), late("P3", "handover", "2026-03-21", "2026-03-20", null), late("P2", "training", "2026-03-23", "2026-03-20")],
  };
  const onTime = (rate: number) => month("2026-03", 300, 0.97, { projects: { on_time_rate: rate, completed: 7 } });
  const text = (rate: number, lateProjects?: LateProjects[]) =>
    generateNarrative({ month: "2026-03", months: [onTime(rate)], settings: { ...settings, targets: { ...settings.targets, projects_on_time_min: 1 } }, lateProjects }).find(
      (i) => i.key === "projects.on_time_rate",
    )!.text;

  it("names the first three late projects by completion day and counts the rest", () => {
    expect(text(2 / 6, [march])).toBe(
      `Проекты, сданные в срок: 33,3${S}% при цели не ниже 100${S}%: 4 из 6 позже срока — P8 · ЖК P8 (обучение 4 марта при сроке 1 марта), ` +
        `P7 · ЖК P7 (обучение 5 марта при сроке 1 марта), P3 (передача 21 марта при сроке 20 марта) и ещё 1.`,
    );
  });
  it("gives no names when the rows do not add up to the KPI, for another month, or when the target is met", () => {
    expect(text(0.5, [march])).toBe(`Проекты, сданные в срок: 50,0${S}% при цели не ниже 100${S}%.`);
    expect(text(2 / 6, [{ ...march, month: "2026-02" }])).toBe(`Проекты, сданные в срок: 33,3${S}% при цели не ниже 100${S}%.`);
    expect(text(1, [{ month: "2026-03", judged: 1, late: [] }])).toBe(`Проекты, сданные в срок: 100,0${S}% при цели не ниже 100${S}%.`);
  });
});

describe("workload: what the hours are made of", () => {
  it("names the two largest parts of an overloaded role's demand", () => {
    const kpis = month("2026-03", 300, 0.97, {
      workload: {
        senior_engineer: { demand_hours: 276.75, capacity_hours: 140.8, utilization: 276.75 / 140.8, components: { onsite: 91, travel: 40.75, preparation: 70, paperwork: 42, expertise: 33 } },
        implementation_manager: { demand_hours: 175.1, capacity_hours: 140.8, utilization: 175.1 / 140.8, components: { projects: 175.1 } },
      },
    });
    const items = generateNarrative({ month: "2026-03", months: [kpis], settings });
    expect(items.find((i) => i.key === "workload.senior_engineer.utilization")!.text).toBe(
      `Нагрузка: старший инженер — 197${S}% мощности (277${S}ч при 141${S}ч), перегрузка; больше всего — работа на объекте 91${S}ч и подготовка к выездам 70${S}ч.`,
    );
    // one part only: nothing to add
    expect(items.find((i) => i.key === "workload.implementation_manager.utilization")!.text).toBe(
      `Нагрузка: менеджер по внедрению — 124${S}% мощности (175${S}ч при 141${S}ч), перегрузка.`,
    );
  });
});

describe("KPI cards", () => {
  it("computes value, target, status and changes", () => {
    const spec = KPI_CARDS.find((c) => c.key === "sla.standard.compliance")!;
    const card = kpiCardModel(spec, months, "2026-03", settings);
    expect(card.value).toBeCloseTo(0.93, 10);
    expect(card.target).toBe(0.95);
    expect(card.status).toBe("warn");
    expect(card.changeVsPrevious).toBeCloseTo(-0.03, 10);
    expect(card.changeVsYearAgo).toBeCloseTo(-0.04, 10);
    expect(card.improvedVsPrevious).toBe(false);
    expect(card.trend.map((t) => t.month)).toEqual(["2025-03", "2026-02", "2026-03"]);
  });
  it("is provisional only where the engine flags the card's own SLA", () => {
    const spec = KPI_CARDS.find((c) => c.key === "sla.standard.compliance")!;
    expect(kpiCardModel(spec, months, "2026-03", settings).provisional).toBe(false);
    const open = [{ month: "2026-03", sla: { standard: { compliance: 0.95, provisional: true }, consultation: { compliance: 1, provisional: false } } }];
    expect(kpiCardModel(spec, open, "2026-03", settings).provisional).toBe(true);
    expect(kpiCardModel(KPI_CARDS.find((c) => c.key === "sla.consultation.compliance")!, open, "2026-03", settings).provisional).toBe(false);
  });
  it("treats trigger levels as thresholds and prefers the engine's own target", () => {
    const spec = KPI_CARDS.find((c) => c.key === "tickets.total")!;
    expect(kpiCardModel(spec, months, "2026-03", settings).status).toBe("ok"); // 300 < 0.9 × 400
    const busy = [{ month: "2026-03", tickets: { total: 365 } }];
    expect(kpiCardModel(spec, busy, "2026-03", settings).status).toBe("warn");
    expect(kpiCardModel(spec, [{ month: "2026-03", tickets: { total: 400 } }], "2026-03", settings).status).toBe("bad");
    const csat = KPI_CARDS.find((c) => c.key === "csat.mean")!;
    const card = kpiCardModel(csat, [{ month: "2026-03", csat: { mean: 4.45, mean_target: 4.4 } }], "2026-03", settings);
    expect(card.target).toBe(4.4);
    expect(card.status).toBe("ok");
  });
  it("reads null for missing paths", () => {
    expect(valueAt(months[0], "payments.on_time_rate")).toBeNull();
    const card = kpiCardModel(KPI_CARDS.find((c) => c.key === "payments.on_time_rate")!, months, "2026-03", settings);
    expect(card.status).toBe("none");
  });
  it("classifies statuses with margins", () => {
    expect(statusAgainstTarget(0.95, 0.95, "higher", 0.03)).toBe("ok");
    expect(statusAgainstTarget(0.92, 0.95, "higher", 0.03)).toBe("warn");
    expect(statusAgainstTarget(0.91, 0.95, "higher", 0.03)).toBe("bad");
    expect(statusAgainstTarget(0.16, 0.15, "lower", 0.03)).toBe("warn");
    expect(utilizationStatus(0.79)).toBe("ok");
    expect(utilizationStatus(0.8)).toBe("warn");
    expect(utilizationStatus(1)).toBe("warn");
    expect(utilizationStatus(1.01)).toBe("bad");
  });
});
