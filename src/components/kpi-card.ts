/**
 * A KPI card: value against target with status colour, icon and word; change vs the previous
 * month and the same month a year earlier; a 13-month sparkline. Built with DOM calls and
 * textContent only (no HTML parsing of data).
 */
import * as Plot from "@observablehq/plot";
import { addMonths, formatMonth, formatMonthShort, formatSameDaysRu } from "../core/format.js";
import { formatKpiChange, formatKpiValue, type KpiCardModel } from "./kpi.js";
import { STATUS_STYLES } from "./status.js";
import { monthDate, statusColor } from "./chart-common.js";

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className?: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

export function KpiSparkline(model: KpiCardModel, { width = 200 }: { width?: number } = {}): SVGSVGElement | HTMLElement {
  const points = model.trend.filter((p) => p.value !== null).map((p) => ({ date: monthDate(p.month), value: p.value as number }));
  const marks: Plot.Markish[] = [];
  if (model.target !== null && model.spec.kind !== "threshold") marks.push(Plot.ruleY([model.target], { stroke: "var(--target-line)", strokeDasharray: "3,3" }));
  marks.push(
    Plot.lineY(points, { x: "date", y: "value", stroke: "var(--theme-foreground-focus)", strokeWidth: 1.5 }),
    Plot.dot(points.slice(-1), { x: "date", y: "value", r: 3, fill: statusColor(model.status) }),
  );
  const svg = Plot.plot({
    width,
    height: 40,
    margin: 4,
    axis: null,
    x: { type: "utc" },
    y: { zero: false, nice: false },
    marks,
    ariaLabel: `Динамика: ${model.spec.titleRu}`,
  }) as SVGSVGElement;
  // stretch to the card's width at a fixed height (no layout jump)
  svg.setAttribute("preserveAspectRatio", "none");
  svg.style.width = "100%";
  svg.style.height = "40px";
  return svg;
}

export function KpiCard(model: KpiCardModel, { width = 260 }: { width?: number } = {}): HTMLElement {
  const style = STATUS_STYLES[model.status];
  const card = element("div", "card kpi-card");
  card.dataset.kpi = model.spec.key;
  card.dataset.status = model.status;
  card.style.setProperty("--kpi-status-color", statusColor(model.status));

  const title = element("h2");
  const link = element("a", undefined, model.spec.titleRu);
  link.href = `./methodology#${model.spec.key}`;
  link.title = "Определение и формула — в «Методике»";
  title.append(link);

  const value = element("div", "kpi-value", formatKpiValue(model.value, model.spec.unit));
  value.dataset.value = model.value === null ? "" : String(model.value);

  const status = element("div", "kpi-status");
  status.append(element("span", "kpi-icon", style.icon));
  const targetText =
    model.target === null
      ? "цель не задана"
      : `${model.spec.direction === "higher" ? "цель ≥" : model.spec.noteRu ? "порог" : "цель ≤"} ${formatKpiValue(model.target, model.spec.unit)}`;
  status.append(document.createTextNode(`${targetText} · ${style.labelRu}`));
  if (model.spec.noteRu) status.title = model.spec.noteRu;

  const changes = element("div", "kpi-changes");
  changes.dataset.comparison = model.comparison;
  const arrow = model.improvedVsPrevious === null ? "" : model.improvedVsPrevious ? " ▲ лучше" : " ▼ хуже";
  const [previousLabel, yearAgoLabel] =
    model.comparison === "same_days" && model.throughDay !== null
      ? [formatSameDaysRu(addMonths(model.month, -1), model.throughDay), formatSameDaysRu(addMonths(model.month, -12), model.throughDay, { withYear: true })]
      : [formatMonthShort(addMonths(model.month, -1)), formatMonthShort(addMonths(model.month, -12))];
  if (model.comparison === "none") {
    changes.append(element("div", undefined, "месяц не завершён — не сравнивается"));
  } else {
    changes.append(
      element("div", undefined, `к ${previousLabel}: ${formatKpiChange(model.changeVsPrevious, model.spec.unit)}${arrow}`),
      element("div", undefined, `к ${yearAgoLabel}: ${formatKpiChange(model.changeVsYearAgo, model.spec.unit)}`),
    );
  }

  const spark = element("div", "kpi-spark");
  spark.append(KpiSparkline(model, { width }));
  spark.title = `Последние 13 месяцев по ${formatMonth(model.month)}`;
  card.append(title, value);
  if (model.provisional) {
    const note = element("div", "kpi-provisional", "предварительно");
    note.title = "Не все обращения месяца решены: значение ещё может измениться";
    card.append(note);
  }
  card.append(status, changes, spark);
  return card;
}
