/** Charts of «Внедрение и выезды»: project timeline by stage, on-time rate, Time to Value, visits, engineer load. */
import * as Plot from "@observablehq/plot";
import { CHART_HEIGHT, bandTicks, categoryScale, monthDate, monthLong, numberTick, percentTick, percentTip, monthAxis, targetRule } from "./chart-common.js";
import { formatDay, formatMonthShort, formatNumber } from "../core/format.js";
import { valueAt, type MonthKpis } from "./kpi.js";
import { VISIT_KIND_LABELS_RU } from "../core/labels.js";

interface ChartOptions {
  width?: number;
  height?: number;
}

export interface ProjectRow {
  project_id: string;
  client_id: string;
  client_name: string | null;
  signed_at: Date;
  due_at: Date | null;
  audit_at: Date | null;
  installed_at: Date | null;
  commissioned_at: Date | null;
  trained_at: Date | null;
  handed_over_at: Date | null;
  month: string;
  ttv_days: number | null;
  on_time: boolean | null;
}

export const STAGES = [
  { key: "audit", labelRu: "Договор → аудит", from: "signed_at", to: "audit_at" },
  { key: "installation", labelRu: "Аудит → монтаж", from: "audit_at", to: "installed_at" },
  { key: "commissioning", labelRu: "Монтаж → пусконаладка", from: "installed_at", to: "commissioned_at" },
  { key: "training", labelRu: "Пусконаладка → обучение", from: "commissioned_at", to: "trained_at" },
  { key: "handover", labelRu: "Обучение → передача", from: "trained_at", to: "handed_over_at" },
] as const;

export interface StageRow {
  project_id: string;
  label: string;
  stage: string;
  start: Date;
  end: Date;
  open: boolean;
}

/**
 * One bar per stage that has started: from the previous milestone to this one; a stage under
 * way (previous milestone set, this one not) runs to `asOf` and is marked open.
 */
export function stageRows(projects: readonly ProjectRow[], asOf: Date): StageRow[] {
  const rows: StageRow[] = [];
  for (const p of projects) {
    const label = `${p.project_id} · ${p.client_name ?? p.client_id}`;
    for (const stage of STAGES) {
      const start = p[stage.from] as Date | null;
      const end = p[stage.to] as Date | null;
      if (!start) break;
      rows.push({ project_id: p.project_id, label, stage: stage.key, start, end: end ?? asOf, open: end === null });
      if (!end) break;
    }
  }
  return rows;
}

export function ProjectTimeline(stages: readonly StageRow[], projects: readonly ProjectRow[], { width = 640 }: ChartOptions = {}) {
  const labels = Object.fromEntries(STAGES.map((s) => [s.key, s.labelRu]));
  const order = [...new Set(stages.map((s) => s.label))];
  const dues = projects.filter((p) => p.due_at && order.includes(`${p.project_id} · ${p.client_name ?? p.client_id}`));
  const marginLeft = Math.min(260, width * 0.35);
  return Plot.plot({
    width,
    height: Math.max(180, order.length * 18 + 70),
    marginLeft,
    // day labels («30 августа») need ~110 px each; Plot's default (one per 80 px) makes them overlap
    x: { type: "utc", label: null, grid: true, ticks: Math.max(2, Math.floor((width - marginLeft) / 110)), tickFormat: (d: Date) => formatDay(d).replace(/ \d{4}$/, "") },
    y: { domain: order, label: null, tickFormat: (s: string) => (s.length > 36 ? s.slice(0, 35) + "…" : s) },
    color: categoryScale(STAGES.map((s) => s.key), labels),
    marks: [
      Plot.barX(stages, {
        y: "label",
        x1: "start",
        x2: "end",
        fill: "stage",
        fillOpacity: (d: StageRow) => (d.open ? 0.45 : 1),
        title: (d: StageRow) => `${d.label}\n${labels[d.stage]}: ${formatDay(d.start)} — ${d.open ? "в работе" : formatDay(d.end)}`,
        tip: true,
      }),
      Plot.tickX(dues, { y: (p: ProjectRow) => `${p.project_id} · ${p.client_name ?? p.client_id}`, x: "due_at", stroke: "var(--status-bad)", strokeWidth: 2, title: (p: ProjectRow) => `Плановый срок: ${formatDay(p.due_at)}` }),
    ],
  });
}

