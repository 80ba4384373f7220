/** The standalone slide SVG: title, subtitle, legend, the chart and the source line (pure string assembly). */
import { legendPositions, LEGEND_ROW_HEIGHT, LEGEND_WIDTH, rowsOfPlaced, SLIDE_HEIGHT, SLIDE_WIDTH, slideLayout, subtitleLines } from "./slide-layout.js";
import type { LegendItem } from "./slide-layout.js";

export const DEFAULT_SOURCE_RU = "Источник: выгрузки Bitrix24 отдела сопровождения PASS24";

export function escapeXml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;").replace(/'/g, "&#39;");
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
