/** The shapes an exported chart is described by: its rows, CSV columns, titles and how to draw it. */

export interface ExportColumn {
  key: string;
  label: string;
}

export type ExportRow = Readonly<Record<string, unknown>>;

export interface ExportMeta {
  title: string;
  subtitle?: string;
  /** the rows behind the chart (or a function returning them at click time) */
  data: readonly ExportRow[] | (() => readonly ExportRow[]);
  /** columns of the CSV in order, with Russian headers; default: keys of the rows */
  columns?: readonly ExportColumn[];
  /** base of the downloaded file names, without extension */
  filename: string;
  /** the source line of the slide; default «Источник: выгрузки Bitrix24 отдела сопровождения» */
  source?: string;
  /** draws the chart at a given size in px (the slide asks for slideChartSize) */
  redraw?: DrawChart;
}

/** Draws a chart at a width and, when given, a height (px). */
export type DrawChart = (width: number, height?: number) => Element;

/** Framework's `resize`: re-renders at the container's width. */
export type Resize = (render: (width: number) => Element) => Element;
