/** «Нагрузка по ролям»: utilization per role with the 80 % and 100 % lines, scaling triggers, the plan check. */
import * as Plot from "@observablehq/plot";
import { CHART_HEIGHT, categoryScale, monthDate, monthLong, percentTick, percentTip, statusColor, monthAxis } from "./chart-common.js";
import { formatNumber, formatPercent, NO_DATA_RU, pluralRu } from "../core/format.js";
import { rawAt, valueAt, workloadParts, type MonthKpis } from "./kpi.js";
import { ROLE_LABELS_RU, ROLE_ORDER, TRIGGER_LABELS_RU, WORKLOAD_COMPONENT_LABELS_RU, labelOf } from "../core/labels.js";
import { STATUS_STYLES, type Status } from "./status.js";

interface ChartOptions {
  width?: number;
  height?: number;
}

export interface UtilizationRow {
  month: string;
  role: string;
  demand_hours: number | null;
  capacity_hours: number | null;
  utilization: number;
}

export function utilizationRows(months: readonly MonthKpis[]): UtilizationRow[] {
  return months.flatMap((m) =>
    ROLE_ORDER.map((role) => ({
      month: m.month,
      role,
      demand_hours: valueAt(m, `workload.${role}.demand_hours`),
      capacity_hours: valueAt(m, `workload.${role}.capacity_hours`),
      utilization: valueAt(m, `workload.${role}.utilization`) as number,
    })).filter((r) => r.utilization !== null),
  );
}

export function UtilizationChart(rows: readonly UtilizationRow[], { width = 640, height = CHART_HEIGHT, amberFrom = 0.8, redAbove = 1 }: ChartOptions & { amberFrom?: number; redAbove?: number } = {}) {
  const data = rows.map((r) => ({ ...r, date: monthDate(r.month) }));
  const roles = ROLE_ORDER.filter((role) => rows.some((r) => r.role === role));
  const top = Math.max(1.2, ...rows.map((r) => r.utilization));
  return Plot.plot({
    width,
    height,
    marginLeft: 48,
    x: monthAxis(width, new Set(rows.map((r) => r.month)).size),
    y: { grid: true, label: "Загрузка", domain: [0, Math.ceil(top * 10) / 10], tickFormat: percentTick },
    color: categoryScale(roles, ROLE_LABELS_RU),
    marks: [
      Plot.rectY([0], { x1: data[0]?.date, x2: data.at(-1)?.date, y1: amberFrom, y2: redAbove, fill: "var(--status-warn)", fillOpacity: 0.08 }),
      Plot.ruleY([amberFrom], { stroke: "var(--status-warn)", strokeDasharray: "4,4" }),
      Plot.ruleY([redAbove], { stroke: "var(--status-bad)", strokeDasharray: "6,3", strokeWidth: 1.5 }),
      Plot.lineY(data, { x: "date", y: "utilization", stroke: "role", strokeWidth: 2 }),
      Plot.tip(
        data,
        Plot.pointer({
          x: "date",
          y: "utilization",
          stroke: "role",
          title: (r: UtilizationRow) =>
            `${labelOf(ROLE_LABELS_RU, r.role)}, ${monthLong(monthDate(r.month))}\nЗагрузка: ${percentTip(r.utilization)}\nНужно ${formatNumber(r.demand_hours, 0)} ч из ${formatNumber(r.capacity_hours, 0)} ч`,
        }),
      ),
      Plot.ruleY([0]),
    ],
  });
}

/** One part of one role's demand in one month. */
export interface WorkloadComponentRow {
  role: string;
  component: string;
  hours: number;
  demand_hours: number;
  capacity_hours: number | null;
  utilization: number | null;
}

/** The month's demand of every role split into its components, largest first (roles in ROLE_ORDER). */
export function workloadComponentRows(month: MonthKpis | undefined): WorkloadComponentRow[] {
  if (!month) return [];
  return ROLE_ORDER.flatMap((role) => {
    const demand = valueAt(month, `workload.${role}.demand_hours`);
    if (demand === null) return [];
    const parts = workloadParts(month, role);
    const capacity = valueAt(month, `workload.${role}.capacity_hours`);
    const utilization = valueAt(month, `workload.${role}.utilization`);
    return parts.map(([component, hours]) => ({ role, component, hours, demand_hours: demand, capacity_hours: capacity, utilization }));
  });
}

/**
 * What each role's hours are made of in one month: a bar per component of the norm, grouped and
 * coloured by role (the roles' colours of the utilization chart), hours at the bar's end.
 */
