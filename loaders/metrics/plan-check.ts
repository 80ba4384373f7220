/**
 * «Проверка допущений»: the department document's own load arithmetic recomputed from its
 * stated assumptions (settings.plan_check, each with its quote in `_source`), row by row,
 * with a verdict:
 *   ok          — the document's figure lies within the recomputed range widened by ±tolerance;
 *   understated — the document's figure is below it (the load is larger than claimed);
 *   overstated  — the document's figure is above it.
 * Pure: no data needed, only settings (and the production calendar for working days).
 */
import { workingDaysInMonth } from "../calendar/business-calendar.ts";
import { weeksInMonth } from "../../src/core/work-weeks.ts";
import type { Settings } from "../settings.ts";
import { formatNumberUpTo, formatRangeUpTo } from "../../src/core/format.ts";

export type Verdict = "ok" | "understated" | "overstated";
export type Range = [number, number];

export interface PlanCheckRow {
  id: string;
  claim_ru: string;
  document_value: Range;
  recomputed_value: Range;
  unit: string;
  verdict: Verdict;
  explanation_ru: string;
}

export interface PlanCheckSettings {
  tolerance: number;
  plan_year: number;
  full_time_hours_per_week: number;
  tickets_per_year: number;
  tickets_per_month_claim: number;
  tickets_per_working_day_claim: Range;
  priority_shares: Record<"emergency" | "standard" | "consultation", Range>;
  priority_counts_claim: Record<"emergency" | "standard" | "consultation", Range>;
  hours_per_ticket: Range;
  support_hours_per_week_claim: Range;
  clients_target: number;
  maintenance_visits_per_client_year: number;
  maintenance_visits_claim: Range;
  projects_per_month: number;
  visits_per_project: Range;
  project_visits_claim: Range;
  engineer_visits_total_claim: Range;
  engineer_visits_claim: Range;
  engineer_hours_claim: Range;
  preparation_hours_per_visit: Range;
  paperwork_hours_per_visit: Range;
  onsite_hours_per_visit: Range;
  travel_hours_per_visit: Range;
  expert_consultations_per_week: Range;
  hours_per_consultation: number;
  project_weeks: Range;
  concurrent_projects_claim_roles: Range;
  concurrent_projects_claim_load: number;
  implementation_hours_per_week_claim: Range;
  success_manager_hours_per_week_claim: Range;
  success_manager_clients_cap: number;
  second_success_manager_at_clients: number;
}

/** [a, b] × k, ranges multiplied pairwise (all inputs non-negative). */
const mul = (a: Range, b: Range): Range => [a[0] * b[0], a[1] * b[1]];
const scale = (a: Range, k: number): Range => [a[0] * k, a[1] * k];
const add = (...ranges: Range[]): Range => ranges.reduce<Range>((s, r) => [s[0] + r[0], s[1] + r[1]], [0, 0]);
const point = (x: number): Range => [x, x];

export function verdictOf(document: Range, recomputed: Range, tolerance: number): Verdict {
  const low = recomputed[0] * (1 - tolerance);
  const high = recomputed[1] * (1 + tolerance);
  if (document[1] < low) return "understated";
  if (document[0] > high) return "overstated";
  return "ok";
}

const fmt = (x: number): string => formatNumberUpTo(x, 1);
const fmtRange = (r: Range): string => formatRangeUpTo(r, 1);

function readPlanSettings(settings: Settings): PlanCheckSettings {
  const section = settings.plan_check as PlanCheckSettings | undefined;
  if (!section || typeof section !== "object") throw new Error("config/settings.json: нет раздела «plan_check»");
  return section;
}

type RowDraft = Omit<PlanCheckRow, "verdict">;

/** The plan year's figures every row uses: its working days, the average month in working weeks, a full-time post's productive hours. */
interface PlanBasis {
  workingDays: number;
  weeksPerMonth: number;
  fteHoursPerMonth: number;
  fteHoursPerWeek: number;
  productiveShare: number;
}

function planBasis(settings: Settings, p: PlanCheckSettings): PlanBasis {
  let workingDays = 0;
  for (let m = 1; m <= 12; m++) workingDays += workingDaysInMonth(`${p.plan_year}-${String(m).padStart(2, "0")}`, settings.calendar);
  // the plan's average month: a twelfth of the plan year's working days, in working weeks (as the workload KPI counts weeks)
  const weeksPerMonth = weeksInMonth(workingDays / 12);
  const productiveShare = settings.workload.productive_share;
  return {
    workingDays,
    weeksPerMonth,
    fteHoursPerMonth: p.full_time_hours_per_week * weeksPerMonth * productiveShare,
    fteHoursPerWeek: p.full_time_hours_per_week * productiveShare,
    productiveShare,
  };
}

