/**
 * What the «Симулятор» page shows of a simulation: the advice (when SLA is at risk, when to open
 * a vacancy, per scaling trigger), the probability chart and the fan charts, each exportable; and
 * the side-by-side comparison of saved scenarios. `width` is the page's main column (px).
 */
import { html } from "htl";
import { exportable } from "../export.js";
import { fanChart, fanRows, probabilityChart, triggerRows, type FanOptions } from "./charts.js";
import { formatMonth, formatNumber, formatPercent } from "../../core/format.js";
import { ROLE_LABELS_RU } from "../../core/labels.js";
import { monthGenitiveRu } from "../../core/months.js";
import { TRIGGER_LABELS_RU, UTILIZATION_METRIC } from "../../core/simulator/labels.js";
import { decisionMonth } from "../../core/simulator/summary.js";
import { SIM_ROLES, TRIGGER_KEYS, type MonthMetric, type SimulationSummary, type TriggerKey } from "../../core/simulator/types.js";


function slaAdvice(summary: SimulationSummary): HTMLElement {
  const a = summary.advice;
  const threshold = formatPercent(summary.scenario.hiring.slaMissProbabilityThreshold, 0);
  if (!a.slaBreachMonth) return html`<p>На всём горизонте вероятность не выполнить SLA не превышает ${threshold}.</p>`;
  const { leadTimeMonths, rampUpMonths } = summary.scenario.hiring;
  return html`<p><strong>SLA под угрозой с ${monthGenitiveRu(a.slaBreachMonth)}</strong>: вероятность не выполнить SLA в этом месяце — ${formatPercent(a.slaBreachProbability, 0)} (порог ${threshold}).
    Открыть вакансию менеджера ТП — <strong>не позднее ${monthGenitiveRu(a.openVacancyBy!)}</strong> (найм ${formatNumber(leadTimeMonths)} мес. + ввод в работу ${formatNumber(rampUpMonths)} мес.)${a.alreadyLate ? html` — <strong>это уже в прошлом: вакансию нужно открывать сейчас</strong>` : ""}.</p>`;
}

function triggerRow(summary: SimulationSummary, key: TriggerKey): HTMLElement {
  const t = summary.advice.triggers[key];
  const overdue = t.openVacancyBy && t.openVacancyBy < decisionMonth(summary.scenario.startMonth);
  return html`<tr>
    <td>${TRIGGER_LABELS_RU[key]}</td>
    <td>${t.firstLikelyMonth ? formatMonth(t.firstLikelyMonth) : "—"}</td>
    <td>${formatPercent(t.probabilityAtHorizon, 0)}</td>
    <td>${t.openVacancyBy ? html`${formatMonth(t.openVacancyBy)}${overdue ? html` — <strong>срок прошёл, открывать сейчас</strong>` : ""}` : "—"}</td></tr>`;
}

export function adviceBlock(summary: SimulationSummary): HTMLElement {
  return html`<div class="sim-advice">
    ${slaAdvice(summary)}
    <table class="sim-table">
      <thead><tr><th>Условие масштабирования</th><th>Вероятно (≥ 50 %) с</th><th>Вероятность к концу горизонта</th><th>Открыть вакансию не позднее</th></tr></thead>
      <tbody>${TRIGGER_KEYS.map((k) => triggerRow(summary, k))}</tbody>
    </table>
  </div>`;
}

function fanCard(summaries: readonly SimulationSummary[], metric: MonthMetric, title: string, subtitle: string, options: FanOptions, pageWidth: number): HTMLElement {
  const width = Math.min(640, Math.max(320, pageWidth / 2 - 24 || 560));
  const rows = () => fanRows(summaries, metric, options.names).map((r) => ({ scenario: r.scenario, month: r.month, p10: r.p10, p50: r.p50, p90: r.p90 }));
  return html`<div class="card">${exportable(fanChart(summaries, metric, { ...options, width }), {
    redraw: (width, height) => fanChart(summaries, metric, { ...options, width, height }),
    title, subtitle, data: rows, filename: `simulator-${metric}`,
    columns: [{ key: "scenario", label: "Сценарий" }, { key: "month", label: "Месяц" }, { key: "p10", label: "P10" }, { key: "p50", label: "P50" }, { key: "p90", label: "P90" }],
  })}</div>`;
}