export interface ProjectMonthRow {
  month: string;
  started: number | null;
  completed: number | null;
  on_time_rate: number | null;
  ttv_median_days: number | null;
}

export function projectMonthRows(months: readonly MonthKpis[]): ProjectMonthRow[] {
  return months.map((m) => ({
    month: m.month,
    started: valueAt(m, "projects.started"),
    completed: valueAt(m, "projects.completed"),
    on_time_rate: valueAt(m, "projects.on_time_rate"),
    ttv_median_days: valueAt(m, "projects.ttv_median_days"),
  }));
}

/** Projects started and completed per month, and the on-time share as dots (right-hand meaning in the tip). */
export function ProjectsFlowChart(rows: readonly ProjectMonthRow[], { width = 640, height = CHART_HEIGHT, perMonthTrigger }: ChartOptions & { perMonthTrigger?: number | null } = {}) {
  const labels: Record<string, string> = { started: "Начато", completed: "Завершено" };
  const data = rows.flatMap((r) => [
    { month: r.month, kind: "started", count: r.started ?? 0 },
    { month: r.month, kind: "completed", count: r.completed ?? 0 },
  ]);
  return Plot.plot({
    width,
    height,
    marginLeft: 40,
    x: { type: "band", label: null, tickFormat: (m: string) => formatMonthShort(m), ticks: bandTicks(rows.map((r) => r.month), width) },
    y: { grid: true, label: "Проектов", tickFormat: numberTick },
    color: categoryScale(["started", "completed"], labels),
    marks: [
      perMonthTrigger != null ? Plot.ruleY([perMonthTrigger], { stroke: "var(--status-warn)", strokeDasharray: "6,4" }) : null,
      Plot.barY(data.filter((d) => d.kind === "started"), { x: "month", y: "count", fill: "kind", inset: 3, tip: { format: { x: (m: string) => formatMonthShort(m), y: numberTick, fill: (k: string) => labels[k] ?? k } } }),
      Plot.tickY(data.filter((d) => d.kind === "completed"), { x: "month", y: "count", stroke: "kind", strokeWidth: 3 }),
      Plot.ruleY([0]),
    ],
  });
}

export function OnTimeChart(rows: readonly ProjectMonthRow[], { width = 640, height = CHART_HEIGHT, target }: ChartOptions & { target?: number | null } = {}) {
  const data = rows.filter((r) => r.on_time_rate !== null).map((r) => ({ ...r, date: monthDate(r.month) }));
  return Plot.plot({
    width,
    height,
    marginLeft: 48,
    x: monthAxis(width, rows.length),
    y: { grid: true, label: "Сдано в срок", domain: [0, 1], tickFormat: percentTick },
    marks: [
      targetRule(target),
      Plot.lineY(data, { x: "date", y: "on_time_rate", stroke: "var(--cat-1)", strokeWidth: 2, marker: "circle-stroke", tip: { format: { x: monthLong, y: percentTip } } }),
    ],
  });
}

/** Distribution of Time to Value (signed → trained, days) with the target line. */
export function TtvChart(projects: readonly ProjectRow[], { width = 640, height = CHART_HEIGHT, target }: ChartOptions & { target?: number | null } = {}) {
  const data = projects.filter((p) => p.ttv_days !== null);
  return Plot.plot({
    width,
    height,
    marginLeft: 40,
    x: { label: "Дней от договора до обучения", tickFormat: numberTick },
    y: { grid: true, label: "Проектов", tickFormat: numberTick },
    marks: [
      Plot.rectY(data, { ...Plot.binX({ y: "count" }, { x: "ttv_days", interval: 2, fill: "var(--cat-1)" } as Plot.BinXInputs<Plot.RectYOptions>), tip: { format: { y: numberTick } } }),
      target != null ? Plot.ruleX([target], { stroke: "var(--status-bad)", strokeWidth: 2, strokeDasharray: "4,4" }) : null,
      target != null ? Plot.text([target], { x: (d: number) => d, frameAnchor: "top", text: () => `цель ≤ ${formatNumber(target)} дн.`, dx: 4, textAnchor: "start", fill: "var(--theme-foreground-muted)" }) : null,
      Plot.ruleY([0]),
    ],
  });
}

export interface VisitCountRow {
  month: string;
  kind: string;
  visits: number;
}

