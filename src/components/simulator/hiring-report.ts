/**
 * What the «Обоснование найма» page shows of its simulations: the conclusion, cover or volume,
 * the table per role, the SLA risk and the support managers' load with and without the hire
 * (exportable), and the footnote. Costs follow the salaries entered (`SalaryInput`).
 */
import * as Plot from "@observablehq/plot";
import { html } from "htl";
import { exportable } from "../export.js";
import { fanChart, fanRows, type FanOptions } from "./charts.js";
import { coverCase, employerCostRub, hireCost, paidMonths, type HiringSimulations, type ProposedHire } from "./hiring-case.js";
import type { SalaryInput } from "./salary-form.js";
import { formatMonth, formatMonthShort, formatNumber, formatPercent } from "../../core/format.js";
import { ROLE_LABELS_RU } from "../../core/labels.js";
import { monthGenitiveRu, monthLabelRu, monthsBetween } from "../../core/months.js";
import { TRIGGER_LABELS_RU, TRIGGER_ROLE, UTILIZATION_METRIC } from "../../core/simulator/labels.js";
import { decisionMonth } from "../../core/simulator/summary.js";
import { SIM_ROLES, TRIGGER_KEYS, type MonthMetric, type SimRole, type SimulationSummary, type TriggerKey } from "../../core/simulator/types.js";

const NAMES = ["Без найма", "С наймом"];
const COLORS = ["var(--status-bad)", "var(--status-ok)"];
const utilizationOptions: FanOptions = { percent: true, threshold: 1, zero: true, names: NAMES, colors: COLORS };

function p50(summary: SimulationSummary, metric: MonthMetric, index: number): number {
  const months = summary.months;
  return months[index < 0 ? months.length + index : index]!.metrics[metric].p50;
}

/** The start month, and how late it is when the vacancy is overdue. */
function startText(hire: ProposedHire): string {
  return `${formatMonth(hire.month)}${hire.startDelayMonths > 0 ? ` (на ${formatNumber(hire.startDelayMonths)} мес. позже нужного)` : ""}`;
}

/** When to open the vacancy: now when its month has passed, this month when it is the decision month, else by its month. */
function vacancyText(hire: ProposedHire, startMonth: string): HTMLElement {
  if (hire.vacancyOverdue) return html`вакансию открыть <strong>сейчас</strong>: срок (${monthLabelRu(hire.openVacancyBy)}) уже прошёл`;
  if (hire.openVacancyBy === decisionMonth(startMonth)) return html`вакансию открыть <strong>в этом месяце</strong> — ${monthLabelRu(hire.openVacancyBy)}`;
  return html`вакансию открыть не позднее <strong>${monthGenitiveRu(hire.openVacancyBy)}</strong>`;
}

function costText(sims: HiringSimulations, hire: ProposedHire, cost: SalaryInput): string {
  const { startMonth, horizonMonths } = sims.scenario;
  const salaries = hireCost(hire, cost.salaries[hire.role], startMonth, horizonMonths);
  if (salaries === null) return "укажите оклад";
  return `${formatNumber(salaries)} ₽ (${formatNumber(paidMonths(hire, startMonth, horizonMonths))} мес.); с взносами — ${formatNumber(employerCostRub(salaries, cost.contributionsShare), 0)} ₽`;
}

function roleRow(sims: HiringSimulations, role: SimRole, key: TriggerKey, cost: SalaryInput): HTMLElement {
  const { before, after, scenario } = sims;
  const metric = UTILIZATION_METRIC[role];
  const t = before.advice.triggers[key];
  const hire = sims.hires.find((h) => h.role === role);
  const last = before.months[before.months.length - 1]!.metrics[metric];
  return html`<tr>
    <td>${ROLE_LABELS_RU[role]}</td>
    <td>${formatNumber(scenario.staff[role])}</td>
    <td>${formatPercent(p50(before, metric, 0), 0)}</td>
    <td>${formatPercent(last.p50, 0)} / ${formatPercent(last.p90, 0)}</td>
    <td>${TRIGGER_LABELS_RU[key]}: ${t.firstLikelyMonth ? html`вероятно с <strong>${monthGenitiveRu(t.firstLikelyMonth)}</strong>` : "не сработает с вероятностью ≥ 50 %"}; к концу горизонта — ${formatPercent(t.probabilityAtHorizon, 0)}</td>
    <td>${hire ? html`выход ${startText(hire)}; ${vacancyText(hire, scenario.startMonth)}${hire.reason === "sla" ? " (по SLA)" : ""}` : "не нужен"}</td>
    <td>${hire ? formatPercent(p50(after, metric, -1), 0) : "—"}</td>
    <td>${hire ? costText(sims, hire, cost) : "—"}</td>
  </tr>`;
}

