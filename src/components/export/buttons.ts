/**
 * `exportable(draw, meta, resize)`: a chart's card body with a heading and SVG / PNG / CSV
 * buttons. `draw(width, height?)` draws it, at the page's width through Framework's `resize` on
 * screen and in the slide's proportions for the slide (see slideChartSize). A chart already drawn
 * (an Element) may bring `meta.redraw` for the slide instead; without one the slide scales the
 * chart as shown.
 */
import { toCsv } from "./csv.js";
import { downloadBlob, exportFilename } from "./download.js";
import { svgToPngBlob } from "./png.js";
import { slideSvgOf } from "./svg.js";
import type { DrawChart, ExportMeta, Resize } from "./types.js";

function button(label: string, kind: string, titleRu: string, onClick: () => Promise<void> | void): HTMLButtonElement {
  const element = document.createElement("button");
  element.type = "button";
  element.className = "export-button";
  element.dataset.export = kind;
  element.textContent = label;
  element.title = titleRu;
  element.addEventListener("click", async () => {
    element.disabled = true;
    try {
      await onClick();
    } catch (error) {
      console.warn("Выгрузка не удалась:", error);
    } finally {
      element.disabled = false;
    }
  });
  return element;
}

/**
 * The narrowest width a chart is drawn at (px): a container can be narrower for a moment while
 * the page lays out, and a chart with a wide left margin (category labels) drawn narrower than
 * its margins would get negative bar widths (an error per bar in the console).
 */
export const MIN_DRAW_WIDTH = 280;

/**
 * A card body: heading (title, subtitle), the chart, and SVG / PNG / CSV buttons. The chart is
 * `draw` rendered through `resize` (and redrawn for the slide), or an Element already drawn.
 * Title and subtitle are set with textContent, never parsed as HTML.
 */
export function exportable(
  chartOrDraw: Element | DrawChart,
  options: ExportMeta & { legendFormat?: (value: unknown) => string },
  resize?: Resize,
): HTMLElement {
  let chart: Element;
  let meta = options;
  if (typeof chartOrDraw === "function") {
    if (!resize) throw new Error("exportable: a chart given as a draw function needs Framework's resize");
    const draw = chartOrDraw;
    chart = resize((width) => draw(Math.max(MIN_DRAW_WIDTH, width)));
    meta = { ...options, redraw: draw };
  } else chart = chartOrDraw;
  const root = document.createElement("div");
  root.className = "exportable";
  root.dataset.filename = meta.filename;
  if (meta.redraw) root.dataset.slideRedraw = "true";
  const header = document.createElement("div");
  header.className = "exportable-header";
  const headings = document.createElement("div");
  const h2 = document.createElement("h2");
  h2.textContent = meta.title;
  headings.append(h2);
  if (meta.subtitle) {
    const h3 = document.createElement("h3");
    h3.textContent = meta.subtitle;
    headings.append(h3);
  }
  const bar = document.createElement("div");
  bar.className = "export-bar";
  const rows = () => (typeof meta.data === "function" ? meta.data() : meta.data);
  bar.append(
    button("SVG", "svg", "Скачать SVG (слайд 16:9)", () => {
      const markup = slideSvgOf(chartArea, meta);
      downloadBlob(new Blob([markup], { type: "image/svg+xml;charset=utf-8" }), exportFilename(meta.filename, "svg"));
    }),
    button("PNG", "png", "Скачать PNG (слайд 16:9, 2×)", async () => {
      const blob = await svgToPngBlob(slideSvgOf(chartArea, meta));
      downloadBlob(blob, exportFilename(meta.filename, "png"));
    }),
    button("CSV", "csv", "Скачать данные графика (CSV для Excel)", () => {
      const csv = toCsv(rows(), meta.columns);
      downloadBlob(new Blob([csv], { type: "text/csv;charset=utf-8" }), exportFilename(meta.filename, "csv"));
    }),
  );
  header.append(headings, bar);
  const chartArea = document.createElement("div");
  chartArea.className = "exportable-chart";
  chartArea.append(chart);
  root.append(header, chartArea);
  return root;
}
