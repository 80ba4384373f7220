/**
 * Where the parts of a 16:9 slide (960×540) go: title, subtitle lines, legend rows, the chart's
 * area and the source line, and the size a chart is redrawn at to fill it (pure).
 */

export const SLIDE_WIDTH = 960;
export const SLIDE_HEIGHT = 540;

export interface LegendItem {
  label: string;
  color: string;
}

const LEGEND_CHAR_WIDTH = 8.6;
export const LEGEND_ROW_HEIGHT = 22;

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
export const LEGEND_WIDTH = SLIDE_WIDTH - 64;

export function rowsOfPlaced(placed: readonly { row: number }[]): number {
  return placed.length === 0 ? 0 : placed[placed.length - 1]!.row + 1;
}

/** Rows of the slide legend for these items (pure). */
export function legendRowCount(items: readonly LegendItem[]): number {
  return rowsOfPlaced(legendPositions(items, LEGEND_WIDTH));
}