/** The support manager: tickets a month and a working day, the priority mix, hours and posts. */
function supportManagerRows(p: PlanCheckSettings, basis: PlanBasis): RowDraft[] {
  const { workingDays, weeksPerMonth, fteHoursPerMonth, productiveShare } = basis;
  const rows: RowDraft[] = [];
  const row = (r: RowDraft): void => {
    rows.push(r);
  };
  const ticketsPerMonth = p.tickets_per_year / 12;
  row({
    id: "tickets_per_month",
    claim_ru: "~3500 обращений в год = ~292 обращения в месяц",
    document_value: point(p.tickets_per_month_claim),
    recomputed_value: point(ticketsPerMonth),
    unit: "обращений в месяц",
    explanation_ru: `${fmt(p.tickets_per_year)} / 12 = ${fmt(ticketsPerMonth)}.`,
  });
  const perDay = p.tickets_per_year / workingDays;
  row({
    id: "tickets_per_working_day",
    claim_ru: "~292 обращения в месяц = ~14–15 обращений в рабочий день",
    document_value: p.tickets_per_working_day_claim,
    recomputed_value: point(perDay),
    unit: "обращений в рабочий день",
    explanation_ru: `${fmt(p.tickets_per_year)} обращений / ${workingDays} рабочих дней ${p.plan_year} г. по производственному календарю = ${fmt(perDay)}.`,
  });
  const priorityNames = { emergency: "Экстренные", standard: "Стандартные", consultation: "Консультации" } as const;
  for (const key of ["emergency", "standard", "consultation"] as const) {
    const shares = p.priority_shares[key];
    const counts = scale(shares, p.tickets_per_month_claim);
    row({
      id: `ticket_mix_${key}`,
      claim_ru: `${priorityNames[key]}: ~${fmtRange(scale(shares, 100))} % от общего количества (~${fmtRange(p.priority_counts_claim[key])} обращений в месяц)`,
      document_value: p.priority_counts_claim[key],
      recomputed_value: counts,
      unit: "обращений в месяц",
      explanation_ru: `${p.tickets_per_month_claim} × ${fmtRange(scale(shares, 100))} % = ${fmtRange(counts)}.`,
    });
  }
  const supportHours = scale(p.hours_per_ticket, ticketsPerMonth);
  const supportClaimMonth = scale(p.support_hours_per_week_claim, weeksPerMonth);
  row({
    id: "support_hours",
    claim_ru: "~292 обращения в месяц … = ~20–30 рабочих часов в неделю на обработку обращений (при 1–2 ч на обращение)",
    document_value: supportClaimMonth,
    recomputed_value: supportHours,
    unit: "ч в месяц",
    explanation_ru:
      `${fmt(ticketsPerMonth)} обращений × ${fmtRange(p.hours_per_ticket)} ч = ${fmtRange(supportHours)} ч в месяц, ` +
      `а 20–30 ч в неделю × ${fmt(weeksPerMonth)} недели = ${fmtRange(supportClaimMonth)} ч в месяц: ` +
      `заявленное время в ${fmtRange([supportHours[0] / supportClaimMonth[1], supportHours[1] / supportClaimMonth[0]])} раза меньше.`,
  });
  const supportFte = scale(supportHours, 1 / fteHoursPerMonth);
  row({
    id: "support_fte",
    claim_ru: "Менеджер технической поддержки: 1 человек, ~3500 обращений в год «управляемо для одного специалиста»",
    document_value: point(1),
    recomputed_value: supportFte,
    unit: "ставок",
    explanation_ru:
      `${fmtRange(supportHours)} ч / (${p.full_time_hours_per_week} ч × ${fmt(weeksPerMonth)} нед. × ${fmt(productiveShare)} продуктивной доли = ` +
      `${fmt(fteHoursPerMonth)} ч на ставку) = ${fmtRange(supportFte)} ставки.`,
  });
  return rows;
}