/** The fan charts of one scenario, or of the saved ones side by side (`names`). */
export function scenarioCharts(summaries: readonly SimulationSummary[], pageWidth: number, names?: string[]): HTMLElement {
  const s = summaries[0]!.scenario;
  const card = (metric: MonthMetric, title: string, subtitle: string, options: FanOptions = {}) => fanCard(summaries, metric, title, subtitle, { ...options, names }, pageWidth);
  const sla = { percent: true, yDomain: [0, 1] as [number, number], absenceRole: "support_manager" as const };
  const hours = (minutes: number) => formatNumber(minutes / 60);
  return html`<div class="grid grid-cols-2">
    ${card("tickets", "Обращений в месяц", `P10–P90 прогонов; пунктир — порог ${formatNumber(s.triggers.ticketsPerMonth)}`, { threshold: s.triggers.ticketsPerMonth })}
    ${card("sla_standard", "SLA стандартных обращений", `доля решённых за ${hours(s.sla.targetBusinessMinutes.standard)} рабочих часов; цель ${formatPercent(s.sla.complianceTarget.standard, 0)}`, { ...sla, threshold: s.sla.complianceTarget.standard })}
    ${card("sla_consultation", "SLA консультаций", `доля решённых за ${hours(s.sla.targetBusinessMinutes.consultation)} рабочих часов`, { ...sla, threshold: s.sla.complianceTarget.consultation })}
    ${card("sla_emergency", "SLA экстренных обращений", `ответ за ${formatNumber(s.sla.emergencyResponseBusinessMinutes)} мин и решение за ${hours(s.sla.targetBusinessMinutes.emergency)} ч`, { ...sla, threshold: s.sla.complianceTarget.emergency })}
    ${SIM_ROLES.map((r) => s.absences.enabled
      ? card(`load_present_${r}`, `Загрузка присутствующих: ${ROLE_LABELS_RU[r]}`, "часы работы / ((норма рабочих часов − незамещённые дни отсутствия) × доля продуктивного времени); пунктир — 100 %; серым — месяцы отсутствия (в большинстве прогонов)", { percent: true, threshold: 1, zero: true, absenceRole: r })
      : card(UTILIZATION_METRIC[r], `Загрузка: ${ROLE_LABELS_RU[r]}`, "часы работы / (норма рабочих часов × доля продуктивного времени); пунктир — 100 %", { percent: true, threshold: 1, zero: true }))}
    ${s.absences.enabled ? card("head_cover_hours", "Руководитель замещает: часов в месяц", `${formatPercent(s.absences.headCoverShare, 0)} его рабочего времени в дни отсутствия менеджера ТП или МОС`, { zero: true, absenceRole: "support_manager" }) : ""}
    ${card("backlog", "Открытых обращений на конец месяца", "очередь менеджеров ТП", { absenceRole: "support_manager" })}
    ${card("concurrent_projects", "Проектов внедрения одновременно", "в среднем за день месяца", { zero: true })}
    ${card("engineer_visits", "Выездов инженера в месяц", "проектные, регламентные и аварийные", { zero: true, absenceRole: "senior_engineer" })}
    ${card("active_clients", "Активных клиентов", `пунктир — порог ${formatNumber(s.triggers.activeClients)}`, { threshold: s.triggers.activeClients })}
  </div>`;
}

/** One simulation: heading, the months without a production calendar, the advice, the probabilities and the fan charts. */
export function simulationResults(summary: SimulationSummary, pageWidth: number): HTMLElement {
  const approx = summary.approximateCalendarMonths.length > 0
    ? html`<p class="sim-note sim-note-warn">Месяцы ${summary.approximateCalendarMonths.map(formatMonth).join(", ")} смоделированы по будням: производственного календаря на эти годы нет.</p>` : "";
  const width = Math.min(1100, pageWidth || 900);
  return html`<div class="sim-results">
    <h2>Результат: «${summary.scenario.name}»</h2>
    ${approx}
    ${adviceBlock(summary)}
    <div class="card">${exportable(probabilityChart(summary, width - 40), {
      redraw: (width, height) => probabilityChart(summary, width, height),
      title: "Вероятности по месяцам", subtitle: "условия масштабирования — «сработало к этому месяцу»; SLA — «не выполнен в этом месяце»; пунктир — порог",
      data: () => triggerRows(summary).map((r) => ({ series: r.series, month: r.month, probability: r.probability })), filename: "simulator-probabilities",
      columns: [{ key: "series", label: "Показатель" }, { key: "month", label: "Месяц" }, { key: "probability", label: "Вероятность" }],
    })}</div>
    ${scenarioCharts([summary], pageWidth)}
  </div>`;
}

/** The names of saved scenarios as the comparison shows them: «1. <name>», «2. <name>», … */
export function savedNames(saved: readonly SimulationSummary[]): string[] {
  return saved.map((s, i) => `${i + 1}. ${s.scenario.name}`);
}

/** The comparison table of saved scenarios: the last month's P50s, the largest risk, the advice per trigger. */
export function comparisonTable(saved: readonly SimulationSummary[]): HTMLElement {
  const last = (s: SimulationSummary, metric: MonthMetric) => s.months[s.months.length - 1]!.metrics[metric]!.p50;
  const month = (m: string | null | undefined) => (m ? formatMonth(m) : "—");
  const row = (label: string, cell: (s: SimulationSummary) => string) => html`<tr><td>${label}</td>${saved.map((s) => html`<td>${cell(s)}</td>`)}</tr>`;
  return html`<table class="sim-table">
    <thead><tr><th>Показатель</th>${savedNames(saved).map((n) => html`<th>${n}</th>`)}</tr></thead>
    <tbody>
      ${row("Обращений в последний месяц (P50)", (s) => formatNumber(last(s, "tickets")))}
      ${row("SLA стандартных в последний месяц (P50)", (s) => formatPercent(last(s, "sla_standard"), 1))}
      ${row("Загрузка менеджера ТП в последний месяц (P50)", (s) => formatPercent(last(s, "util_support_manager"), 0))}
      ${row("Наибольшая P(SLA не выполнен)", (s) => formatPercent(Math.max(...s.months.map((m) => m.slaMissProbability)), 0))}
      ${row("SLA под угрозой с", (s) => month(s.advice.slaBreachMonth))}
      ${row("Открыть вакансию менеджера ТП не позднее", (s) => month(s.advice.openVacancyBy))}
      ${TRIGGER_KEYS.map((k) => row(`${TRIGGER_LABELS_RU[k]}: вероятно с`, (s) => month(s.advice.triggers[k].firstLikelyMonth)))}
    </tbody>
  </table>`;
}