/** Visits per month and kind from the monthly KPIs (visits.by_kind.<kind>), the kinds with visits only. */
export function visitKindRows(months: readonly MonthKpis[]): VisitCountRow[] {
  return months.flatMap((m) =>
    Object.keys(VISIT_KIND_LABELS_RU)
      .map((kind) => ({ month: m.month, kind, visits: valueAt(m, `visits.by_kind.${kind}`) ?? 0 }))
      .filter((r) => r.visits > 0),
  );
}

export interface PeriodTotals {
  started: number;
  completed: number;
  visits: number;
}

/** Projects started and completed and engineer visits over the months: the sums of projects.started, projects.completed, visits.total. */
export function periodTotals(months: readonly MonthKpis[]): PeriodTotals {
  const sum = (key: string) => months.reduce((total, m) => total + (valueAt(m, key) ?? 0), 0);
  return { started: sum("projects.started"), completed: sum("projects.completed"), visits: sum("visits.total") };
}

export function VisitsChart(rows: readonly VisitCountRow[], { width = 640, height = CHART_HEIGHT }: ChartOptions = {}) {
  const kinds = Object.keys(VISIT_KIND_LABELS_RU).filter((k) => rows.some((r) => r.kind === k));
  const months = [...new Set(rows.map((r) => r.month))].sort();
  return Plot.plot({
    width,
    height,
    marginLeft: 40,
    x: { type: "band", label: null, tickFormat: (m: string) => formatMonthShort(m), ticks: bandTicks(months, width) },
    y: { grid: true, label: "Выездов", tickFormat: numberTick },
    color: categoryScale(kinds, VISIT_KIND_LABELS_RU),
    marks: [Plot.barY(rows, { x: "month", y: "visits", fill: "kind", order: kinds, tip: { format: { x: (m: string) => formatMonthShort(m), y: numberTick } } }), Plot.ruleY([0])],
  });
}

export interface RoleHoursRow {
  month: string;
  demand_hours: number | null;
  capacity_hours: number | null;
  utilization: number | null;
}

export function roleHoursRows(months: readonly MonthKpis[], role: string): RoleHoursRow[] {
  return months.map((m) => ({
    month: m.month,
    demand_hours: valueAt(m, `workload.${role}.demand_hours`),
    capacity_hours: valueAt(m, `workload.${role}.capacity_hours`),
    utilization: valueAt(m, `workload.${role}.utilization`),
  }));
}

/** Demand hours (bars coloured by utilization status) against capacity (line) for one role. */
export function DemandCapacityChart(rows: readonly RoleHoursRow[], { width = 640, height = CHART_HEIGHT }: ChartOptions = {}) {
  const data = rows.filter((r) => r.demand_hours !== null).map((r) => ({ ...r, date: monthDate(r.month) }));
  const status = (u: number | null) => (u === null ? "none" : u > 1 ? "bad" : u >= 0.8 ? "warn" : "ok");
  const labels: Record<string, string> = { ok: "до 80 %", warn: "80–100 %", bad: "больше 100 %", none: "нет данных" };
  const domain = ["ok", "warn", "bad"];
  return Plot.plot({
    width,
    height,
    marginLeft: 48,
    x: monthAxis(width, rows.length),
    y: { grid: true, label: "Часов в месяц", tickFormat: numberTick },
    color: { domain, range: ["var(--status-ok)", "var(--status-warn)", "var(--status-bad)"], tickFormat: (k: string) => labels[k] ?? k, legend: true, label: "Загрузка" },
    marks: [
      Plot.rectY(data, { x: "date", interval: "month", y: "demand_hours", fill: (r: RoleHoursRow) => status(r.utilization), inset: 2 }),
      Plot.lineY(data, { x: (r: RoleHoursRow & { date: Date }) => new Date(r.date.getTime() + 15 * 86_400_000), y: "capacity_hours", stroke: "var(--theme-foreground)", strokeWidth: 2, curve: "step" }),
      Plot.tip(
        data,
        Plot.pointerX({
          x: (r: RoleHoursRow & { date: Date }) => new Date(r.date.getTime() + 15 * 86_400_000),
          y: "demand_hours",
          title: (r: RoleHoursRow) =>
            `${monthLong(monthDate(r.month))}\nНужно: ${formatNumber(r.demand_hours, 0)} ч\nЕсть: ${formatNumber(r.capacity_hours, 0)} ч\nЗагрузка: ${percentTip(r.utilization as number)}`,
        }),
      ),
      Plot.ruleY([0]),
    ],
  });
}