/** The senior engineer: maintenance and project visits, hours and posts. */
function seniorEngineerRows(p: PlanCheckSettings, basis: PlanBasis): RowDraft[] {
  const { weeksPerMonth, fteHoursPerMonth } = basis;
  const rows: RowDraft[] = [];
  const row = (r: RowDraft): void => {
    rows.push(r);
  };
  const maintenance = (p.clients_target * p.maintenance_visits_per_client_year) / 12;
  row({
    id: "maintenance_visits",
    claim_ru: "Регламентное ТО для 400 клиентов: примерно 40–50 выездов в месяц при ТО 1 раз в квартал",
    document_value: p.maintenance_visits_claim,
    recomputed_value: point(maintenance),
    unit: "выездов в месяц",
    explanation_ru: `${p.clients_target} клиентов × ${p.maintenance_visits_per_client_year} ТО в год / 12 = ${fmt(maintenance)} выездов в месяц.`,
  });
  const projectVisits = scale(p.visits_per_project, p.projects_per_month);
  row({
    id: "project_visits",
    claim_ru: "5 проектов в месяц × 2–3 выезда на проект = 10–15 выездов в месяц",
    document_value: p.project_visits_claim,
    recomputed_value: projectVisits,
    unit: "выездов в месяц",
    explanation_ru: `${p.projects_per_month} × ${fmtRange(p.visits_per_project)} = ${fmtRange(projectVisits)}.`,
  });
  const engineerVisits = add(projectVisits, point(maintenance));
  row({
    id: "engineer_visits_total",
    claim_ru: "Итого: 50–65 выездов в месяц (управляемо для одного инженера)",
    document_value: p.engineer_visits_total_claim,
    recomputed_value: engineerVisits,
    unit: "выездов в месяц",
    explanation_ru: `${fmtRange(projectVisits)} проектных + ${fmt(maintenance)} регламентных ТО = ${fmtRange(engineerVisits)}, без аварийных выездов.`,
  });
  row({
    id: "engineer_visits_load",
    claim_ru: "Нагрузка старшего инженера: ~25–35 выездов в месяц (10–15 проектных + 15–20 сервисных)",
    document_value: p.engineer_visits_claim,
    recomputed_value: engineerVisits,
    unit: "выездов в месяц",
    explanation_ru:
      `Тот же документ выше насчитывает 50–65 выездов, а ТО раз в квартал для ${p.clients_target} клиентов — это ${fmt(maintenance)} выездов; ` +
      `вместе с проектными ${fmtRange(engineerVisits)}.`,
  });
  const perVisit = add(p.preparation_hours_per_visit, p.paperwork_hours_per_visit, p.onsite_hours_per_visit, p.travel_hours_per_visit);
  const expertise = scale(p.expert_consultations_per_week, p.hours_per_consultation * weeksPerMonth);
  const engineerHours = add(mul(p.engineer_visits_claim, perVisit), expertise);
  row({
    id: "engineer_hours",
    claim_ru: "~25–35 выездов в месяц + техническая экспертиза = ~120–150 рабочих часов в месяц",
    document_value: p.engineer_hours_claim,
    recomputed_value: engineerHours,
    unit: "ч в месяц",
    explanation_ru:
      `${fmtRange(p.engineer_visits_claim)} выездов × (подготовка ${fmtRange(p.preparation_hours_per_visit)} + документы ${fmtRange(p.paperwork_hours_per_visit)} ` +
      `+ на объекте ${fmtRange(p.onsite_hours_per_visit)} + дорога ${fmtRange(p.travel_hours_per_visit)} = ${fmtRange(perVisit)} ч) ` +
      `+ экспертиза ${fmtRange(p.expert_consultations_per_week)} консультаций в неделю × ${fmt(p.hours_per_consultation)} ч × ${fmt(weeksPerMonth)} нед. = ${fmtRange(engineerHours)} ч. ` +
      `Время на объекте и в дороге документ не указывает — это допущения настроек.`,
  });
  const engineerFte = scale(engineerHours, 1 / fteHoursPerMonth);
  row({
    id: "engineer_fte",
    claim_ru: "Старший инженер: 1 человек (полная занятость)",
    document_value: point(1),
    recomputed_value: engineerFte,
    unit: "ставок",
    explanation_ru: `${fmtRange(engineerHours)} ч / ${fmt(fteHoursPerMonth)} ч на ставку = ${fmtRange(engineerFte)} ставки (при 25–35 выездах; при ТО раз в квартал выездов больше).`,
  });
  return rows;
}

