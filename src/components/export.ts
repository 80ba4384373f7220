/**
 * Export of every chart: SVG and PNG of a 16:9 slide (title, subtitle, legend, chart, source
 * line; PNG at 2× resolution) and CSV of the data behind the chart (UTF-8 with BOM, «;» as
 * separator and decimal comma for Russian Excel, formula-like cells neutralised).
 *
 * `exportable(draw, meta, resize)` wraps a chart into a card body with a heading and three
 * buttons: `draw(width, height?)` draws it, at the page's width through Framework's `resize` on
 * screen and in the slide's proportions for the slide (see slideChartSize). A chart already drawn
 * (an Element) may bring `meta.redraw` for the slide instead; without one the slide scales the
 * chart as shown. The pure parts (CSV, neutralisation, file names, slide layout) are exported
 * for unit tests.
 */

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

export const SLIDE_WIDTH = 960;
export const SLIDE_HEIGHT = 540;
export const PNG_SCALE = 2;
export const CSV_BOM = "\ufeff";
export const CSV_SEPARATOR = ";";
export const DEFAULT_SOURCE_RU = "Источник: выгрузки Bitrix24 отдела сопровождения PASS24";

/** A text cell that a spreadsheet would run as a formula gets a leading apostrophe. */
export function neutralizeCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? "'" + text : text;
}

function isoOfDate(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.replace(".000Z", "Z");
}

/** One value as CSV text (before quoting): numbers with a decimal comma, dates ISO, booleans да/нет. */
export function csvValue(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value).replace(".", ",") : "";
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "boolean") return value ? "да" : "нет";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : isoOfDate(value);
  return neutralizeCell(String(value));
}

/** Quotes a cell when it holds the separator, a quote or a line break. */
export function csvQuote(text: string, separator = CSV_SEPARATOR): string {
  return text.includes(separator) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function columnsOf(rows: readonly ExportRow[]): ExportColumn[] {
  const keys = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) keys.add(key);
  return [...keys].map((key) => ({ key, label: key }));
}

/** The whole CSV file as a string, BOM first, CRLF line ends. */
export function toCsv(rows: readonly ExportRow[], columns: readonly ExportColumn[] = columnsOf(rows)): string {
  const lines = [columns.map((c) => csvQuote(neutralizeCell(c.label))).join(CSV_SEPARATOR)];
  for (const row of rows) lines.push(columns.map((c) => csvQuote(csvValue(row[c.key]))).join(CSV_SEPARATOR));
  return CSV_BOM + lines.join("\r\n") + "\r\n";
}

/** A safe file name: lower case, letters (Latin or Cyrillic), digits, «-» and «_» only. */
export function exportFilename(base: string, extension: "svg" | "png" | "csv"): string {
  const safe = base
    .toLowerCase()
    .replace(/[^a-z0-9а-яё_-]+/g, "-")
    .replace(/-+/g, "-")
    .replace(/^[-_]+|[-_]+$/g, "")
    .slice(0, 80);
  return `${safe || "chart"}.${extension}`;
}

export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

export interface LegendItem {
  label: string;
  color: string;
}

export interface SlideParts {
  title: string;
  subtitle?: string;
  source: string;
  legend: readonly LegendItem[];
  /** the chart's own SVG markup (an <svg> element) and its natural size */
  chartSvg: string;
  chartWidth: number;
  chartHeight: number;
  background: string;
  foreground: string;
  muted: string;
}

const LEGEND_CHAR_WIDTH = 8.6;
const LEGEND_ROW_HEIGHT = 22;

/** Legend items placed left to right, wrapping to a new row before `maxWidth` (pure). */
export function legendPositions(items: readonly LegendItem[], maxWidth: number): { item: LegendItem; x: number; row: number }[] {
  const placed: { item: LegendItem; x: number; row: number }[] = [];
  let x = 0;
  let row = 0;
  for (const item of items) {
    const width = 20 + Math.ceil(item.label.length * LEGEND_CHAR_WIDTH) + 20;
    if (x > 0 && x + width > maxWidth) {
      row++;
      x = 0;
    }
    placed.push({ item, x, row });
    x += width;
  }
  return placed;
}

/** Subtitle characters per slide line: 16 px DejaVu Sans averages ≈ 9.4 px a character over 896 px. */
export const SUBTITLE_CHARS_PER_LINE = 95;
export const SUBTITLE_MAX_LINES = 2;
const SUBTITLE_LINE_HEIGHT = 20;

/**
 * Greedy word wrap into at most `maxLines` lines of at most `maxChars` characters; a longer word is
 * cut, and text beyond the last line is dropped with «…» (pure; tested).
 */
