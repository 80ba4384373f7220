/** The slide SVG of a chart on the page (DOM), redrawn in the slide's proportions when it can be. */
import { findChartSvg, findPlot, legendOf, standaloneSvg, themeColors } from "./chart-svg.js";
import { composeSlideSvg, DEFAULT_SOURCE_RU } from "./slide-svg.js";
import { legendRowCount, slideChartSize, subtitleLines } from "./slide-layout.js";
import type { DrawChart, ExportMeta } from "./types.js";

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