/** The implementation manager: projects at a time (Little's law) and posts. */
function implementationManagerRows(p: PlanCheckSettings, basis: PlanBasis): RowDraft[] {
  const { weeksPerMonth, fteHoursPerWeek, productiveShare } = basis;
  const rows: RowDraft[] = [];
  const row = (r: RowDraft): void => {
    rows.push(r);
  };
  const concurrent = scale(p.project_weeks, p.projects_per_month / weeksPerMonth);
  row({
    id: "concurrent_projects_roles",
    claim_ru: "5 проектов в месяц × 3–4 недели на проект = 15–20 активных проектов одновременно",
    document_value: p.concurrent_projects_claim_roles,
    recomputed_value: concurrent,
    unit: "проектов одновременно",
    explanation_ru:
      `По закону Литтла одновременно идёт поток × длительность = ${p.projects_per_month} проектов в месяц × ${fmtRange(p.project_weeks)} нед. / ` +
      `${fmt(weeksPerMonth)} нед. в месяце = ${fmtRange(concurrent)} проекта; 15–20 — это проекто-недели за месяц, а не проекты одновременно.`,
  });
  row({
    id: "concurrent_projects_load",
    claim_ru: "Управление проектами: 5 активных проектов одновременно",
    document_value: point(p.concurrent_projects_claim_load),
    recomputed_value: concurrent,
    unit: "проектов одновременно",
    explanation_ru: `${p.projects_per_month} × ${fmtRange(p.project_weeks)} / ${fmt(weeksPerMonth)} = ${fmtRange(concurrent)}; расхождение с разделом «Роли» (15–20).`,
  });
  const implFte = scale(p.implementation_hours_per_week_claim, 1 / fteHoursPerWeek);
  row({
    id: "implementation_fte",
    claim_ru: "Менеджер по внедрению: 1 человек; итого ~40–45 рабочих часов в неделю",
    document_value: point(1),
    recomputed_value: implFte,
    unit: "ставок",
    explanation_ru:
      `${fmtRange(p.implementation_hours_per_week_claim)} ч / (${p.full_time_hours_per_week} ч × ${fmt(productiveShare)} = ${fmt(fteHoursPerWeek)} продуктивных ч в неделю) = ${fmtRange(implFte)} ставки.`,
  });
  return rows;
}

/** The success manager (МОС): posts and the client count that calls for a second one. */
function successManagerRows(p: PlanCheckSettings, basis: PlanBasis): RowDraft[] {
  const { fteHoursPerWeek } = basis;
  const rows: RowDraft[] = [];
  const row = (r: RowDraft): void => {
    rows.push(r);
  };
  const mosFte = scale(p.success_manager_hours_per_week_claim, 1 / fteHoursPerWeek);
  row({
    id: "success_manager_fte",
    claim_ru: "МОС: итого ~40–50 рабочих часов в неделю (в пределах нормы), 1 человек",
    document_value: point(1),
    recomputed_value: mosFte,
    unit: "ставок",
    explanation_ru:
      `Норма — ${p.full_time_hours_per_week} ч в неделю (ТК РФ ст. 91), продуктивных ${fmt(fteHoursPerWeek)} ч; ` +
      `${fmtRange(p.success_manager_hours_per_week_claim)} ч / ${fmt(fteHoursPerWeek)} ч = ${fmtRange(mosFte)} ставки.`,
  });
  row({
    id: "success_manager_trigger",
    claim_ru: "До 300 клиентов на одного МОС; второй МОС — при достижении 400+ клиентов",
    document_value: point(p.second_success_manager_at_clients),
    recomputed_value: point(p.success_manager_clients_cap + 1),
    unit: "клиентов",
    explanation_ru:
      `При потолке ${p.success_manager_clients_cap} клиентов на МОС второй нужен с ${p.success_manager_clients_cap + 1}-го клиента; ` +
      `от ${p.success_manager_clients_cap + 1} до ${p.second_success_manager_at_clients - 1} клиентов один МОС работает сверх потолка документа.`,
  });
  return rows;
}

export function planCheck(settings: Settings): PlanCheckRow[] {
  const p = readPlanSettings(settings);
  const basis = planBasis(settings, p);
  return [...supportManagerRows(p, basis), ...seniorEngineerRows(p, basis), ...implementationManagerRows(p, basis), ...successManagerRows(p, basis)].map((r) => ({
    ...r,
    verdict: verdictOf(r.document_value, r.recomputed_value, p.tolerance),
  }));
}