export function wrapLines(text: string, maxChars: number, maxLines: number): string[] {
  const lines: string[] = [];
  let current = "";
  const words = text.trim().split(/\s+/).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    let word = words[i]!;
    while (word.length > maxChars) {
      if (current) lines.push(current), (current = "");
      lines.push(word.slice(0, maxChars));
      word = word.slice(maxChars);
    }
    if (!current) current = word;
    else if (current.length + 1 + word.length <= maxChars) current += ` ${word}`;
    else lines.push(current), (current = word);
  }
  if (current) lines.push(current);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  const last = kept[maxLines - 1]!;
  kept[maxLines - 1] = `${last.length + 1 > maxChars ? last.slice(0, maxChars - 1).trimEnd() : last}…`;
  return kept;
}

/** The slide lines of a subtitle (none without one). */
export function subtitleLines(subtitle: string | undefined): string[] {
  return subtitle ? wrapLines(subtitle, SUBTITLE_CHARS_PER_LINE, SUBTITLE_MAX_LINES) : [];
}

/** Where the parts of a 960×540 slide go (pure; tested). */
export function slideLayout(subtitleLineCount: number, legendRowCount: number) {
  const margin = 32;
  const titleY = 50;
  const subtitleY = subtitleLineCount > 0 ? 80 : titleY;
  const textBottomY = subtitleY + Math.max(0, subtitleLineCount - 1) * SUBTITLE_LINE_HEIGHT;
  const legendY = legendRowCount > 0 ? textBottomY + 30 : textBottomY;
  const chartY = legendY + Math.max(0, legendRowCount - 1) * LEGEND_ROW_HEIGHT + 20;
  const sourceY = SLIDE_HEIGHT - 18;
  const chartHeight = sourceY - 22 - chartY;
  return { margin, titleY, subtitleY, subtitleLineHeight: SUBTITLE_LINE_HEIGHT, legendY, chartY, chartWidth: SLIDE_WIDTH - 2 * margin, chartHeight, sourceY };
}

/**
 * A chart redrawn for a slide is drawn at the slide's chart area divided by this and scaled up
 * into it, so its 10 px labels read as 14 px on the 960×540 slide (28 px in the 1920×1080 PNG).
 */
export const SLIDE_CHART_ZOOM = 1.4;

/** The size (px) a chart is redrawn at for a slide with this subtitle and legend (pure; tested). */
export function slideChartSize(subtitleLineCount: number, legendRowCount: number): { width: number; height: number } {
  const layout = slideLayout(subtitleLineCount, legendRowCount);
  return { width: Math.round(layout.chartWidth / SLIDE_CHART_ZOOM), height: Math.round(layout.chartHeight / SLIDE_CHART_ZOOM) };
}

/** Width the slide legend wraps at: the slide less its margins. */
const LEGEND_WIDTH = SLIDE_WIDTH - 64;

function rowsOfPlaced(placed: readonly { row: number }[]): number {
  return placed.length === 0 ? 0 : placed[placed.length - 1]!.row + 1;
}

/** Rows of the slide legend for these items (pure). */
export function legendRowCount(items: readonly LegendItem[]): number {
  return rowsOfPlaced(legendPositions(items, LEGEND_WIDTH));
}

/** The standalone slide SVG (pure string assembly; tested). */
export function composeSlideSvg(parts: SlideParts): string {
  const legend = legendPositions(parts.legend, LEGEND_WIDTH);
  const rows = rowsOfPlaced(legend);
  const subtitle = subtitleLines(parts.subtitle);
  const layout = slideLayout(subtitle.length, rows);
  const font = `font-family="system-ui, -apple-system, 'Segoe UI', Roboto, 'DejaVu Sans', sans-serif"`;
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${SLIDE_WIDTH}" height="${SLIDE_HEIGHT}" viewBox="0 0 ${SLIDE_WIDTH} ${SLIDE_HEIGHT}" ${font}>`,
    `<rect width="100%" height="100%" fill="${escapeXml(parts.background)}"/>`,
    `<text x="${layout.margin}" y="${layout.titleY}" font-size="26" font-weight="700" fill="${escapeXml(parts.foreground)}">${escapeXml(parts.title)}</text>`,
  );
  subtitle.forEach((line, i) => {
    out.push(
      `<text x="${layout.margin}" y="${layout.subtitleY + i * layout.subtitleLineHeight}" font-size="16" fill="${escapeXml(parts.muted)}">${escapeXml(line)}</text>`,
    );
  });
  for (const { item, x, row } of legend) {
    const y = layout.legendY + row * LEGEND_ROW_HEIGHT;
    out.push(
      `<rect x="${layout.margin + x}" y="${y - 11}" width="14" height="14" rx="2" fill="${escapeXml(item.color)}"/>`,
      `<text x="${layout.margin + x + 20}" y="${y}" font-size="14" fill="${escapeXml(parts.foreground)}">${escapeXml(item.label)}</text>`,
    );
  }
  // the chart keeps its own size inside a viewport scaled to the slide's chart area
  out.push(
    `<svg x="${layout.margin}" y="${layout.chartY}" width="${layout.chartWidth}" height="${layout.chartHeight}" viewBox="0 0 ${parts.chartWidth} ${parts.chartHeight}" preserveAspectRatio="xMidYMid meet">`,
    parts.chartSvg,
    `</svg>`,
  );
  out.push(
    `<text x="${layout.margin}" y="${layout.sourceY}" font-size="12" fill="${escapeXml(parts.muted)}">${escapeXml(parts.source)}</text>`,
    `</svg>`,
  );
  return out.join("\n");
}

