/** Building blocks of «Ежемесячный отчёт»: the KPI grid, the narrative list and the metrics-based trend rows. */
import * as Plot from "@observablehq/plot";
import { CHART_HEIGHT, monthAxis, monthDate, monthLong, numberTick, statusColor } from "./chart-common.js";
import type { SlaTrendRow } from "./aggregates.js";
import { addMonths, formatNumber } from "../core/format.js";
import { KpiCard } from "./kpi-card.js";
import { KPI_CARDS, kpiCardModel, valueAt, type MonthKpis } from "./kpi.js";
import { PRIORITY_ORDER } from "../core/labels.js";
import type { NarrativeItem } from "./narrative.js";
import { STATUS_STYLES } from "./status.js";

export function KpiGrid(months: readonly MonthKpis[], month: string, settings: unknown, { cardWidth = 200 }: { cardWidth?: number } = {}): HTMLElement {
  const grid = document.createElement("div");
  grid.className = "kpi-grid";
  for (const spec of KPI_CARDS) grid.append(KpiCard(kpiCardModel(spec, months, month, settings), { width: cardWidth }));
  return grid;
}

/** The narrative as a list; each sentence links to the definition of its metric in «Методика». */
export function NarrativeList(items: readonly NarrativeItem[]): HTMLElement {
  const list = document.createElement("ul");
  list.className = "narrative";
  for (const item of items) {
    const li = document.createElement("li");
    li.dataset.tone = item.tone;
    li.dataset.key = item.key;
    li.dataset.icon = STATUS_STYLES[item.tone].icon;
    li.style.setProperty("--narrative-color", statusColor(item.tone));
    li.append(document.createTextNode(item.text + " "));
    if (item.key.includes(".")) {
      const link = document.createElement("a");
      link.href = `./methodology#${item.key.startsWith("triggers.") ? "triggers" : item.key}`;
      link.textContent = "методика";
      link.className = "muted";
      li.append(link);
    }
    list.append(li);
  }
  return list;
}

/** The months of the trend window: `count` months ending with `month`, those present in the data. */
export function windowMonths(months: readonly MonthKpis[], month: string, count: number): MonthKpis[] {
  const first = addMonths(month, -(count - 1));
  return months.filter((m) => m.month >= first && m.month <= month);
}

/** SLA trend rows from the monthly KPIs (met + breached when the engine reports them). */
export function slaRowsFromMetrics(months: readonly MonthKpis[]): SlaTrendRow[] {
  return months.flatMap((m) =>
    PRIORITY_ORDER.map((priority) => {
      const met = valueAt(m, `sla.${priority}.met`) ?? 0;
      const breached = valueAt(m, `sla.${priority}.breached`) ?? 0;
      return { month: m.month, priority, judged: met + breached, met, breached, compliance: valueAt(m, `sla.${priority}.compliance`) };
    }),
  ).filter((r) => r.compliance !== null);
}

export interface TicketsTotalRow {
  month: string;
  tickets: number | null;
  per_working_day: number | null;
}

export function ticketsTotalRows(months: readonly MonthKpis[]): TicketsTotalRow[] {
  return months.map((m) => ({ month: m.month, tickets: valueAt(m, "tickets.total"), per_working_day: valueAt(m, "tickets.per_working_day") }));
}

/** Tickets per month against the second-support-manager threshold; the selected month highlighted. */
export function TicketsTotalChart(rows: readonly TicketsTotalRow[], { width = 640, height = CHART_HEIGHT, threshold, selected }: { width?: number; height?: number; threshold?: number | null; selected?: string } = {}) {
  const data = rows.filter((r) => r.tickets !== null).map((r) => ({ ...r, date: monthDate(r.month) }));
  return Plot.plot({
    width,
    height,
    marginLeft: 48,
    x: monthAxis(width, rows.length),
    y: { grid: true, label: "Обращений в месяц", domain: [0, Math.max((threshold ?? 0) * 1.05, ...data.map((d) => d.tickets as number))], tickFormat: numberTick },
    marks: [
      Plot.rectY(data, {
        x: "date",
        interval: "month",
        y: "tickets",
        inset: 2,
        fill: (d: TicketsTotalRow) => (d.month === selected ? "var(--cat-2)" : "var(--cat-1)"),
        tip: { format: { x: monthLong, y: numberTick } },
      }),
      threshold != null ? Plot.ruleY([threshold], { stroke: "var(--status-bad)", strokeDasharray: "6,3" }) : null,
      threshold != null
        ? Plot.text([threshold], { y: (d: number) => d, frameAnchor: "left", text: () => `${formatNumber(threshold)} — порог второго менеджера`, dy: -8, dx: 4, textAnchor: "start", fill: "var(--theme-foreground-muted)" })
        : null,
      Plot.ruleY([0]),
    ],
  });
}