export function WorkloadComponentsChart(rows: readonly WorkloadComponentRow[], { width = 640, height }: ChartOptions = {}) {
  const roles = ROLE_ORDER.filter((role) => rows.some((r) => r.role === role));
  const key = (r: WorkloadComponentRow) => `${r.role}/${r.component}`;
  const maxHours = Math.max(1, ...rows.map((r) => r.hours));
  return Plot.plot({
    width,
    height: height ?? Math.max(200, 22 * rows.length + 90),
    marginLeft: width < 560 ? 150 : 190,
    marginRight: 56,
    x: { grid: true, label: "Часов в месяц", domain: [0, maxHours * 1.05] },
    y: { domain: rows.map(key), label: null, tickFormat: (k: string) => labelOf(WORKLOAD_COMPONENT_LABELS_RU, k.slice(k.indexOf("/") + 1)) },
    color: categoryScale(roles, ROLE_LABELS_RU),
    marks: [
      Plot.barX(rows, {
        x: "hours",
        y: key,
        fill: "role",
        title: (r: WorkloadComponentRow) =>
          `${labelOf(ROLE_LABELS_RU, r.role)}: ${labelOf(WORKLOAD_COMPONENT_LABELS_RU, r.component)}\n${formatNumber(r.hours, 1)} ч из ${formatNumber(r.demand_hours, 0)} ч нужных роли (${formatPercent(r.hours / r.demand_hours, 0)}); есть ${formatNumber(r.capacity_hours, 0)} ч`,
      }),
      Plot.text(rows, { x: "hours", y: key, text: (r: WorkloadComponentRow) => `${formatNumber(r.hours, 0)} ч`, textAnchor: "start", dx: 4, fill: "currentColor" }),
      Plot.ruleX([0]),
    ],
  });
}

export interface TriggerRow {
  month: string;
  name: string;
  fired: boolean | null;
  value: number | null;
  threshold: number | null;
  nearness: number | null;
  /** the engine's own "close to firing" flag, when it reports one */
  near?: boolean | null;
}

export function triggerRows(months: readonly MonthKpis[]): TriggerRow[] {
  return months.flatMap((m) => {
    const triggers = rawAt(m, "triggers");
    if (!triggers || typeof triggers !== "object") return [];
    return Object.keys(triggers).map((name) => ({
      month: m.month,
      name,
      fired: (rawAt(triggers, `${name}.fired`) as boolean | null | undefined) ?? null,
      value: valueAt(triggers, `${name}.value`),
      threshold: valueAt(triggers, `${name}.threshold`),
      nearness: valueAt(triggers, `${name}.nearness`),
      near: (rawAt(triggers, `${name}.near`) as boolean | null | undefined) ?? null,
    }));
  });
}

/** How close each trigger was to firing each month (value ÷ threshold), with the 100 % line. */
export function TriggerTrendChart(rows: readonly TriggerRow[], { width = 640, height = CHART_HEIGHT }: ChartOptions = {}) {
  const data = rows.filter((r) => r.nearness !== null).map((r) => ({ ...r, date: monthDate(r.month) }));
  const names = Object.keys(TRIGGER_LABELS_RU).filter((n) => data.some((r) => r.name === n));
  return Plot.plot({
    width,
    height,
    marginLeft: 48,
    x: monthAxis(width, new Set(rows.map((r) => r.month)).size),
    y: { grid: true, label: "Доля порога", domain: [0, Math.max(1.1, ...data.map((d) => d.nearness as number))], tickFormat: percentTick },
    color: categoryScale(names, TRIGGER_LABELS_RU),
    marks: [
      Plot.ruleY([1], { stroke: "var(--status-bad)", strokeDasharray: "6,3" }),
      Plot.ruleY([0.8], { stroke: "var(--status-warn)", strokeDasharray: "4,4" }),
      Plot.lineY(data, { x: "date", y: "nearness", stroke: "name", strokeWidth: 2, tip: { format: { x: monthLong, y: percentTip, stroke: (n: string) => labelOf(TRIGGER_LABELS_RU, n) } } }),
      Plot.ruleY([0]),
    ],
  });
}

function formatTriggerNumber(name: string, value: number | null): string {
  if (value === null) return NO_DATA_RU;
  return name.includes("assistant") ? formatPercent(value, 0) : formatNumber(value, Number.isInteger(value) ? 0 : 1);
}

export function triggerStatus(row: TriggerRow, nearFrom = 0.9): Status {
  if (row.fired) return "bad";
  if (row.near === true) return "warn";
  if (row.nearness === null) return "none";
  if (row.near === false) return "ok";
  return row.nearness >= nearFrom ? "warn" : "ok";
}