// ---------------------------------------------------------------------------------------------
// Browser parts (DOM): not run in Node tests; exercised by the browser tests.

type PlotElement = Element & { scale?: (name: string) => { type?: string; domain?: unknown[]; range?: unknown[]; tickFormat?: unknown } | undefined };

/** The Plot figure inside a container (the element carrying `.scale()`), else the first chart svg. */
function findPlot(container: Element): PlotElement | null {
  const candidates = [container, ...container.querySelectorAll("figure, svg")] as PlotElement[];
  return candidates.find((el) => typeof el.scale === "function") ?? null;
}

function findChartSvg(container: Element): SVGSVGElement | null {
  const svgs = [...container.querySelectorAll("svg")] as SVGSVGElement[];
  // skip ramp legends (class ends with -ramp) and tiny icons
  return svgs.find((svg) => ![...svg.classList].some((c) => c.endsWith("-ramp")) && svg.getBoundingClientRect().width > 60) ?? svgs[0] ?? null;
}

/** The legend as drawn on screen (Plot's swatches: Russian labels), else from the colour scale. */
function legendOf(container: Element, plot: PlotElement | null, legendFormat?: (value: unknown) => string): LegendItem[] {
  const swatches = [...container.querySelectorAll("span[class$='-swatch']")];
  if (swatches.length > 0) {
    return swatches.map((swatch) => {
      const svg = swatch.querySelector("svg");
      const paint = svg?.getAttribute("fill") ?? svg?.getAttribute("stroke") ?? "#888";
      const color = paint.includes("var(") ? resolveCssVariable(swatch, paint) : paint;
      return { label: (swatch.textContent ?? "").trim(), color };
    });
  }
  const scale = plot?.scale?.("color");
  if (!scale || !Array.isArray(scale.domain) || !Array.isArray(scale.range)) return [];
  if (scale.type !== "ordinal" && scale.type !== "categorical") return [];
  const range = scale.range as string[];
  const format =
    legendFormat ?? (typeof scale.tickFormat === "function" ? (scale.tickFormat as (value: unknown) => string) : String);
  return (scale.domain as unknown[]).map((value, i) => ({
    label: format(value),
    color: resolveCssVariable(document.body, range[i % range.length] ?? "#888"),
  }));
}

const PAINT_ATTRIBUTES = ["fill", "stroke", "color", "stop-color"] as const;

/** A standalone copy of an SVG: CSS variables and currentColor resolved to computed colours. */
export function standaloneSvg(svg: SVGSVGElement): { markup: string; width: number; height: number } {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const originals = [svg, ...svg.querySelectorAll("*")];
  const copies = [clone, ...clone.querySelectorAll("*")];
  originals.forEach((original, i) => {
    const copy = copies[i];
    if (!copy) return;
    const computed = getComputedStyle(original);
    for (const name of PAINT_ATTRIBUTES) {
      const value = original.getAttribute(name);
      if (value && (value.includes("var(") || value === "currentColor" || value === "currentcolor")) {
        const resolved = name === "color" ? computed.color : computed.getPropertyValue(name);
        if (resolved) copy.setAttribute(name, resolved);
      }
    }
    const inlineStyle = original.getAttribute("style");
    if (inlineStyle && inlineStyle.includes("var(")) {
      copy.setAttribute("style", inlineStyle.replace(/var\([^)]*\)/g, (match) => resolveCssVariable(original, match)));
    }
  });
  const rootStyle = getComputedStyle(svg);
  const box = svg.getBoundingClientRect();
  const width = Number(svg.getAttribute("width")) || box.width || 640;
  const height = Number(svg.getAttribute("height")) || box.height || 400;
  clone.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  clone.setAttribute("color", rootStyle.color);
  clone.setAttribute("font-family", rootStyle.fontFamily);
  clone.setAttribute("font-size", rootStyle.fontSize);
  clone.removeAttribute("style");
  clone.setAttribute("width", String(width));
  clone.setAttribute("height", String(height));
  if (!clone.getAttribute("viewBox")) clone.setAttribute("viewBox", `0 0 ${width} ${height}`);
  return { markup: new XMLSerializer().serializeToString(clone), width, height };
}

