/**
 * The deck's slides, one function each: the title, the KPI table, the narrative, a native chart
 * (bars and lines, editable, the data inside), the triggers.
 */
import type { ChartOptions, Presentation, TableCell, TableCellProps, TextProps } from "./pptx.js";
import { KPI_CARDS, formatKpiChange, formatKpiValue, kpiCardModel, type MonthKpis } from "../kpi.js";
import { formatNumber, formatPercent } from "../../core/format.js";
import { TRIGGER_LABELS_RU, labelOf } from "../../core/labels.js";
import type { NarrativeItem } from "../narrative.js";
import { STATUS_STYLES, type Status } from "../status.js";
import { triggerRows, triggerStatus } from "../workload-charts.js";
import type { DeckChartSpec } from "./chart-specs.js";
import { colorOf, type DeckPalette } from "./colors.js";
import { addHeading, CONTENT_BOTTOM_IN, CONTENT_TOP_IN, CONTENT_W_IN, FONT, MARGIN_IN, MASTER, MUTED_COLOR, TEXT_COLOR } from "./layout.js";

type Cell = TableCell;

const HEADER_CELL: TableCellProps = { bold: true, color: MUTED_COLOR, fill: { color: "F2F4F6" } };

function statusCell(status: Status, palette: DeckPalette, word = STATUS_STYLES[status].labelRu): Cell {
  const style = STATUS_STYLES[status];
  return { text: `${style.icon} ${word}`, options: { color: colorOf(palette, style.cssVar), bold: status !== "none" } };
}

/** The words the report page's trigger cards use. */
const TRIGGER_WORDS_RU: Readonly<Record<Status, string>> = { bad: "сработал", warn: "близко к порогу", ok: "далеко от порога", none: "нет данных" };

export function addTitleSlide(pptx: Presentation, lines: { title: string; month: string; asOf: string; source: string }): void {
  const slide = pptx.addSlide();
  slide.background = { color: "FFFFFF" };
  slide.addText(lines.title, { x: MARGIN_IN, y: 1.3, w: CONTENT_W_IN, h: 0.9, fontFace: FONT, fontSize: 30, bold: true, color: TEXT_COLOR });
  slide.addText(lines.month, { x: MARGIN_IN, y: 2.2, w: CONTENT_W_IN, h: 0.7, fontFace: FONT, fontSize: 24, color: TEXT_COLOR });
  slide.addText(
    [
      { text: lines.asOf, options: { breakLine: true } },
      { text: lines.source, options: {} },
    ],
    { x: MARGIN_IN, y: 3.4, w: CONTENT_W_IN, h: 0.9, fontFace: FONT, fontSize: 13, color: MUTED_COLOR, valign: "top" },
  );
}

export function addKpiSlide(pptx: Presentation, months: readonly MonthKpis[], month: string, settings: unknown, subtitle: string, palette: DeckPalette): void {
  const slide = pptx.addSlide({ masterName: MASTER });
  addHeading(slide, "Показатели месяца", subtitle);
  const header: Cell[] = ["Показатель", "Значение", "Цель / порог", "Статус", "К прошлому месяцу"].map((text) => ({ text, options: HEADER_CELL }));
  const rows: Cell[][] = KPI_CARDS.map((spec) => {
    const model = kpiCardModel(spec, months, month, settings);
    return [
      { text: spec.titleRu },
      { text: formatKpiValue(model.value, spec.unit), options: { bold: true } },
      { text: model.target === null ? "—" : formatKpiValue(model.target, spec.unit) },
      statusCell(model.status, palette),
      { text: model.changeVsPrevious === null ? "—" : formatKpiChange(model.changeVsPrevious, spec.unit) },
    ];
  });
  slide.addTable([header, ...rows], {
    x: MARGIN_IN,
    y: CONTENT_TOP_IN,
    w: CONTENT_W_IN,
    colW: [3.0, 1.3, 1.3, 1.8, 1.8],
    rowH: 0.25,
    fontFace: FONT,
    fontSize: 10,
    color: TEXT_COLOR,
    margin: [1, 4, 1, 4],
    border: { type: "solid", pt: 0.5, color: "E1E4E8" },
  });
}

/** Splits the narrative into slides of at most `maxChars` characters each. */
export function narrativePages(items: readonly NarrativeItem[], maxChars = 1100): NarrativeItem[][] {
  const pages: NarrativeItem[][] = [[]];
  let length = 0;
  for (const item of items) {
    if (length > 0 && length + item.text.length > maxChars) {
      pages.push([]);
      length = 0;
    }
    pages.at(-1)!.push(item);
    length += item.text.length;
  }
  return pages;
}