/** One card per trigger for a month: value against threshold, a meter and a status word. */
export function TriggerCards(rows: readonly TriggerRow[], { nearFrom = 0.9 }: { nearFrom?: number } = {}): HTMLElement {
  const list = document.createElement("div");
  list.className = "trigger-list";
  for (const row of rows) {
    const status = triggerStatus(row, nearFrom);
    const card = document.createElement("div");
    card.className = "card trigger-card";
    card.dataset.trigger = row.name;
    card.dataset.status = status;
    const title = document.createElement("h2");
    title.textContent = labelOf(TRIGGER_LABELS_RU, row.name);
    const numbers = document.createElement("div");
    numbers.className = "kpi-value";
    numbers.style.fontSize = "1.4rem";
    numbers.textContent = `${formatTriggerNumber(row.name, row.value)} из ${formatTriggerNumber(row.name, row.threshold)}`;
    const meter = document.createElement("div");
    meter.className = "meter";
    const fill = document.createElement("div");
    fill.style.width = `${Math.min(100, Math.max(0, (row.nearness ?? 0) * 100))}%`;
    fill.style.setProperty("--meter-color", statusColor(status));
    meter.append(fill);
    const badge = document.createElement("div");
    badge.className = "status-badge";
    badge.dataset.status = status;
    const word =
      status === "bad" ? "сработал" : status === "warn" ? "близко к порогу" : status === "ok" ? "далеко от порога" : "нет данных";
    badge.textContent = `${STATUS_STYLES[status].icon} ${word}${row.nearness !== null ? ` · ${formatPercent(row.nearness, 0)} порога` : ""}`;
    card.append(title, numbers, meter, badge);
    list.append(card);
  }
  if (rows.length === 0) list.textContent = "Нет данных о триггерах за этот месяц.";
  return list;
}

export interface PlanCheckRow {
  id: string;
  claim_ru: string;
  document_value: unknown;
  recomputed_value: unknown;
  unit: string;
  verdict: string;
  explanation_ru: string;
}

/** The counted nouns of the plan-check units (written in the genitive plural): their three forms. */
const UNIT_NOUN_FORMS_RU: Record<string, readonly [string, string, string]> = {
  обращений: ["обращение", "обращения", "обращений"],
  ставок: ["ставка", "ставки", "ставок"],
  выездов: ["выезд", "выезда", "выездов"],
  проектов: ["проект", "проекта", "проектов"],
  клиентов: ["клиент", "клиента", "клиентов"],
};

/** A unit agreeing with the number before it: (1, "ставок") → «ставка»; a fraction takes the genitive singular («2,5 ставки»). */
export function unitForNumberRu(value: number, unit: string): string {
  const [noun, ...rest] = unit.split(" ");
  const forms = UNIT_NOUN_FORMS_RU[noun ?? ""];
  if (!forms) return unit;
  const word = Number.isInteger(value) ? pluralRu(value, forms) : forms[1];
  return [word, ...rest].join(" ");
}

/** A plan-check figure with its unit: a number, or a range [low, high] (one number when both ends agree). */
export function formatPlanValue(value: unknown, unit: string): string {
  if (value === null || value === undefined) return NO_DATA_RU;
  // the number as shown (one decimal at most): 2,96 shows as «3», which takes «ставки»
  const shown = (v: number) => (Number.isInteger(v) ? v : Math.round(v * 10) / 10);
  if (typeof value === "number") return `${formatNumber(value, Number.isInteger(value) ? 0 : 1)} ${unitForNumberRu(shown(value), unit)}`.trim();
  if (Array.isArray(value)) {
    const parts = value.map((v) => (typeof v === "number" ? formatNumber(v, Number.isInteger(v) ? 0 : 1) : String(v)));
    const distinct = parts.filter((p, i) => p !== parts[i - 1]);
    const last = value[value.length - 1];
    return `${distinct.join("–")} ${typeof last === "number" ? unitForNumberRu(shown(last), unit) : unit}`.trim();
  }
  if (typeof value === "object") {
    const o = value as Record<string, unknown>;
    if (typeof o.min === "number" && typeof o.max === "number") return `${formatNumber(o.min, 0)}–${formatNumber(o.max, 0)} ${unit}`;
  }
  return `${String(value)} ${unit}`.trim();
}

/** The plan check as a table: claim, the document's figure, the recomputed one, the verdict. Text only. */
export function PlanCheckTable(rows: readonly PlanCheckRow[]): HTMLElement {
  const table = document.createElement("table");
  table.className = "plan-check";
  const head = table.createTHead().insertRow();
  for (const title of ["Утверждение документа", "В документе", "Пересчёт", "Вывод", "Пояснение"]) {
    const th = document.createElement("th");
    th.textContent = title;
    head.append(th);
  }
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    tr.dataset.id = row.id;
    const ok = row.verdict === "ok";
    const verdictRu = ok ? "✓ сходится" : row.verdict === "understated" ? "✕ в документе занижено" : row.verdict === "overstated" ? "✕ в документе завышено" : "✕ не сходится";
    const cells = [row.claim_ru, formatPlanValue(row.document_value, row.unit), formatPlanValue(row.recomputed_value, row.unit), "", row.explanation_ru];
    cells.forEach((text, i) => {
      const td = tr.insertCell();
      if (i === 3) {
        const badge = document.createElement("span");
        badge.className = "status-badge";
        badge.dataset.status = ok ? "ok" : "bad";
        badge.textContent = verdictRu;
        badge.title = row.verdict;
        td.append(badge);
      } else td.textContent = text;
    });
  }
  return table;
}