function resolveCssVariable(element: Element, expression: string): string {
  const match = /var\(\s*(--[\w-]+)\s*(?:,\s*([^)]*))?\)/.exec(expression);
  if (!match) return expression;
  const value = getComputedStyle(element).getPropertyValue(match[1]!).trim();
  return value || match[2]?.trim() || expression;
}

function themeColors(): { background: string; foreground: string; muted: string } {
  const style = getComputedStyle(document.body);
  const variable = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    background: variable("--theme-background", "#ffffff"),
    foreground: variable("--theme-foreground", "#1b1e23"),
    muted: variable("--theme-foreground-muted", "#6d6d6d"),
  };
}

/**
 * The chart drawn anew by `redraw` at `size`, made standalone: drawn in a hidden box inside
 * `container` (so the page's CSS variables resolve as on screen), copied, and removed. Null
 * when the redraw fails or yields no SVG (the caller then uses the chart on screen).
 */
function redrawnSvg(container: Element, redraw: DrawChart, size: { width: number; height: number }) {
  const host = document.createElement("div");
  host.setAttribute("aria-hidden", "true");
  host.style.cssText = `position:absolute;left:-100000px;top:0;width:${size.width}px;visibility:hidden;pointer-events:none`;
  container.append(host);
  try {
    host.append(redraw(size.width, size.height));
    let svg = findChartSvg(host);
    // a chart whose height follows its rows (a timeline, a heatmap) may come out taller than
    // asked: drawn again wider, in the slide's proportions, it fills the slide instead of a strip
    const drawnHeight = Number(svg?.getAttribute("height"));
    if (svg && drawnHeight > size.height * 1.05) {
      const width = Math.round(Math.min(3, drawnHeight / size.height) * size.width);
      host.style.width = `${width}px`;
      host.replaceChildren(redraw(width, size.height));
      svg = findChartSvg(host);
    }
    return svg ? standaloneSvg(svg) : null;
  } catch (error) {
    console.warn("График для слайда не перерисован, берётся экранный:", error);
    return null;
  } finally {
    host.remove();
  }
}

/** The slide SVG markup for the chart in `container` (redrawn for the slide when meta.redraw is given). */
export function slideSvgOf(container: Element, meta: ExportMeta & { legendFormat?: (value: unknown) => string }): string {
  const svg = findChartSvg(container);
  if (!svg) throw new Error("На графике нет SVG для выгрузки");
  const legend = legendOf(container, findPlot(container), meta.legendFormat);
  const size = slideChartSize(subtitleLines(meta.subtitle).length, legendRowCount(legend));
  const { markup, width, height } = (meta.redraw && redrawnSvg(container, meta.redraw, size)) || standaloneSvg(svg);
  return composeSlideSvg({
    title: meta.title,
    subtitle: meta.subtitle,
    source: meta.source ?? DEFAULT_SOURCE_RU,
    legend,
    chartSvg: markup,
    chartWidth: width,
    chartHeight: height,
    ...themeColors(),
  });
}

export async function svgToPngBlob(svgMarkup: string, scale = PNG_SCALE): Promise<Blob> {
  const image = new Image();
  // onload rather than decode(): decode() of an SVG image can stay pending in Chromium
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("SVG не отрисовался за 15 с")), 15_000);
    image.onload = () => {
      clearTimeout(timer);
      resolve();
    };
    image.onerror = () => {
      clearTimeout(timer);
      reject(new Error("SVG не читается как изображение"));
    };
    image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svgMarkup);
  });
  const canvas = document.createElement("canvas");
  canvas.width = SLIDE_WIDTH * scale;
  canvas.height = SLIDE_HEIGHT * scale;
  const context = canvas.getContext("2d");
  if (!context) throw new Error("Canvas 2D недоступен");
  context.drawImage(image, 0, 0, canvas.width, canvas.height);
  return new Promise((resolve, reject) =>
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error("PNG не создан"))), "image/png"),
  );
}

export function downloadBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.style.display = "none";
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

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
