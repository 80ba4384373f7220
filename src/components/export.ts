/**
 * Export of every chart: SVG and PNG of a 16:9 slide (title, subtitle, legend, chart, source
 * line; PNG at 2× resolution) and CSV of the data behind the chart (UTF-8 with BOM, «;» as
 * separator and decimal comma for Russian Excel, formula-like cells neutralised).
 *
 * The pages import `exportable` from here; each part lives in its own module under export/:
 * csv (the CSV text), slide-layout and slide-svg (the slide, pure), chart-svg and svg (reading the
 * chart on the page, DOM), png (rasterising), download (file names, saving) and buttons (the card).
 */
export type { DrawChart, ExportColumn, ExportMeta, ExportRow, Resize } from "./export/types.js";
export { columnsOf, CSV_BOM, CSV_SEPARATOR, csvQuote, csvValue, neutralizeCell, toCsv } from "./export/csv.js";
export { downloadBlob, exportFilename } from "./export/download.js";
export {
  legendPositions,
  legendRowCount,
  SLIDE_CHART_ZOOM,
  SLIDE_HEIGHT,
  SLIDE_WIDTH,
  slideChartSize,
  slideLayout,
  SUBTITLE_CHARS_PER_LINE,
  SUBTITLE_MAX_LINES,
  subtitleLines,
  wrapLines,
} from "./export/slide-layout.js";
export type { LegendItem } from "./export/slide-layout.js";
export { composeSlideSvg, DEFAULT_SOURCE_RU, escapeXml } from "./export/slide-svg.js";
export type { SlideParts } from "./export/slide-svg.js";
export { standaloneSvg } from "./export/chart-svg.js";
export { slideSvgOf } from "./export/svg.js";
export { PNG_SCALE, svgToPngBlob } from "./export/png.js";
export { exportable, MIN_DRAW_WIDTH } from "./export/buttons.js";
