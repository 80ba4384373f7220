/**
 * The deck's page: 16:9 (10 × 5.625 in), a title and subtitle at the top, the footer with the
 * source and the as-of day and the slide number at the bottom (a slide master).
 */
import type { Presentation, Slide } from "./pptx.js";

export const SLIDE_W_IN = 10;
export const SLIDE_H_IN = 5.625;
export const MARGIN_IN = 0.4;
export const CONTENT_TOP_IN = 1.15;
export const CONTENT_BOTTOM_IN = 5.1;
export const CONTENT_W_IN = SLIDE_W_IN - 2 * MARGIN_IN;
export const FONT = "Arial";
export const TEXT_COLOR = "1B1E23";
export const MUTED_COLOR = "6B7075";
export const MASTER = "REPORT";

/** The master every content slide uses: white, the footer line and the slide number. */
export function defineMaster(pptx: Presentation, footer: string): void {
  pptx.defineSlideMaster({
    title: MASTER,
    background: { color: "FFFFFF" },
    objects: [
      { line: { x: MARGIN_IN, y: 5.2, w: CONTENT_W_IN, h: 0, line: { color: "D0D4D9", width: 0.75 } } },
      { text: { text: footer, options: { x: MARGIN_IN, y: 5.22, w: CONTENT_W_IN - 0.6, h: 0.3, fontFace: FONT, fontSize: 9, color: MUTED_COLOR } } },
    ],
    slideNumber: { x: SLIDE_W_IN - MARGIN_IN - 0.5, y: 5.22, w: 0.5, h: 0.3, fontFace: FONT, fontSize: 9, color: MUTED_COLOR, align: "right" },
  });
}

/** The slide's title (its first text, what an outline or a test reads) and a muted subtitle. */
export function addHeading(slide: Slide, title: string, subtitle?: string): void {
  slide.addText(title, { x: MARGIN_IN, y: 0.25, w: CONTENT_W_IN, h: 0.5, fontFace: FONT, fontSize: 22, bold: true, color: TEXT_COLOR, margin: 0 });
  if (subtitle) slide.addText(subtitle, { x: MARGIN_IN, y: 0.72, w: CONTENT_W_IN, h: 0.4, fontFace: FONT, fontSize: 11, color: MUTED_COLOR, margin: 0, valign: "top" });
}