function roleTable(sims: HiringSimulations, cost: SalaryInput): HTMLElement {
  const triggerOf = Object.fromEntries(TRIGGER_KEYS.map((k) => [TRIGGER_ROLE[k], k])) as Record<SimRole, TriggerKey>;
  return html`<table class="hr-table">
    <thead><tr>
      <th>Роль</th><th>Штат</th><th>Загрузка сейчас (P50)</th><th>Загрузка в конце горизонта (P50 / P90)</th>
      <th>Условие и когда сработает</th><th>Найм: выход / вакансия</th><th>Загрузка с наймом (P50)</th><th>Стоимость за горизонт</th>
    </tr></thead>
    <tbody>${SIM_ROLES.map((role) => roleRow(sims, role, triggerOf[role], cost))}</tbody>
  </table>`;
}

function slaRows(sims: HiringSimulations) {
  return [sims.before, sims.after].flatMap((s, i) =>
    s.months.map((m) => ({ scenario: NAMES[i]!, month: m.month, date: new Date(`${m.month}-01T00:00:00Z`), probability: m.slaMissProbability })),
  );
}

function slaChart(sims: HiringSimulations, width: number, height = 220): SVGSVGElement | HTMLElement {
  const rows = slaRows(sims);
  return Plot.plot({
    width, height, marginLeft: 56,
    x: { type: "utc", label: null, tickFormat: (d: Date) => formatMonthShort(d.toISOString().slice(0, 7)) },
    y: { grid: true, label: null, domain: [0, 1], tickFormat: (v: number) => formatPercent(v, 0) },
    color: { domain: NAMES, range: COLORS, legend: true },
    marks: [
      Plot.ruleY([sims.scenario.hiring.slaMissProbabilityThreshold], { stroke: "var(--target-line)", strokeDasharray: "4,3" }),
      Plot.lineY(rows, { x: "date", y: "probability", stroke: "scenario", strokeWidth: 2, curve: "step-after", marker: "dot" }),
      Plot.tip(rows, Plot.pointer({ x: "date", y: "probability", title: (r: (typeof rows)[number]) => `${r.scenario}\n${formatMonth(r.month)}: ${formatPercent(r.probability, 0)}` })),
    ],
  });
}

/** Is the hire for cover during absences or for volume, and how much SLA risk the absences add. */
function coverText(sims: HiringSimulations): HTMLElement | string {
  if (!sims.present) return "";
  const c = coverCase(sims.before, sims.present);
  const pp = (v: number) => `${formatNumber(v * 100, 0)} п. п.`;
  const rise = c.largestRiseMonth
    ? html` Отпуска и больничные повышают вероятность не выполнить SLA больше всего — на ${pp(c.largestRise)} (${monthLabelRu(c.largestRiseMonth)}); наибольшая за горизонт — ${formatPercent(c.maxRiskWithAbsences, 0)} с ними и ${formatPercent(c.maxRiskWithoutAbsences, 0)}, если бы все были на месте.`
    : html` Отпуска и больничные вероятность не выполнить SLA не повышают (наибольшая — ${formatPercent(c.maxRiskWithAbsences, 0)}).`;
  const head = `руководитель замещает ${formatPercent(sims.scenario.absences.headCoverShare, 0)} своего времени`;
  if (c.reason === "cover") {
    return html`<p class="hr-cover"><strong>Найм менеджера ТП оправдан замещением, а не объёмом:</strong> если бы все были на месте, SLA выдерживался бы на всём горизонте; под угрозой только месяцы отсутствий — ${c.coverMonths.map((m) => monthLabelRu(m)).join(", ")} (${head}).${rise} Альтернатива найму — замещение большей долей времени руководителя или перенос отпуска на спокойный месяц.</p>`;
  }
  if (c.reason === "volume") {
    const earlier = c.breachMonthWithAbsences && c.breachMonthWithAbsences < c.breachMonthWithoutAbsences! ? monthsBetween(c.breachMonthWithAbsences, c.breachMonthWithoutAbsences!) : 0;
    return html`<p class="hr-cover"><strong>Найм нужен из-за объёма:</strong> SLA под угрозой и без отсутствий — с ${monthGenitiveRu(c.breachMonthWithoutAbsences!)}${earlier > 0 ? html`; отпуска и больничные приближают этот срок на ${formatNumber(earlier)} мес.` : ""}.${rise}</p>`;
  }
  return html`<p class="hr-cover">С учётом отпусков и больничных (${head}) SLA выдерживается.${rise}</p>`;
}