export function addNarrativeSlide(pptx: Presentation, items: readonly NarrativeItem[], title: string, subtitle: string, palette: DeckPalette): void {
  const slide = pptx.addSlide({ masterName: MASTER });
  addHeading(slide, title, subtitle);
  const runs: TextProps[] = items.flatMap((item) => [
    { text: `${STATUS_STYLES[item.tone].icon} `, options: { bold: true, color: colorOf(palette, STATUS_STYLES[item.tone].cssVar) } },
    { text: item.text, options: { breakLine: true } },
  ]);
  slide.addText(runs, {
    x: MARGIN_IN,
    y: CONTENT_TOP_IN,
    w: CONTENT_W_IN,
    h: CONTENT_BOTTOM_IN - CONTENT_TOP_IN,
    fontFace: FONT,
    fontSize: 12,
    color: TEXT_COLOR,
    valign: "top",
    paraSpaceAfter: 6,
    fit: "shrink",
  });
}

export function addTriggersSlide(pptx: Presentation, months: readonly MonthKpis[], month: string, subtitle: string, nearFrom: number, palette: DeckPalette): void {
  const slide = pptx.addSlide({ masterName: MASTER });
  addHeading(slide, "Триггеры масштабирования", subtitle);
  const rows = triggerRows(months.filter((m) => m.month === month));
  if (rows.length === 0) {
    slide.addText("Нет данных о триггерах за этот месяц.", { x: MARGIN_IN, y: CONTENT_TOP_IN, w: CONTENT_W_IN, h: 0.5, fontFace: FONT, fontSize: 14, color: MUTED_COLOR });
    return;
  }
  const header: Cell[] = ["Триггер", "Значение", "Порог", "Доля порога", "Статус"].map((text) => ({ text, options: HEADER_CELL }));
  const body: Cell[][] = rows.map((row) => {
    const status = triggerStatus(row, nearFrom);
    return [
      { text: labelOf(TRIGGER_LABELS_RU, row.name) },
      { text: formatNumber(row.value, row.value !== null && Math.abs(row.value) < 10 ? 2 : 0) },
      { text: formatNumber(row.threshold, row.threshold !== null && Math.abs(row.threshold) < 10 ? 2 : 0) },
      { text: row.nearness === null ? "—" : formatPercent(row.nearness, 0) },
      statusCell(status, palette, TRIGGER_WORDS_RU[status]),
    ];
  });
  slide.addTable([header, ...body], {
    x: MARGIN_IN,
    y: CONTENT_TOP_IN,
    w: CONTENT_W_IN,
    colW: [3.4, 1.2, 1.2, 1.2, 2.2],
    rowH: 0.4,
    fontFace: FONT,
    fontSize: 12,
    color: TEXT_COLOR,
    border: { type: "solid", pt: 0.5, color: "E1E4E8" },
  });
}

/** A native, editable chart: the series and, dashed, the guide lines; values and colours inside. */
export function addChartSlide(pptx: Presentation, spec: DeckChartSpec, subtitle: string, palette: DeckPalette): void {
  const slide = pptx.addSlide({ masterName: MASTER });
  addHeading(slide, spec.title, subtitle);
  const dataOf = (series: DeckChartSpec["series"]) => series.map((s) => ({ name: s.name, labels: spec.labels, values: s.values as number[] }));
  const numberFormat = spec.valueFormat === "percent" ? "0%" : "# ##0";
  const common: ChartOptions = {
    x: MARGIN_IN,
    y: CONTENT_TOP_IN,
    w: CONTENT_W_IN,
    h: CONTENT_BOTTOM_IN - CONTENT_TOP_IN,
    fontFace: FONT,
    showLegend: true,
    legendPos: "b",
    legendFontSize: 10,
    catAxisLabelFontSize: 9,
    valAxisLabelFontSize: 9,
    valAxisLabelFormatCode: numberFormat,
    valGridLine: { color: "E1E4E8", size: 0.5 },
    ...(spec.valueMin !== undefined ? { valAxisMinVal: spec.valueMin } : {}),
    ...(spec.valueMax !== undefined ? { valAxisMaxVal: spec.valueMax } : {}),
  };
  const seriesOptions: ChartOptions =
    spec.kind === "bar"
      ? { barDir: "col", barGapWidthPct: 40, chartColors: (spec.series[0]?.pointColors ?? spec.series.map((s) => s.color)).map((c) => colorOf(palette, c)) }
      : { chartColors: spec.series.map((s) => colorOf(palette, s.color)), lineSize: 2, lineDataSymbol: "circle", lineDataSymbolSize: 5 };
  const kind = spec.kind === "bar" ? pptx.ChartType.bar : pptx.ChartType.line;
  if (spec.guides.length === 0) {
    slide.addChart(kind, dataOf(spec.series), { ...common, ...seriesOptions });
    return;
  }
  const guideOptions: ChartOptions = { chartColors: spec.guides.map((g) => colorOf(palette, g.color)), lineSize: 1.25, lineDash: "dash", lineDataSymbol: "none" };
  slide.addChart(
    [
      { type: kind, data: dataOf(spec.series), options: seriesOptions },
      { type: pptx.ChartType.line, data: dataOf(spec.guides), options: guideOptions },
    ],
    // a multi-type chart takes its options from the data argument when that is given
    null as unknown as [],
    common,
  );
}