function conclusion(sims: HiringSimulations, cost: SalaryInput): HTMLElement {
  const { scenario, before, after, hires } = sims;
  const a = before.advice;
  const totalCost = hires.reduce<number | null>((sum, h) => {
    const c = hireCost(h, cost.salaries[h.role], scenario.startMonth, scenario.horizonMonths);
    return c === null || sum === null ? null : sum + c;
  }, 0);
  const slaAfterMax = Math.max(...after.months.map((m) => m.slaMissProbability));
  const share = cost.contributionsShare;
  return html`<p><strong>Вывод.</strong> ${a.slaBreachMonth
    ? html`Без найма вероятность не выполнить SLA техподдержки превышает ${formatPercent(scenario.hiring.slaMissProbabilityThreshold, 0)} с <strong>${monthGenitiveRu(a.slaBreachMonth)}</strong> (${formatPercent(a.slaBreachProbability, 0)}).`
    : html`SLA техподдержки выдерживается на всём горизонте (${formatNumber(scenario.horizonMonths)} мес.).`}
    ${hires.length > 0 ? html` Предлагаемый найм: ${hires.map((h, i) => html`${i > 0 ? "; " : ""}${ROLE_LABELS_RU[h.role].toLowerCase()} — ${vacancyText(h, scenario.startMonth)}, выход — ${startText(h)}`)}. С наймом наибольшая вероятность не выполнить SLA — ${formatPercent(slaAfterMax, 0)}.` : " Найм на горизонте не требуется."}
    ${hires.length > 0 ? (totalCost === null ? " Стоимость: укажите оклады (поля над отчётом)." : html` Стоимость найма за горизонт: <strong>${formatNumber(employerCostRub(totalCost, share), 0)} ₽</strong> для компании — оклады ${formatNumber(totalCost)} ₽ и страховые взносы ${formatNumber(share * 100, 1)} %.`) : ""}</p>`;
}

function charts(sims: HiringSimulations, pageWidth: number): HTMLElement {
  const pair = [sims.before, sims.after];
  const width = Math.min(900, pageWidth || 900) / 2 - 30;
  return html`<div class="grid grid-cols-2 hr-charts">
    <div class="card">${exportable(slaChart(sims, width), {
      redraw: (width, height) => slaChart(sims, width, height),
      title: "Вероятность не выполнить SLA", subtitle: "по месяцам, без найма и с наймом; пунктир — порог",
      data: () => slaRows(sims).map(({ scenario, month, probability }) => ({ scenario, month, probability })), filename: "hiring-sla-risk",
      columns: [{ key: "scenario", label: "Вариант" }, { key: "month", label: "Месяц" }, { key: "probability", label: "Вероятность" }],
    })}</div>
    <div class="card">${exportable(fanChart(pair, "util_support_manager", { ...utilizationOptions, width }), {
      redraw: (width, height) => fanChart(pair, "util_support_manager", { ...utilizationOptions, width, height }),
      title: "Загрузка менеджеров ТП", subtitle: "P10–P90 прогонов, линия — P50; пунктир — 100 %",
      data: () => fanRows(pair, "util_support_manager", NAMES).map(({ scenario, month, p10, p50, p90 }) => ({ scenario, month, p10, p50, p90 })),
      filename: "hiring-support-utilization",
    })}</div>
  </div>`;
}

export function hiringReport(sims: HiringSimulations, cost: SalaryInput, pageWidth: number): HTMLElement {
  const { scenario, before } = sims;
  return html`<div class="hr-report">
    <div class="hr-summary">${conclusion(sims, cost)}${coverText(sims)}</div>
    ${roleTable(sims, cost)}
    ${charts(sims, pageWidth)}
    <p class="hr-footnote">Модель Монте-Карло: ${formatNumber(before.runs)} прогонов, зерно ${formatNumber(before.seed)}, горизонт ${formatMonth(scenario.startMonth)} — ${formatMonth(before.months[before.months.length - 1]!.month)}. Срок найма ${formatNumber(scenario.hiring.leadTimeMonths)} мес., ввод в работу ${formatNumber(scenario.hiring.rampUpMonths)} мес. Сценарий — на странице «Симулятор». Время решения в модели — очередь и работа менеджера; ожидание клиента, выезда или доработки в ней не учтены, поэтому вероятность не выполнить SLA — нижняя оценка: модель показывает, что добавляет рост нагрузки.</p>
  </div>`;
}
