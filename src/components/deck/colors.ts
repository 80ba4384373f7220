/**
 * The deck's colours: the site's CSS variables (status and category palettes) resolved to the
 * six-digit hex PowerPoint wants. The light palette is read from the stylesheet's own :root rule
 * (a slide is white whatever the reader's theme); the computed value is the fallback.
 */
import { STATUS_STYLES } from "../status.js";

/** Hex (RRGGBB, no #) per CSS variable name, e.g. { "--cat-1": "0072B2" }. */
export type DeckPalette = Readonly<Record<string, string>>;

export const DECK_COLOR_VARIABLES = ["--cat-1", "--cat-2", "--cat-3", "--cat-4", "--cat-5", "--cat-6", "--cat-7", "--status-ok", "--status-warn", "--status-bad", "--status-none"] as const;

/** "#abc", "#aabbcc" or "rgb(r, g, b)" → "AABBCC"; anything else → null. */
export function hexOfCss(color: string): string | null {
  const text = color.trim().toLowerCase();
  const short = /^#([0-9a-f])([0-9a-f])([0-9a-f])$/.exec(text);
  if (short) return (short[1]! + short[1] + short[2] + short[2] + short[3] + short[3]).toUpperCase();
  const long = /^#([0-9a-f]{6})(?:[0-9a-f]{2})?$/.exec(text);
  if (long) return long[1]!.toUpperCase();
  const rgb = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)/.exec(text);
  if (rgb) return rgb.slice(1, 4).map((n) => Math.min(255, Number(n)).toString(16).padStart(2, "0")).join("").toUpperCase();
  return null;
}

/** A palette with only the status colours, for when no stylesheet is at hand. */
export function fallbackPalette(): DeckPalette {
  const palette: Record<string, string> = {};
  for (const style of Object.values(STATUS_STYLES)) palette[style.cssVar] = hexOfCss(style.color)!;
  return palette;
}

/** Values of the variables in top-level :root rules (not inside a dark-scheme media rule). */
function rootRuleValues(doc: Document): Map<string, string> {
  const values = new Map<string, string>();
  for (const sheet of Array.from(doc.styleSheets)) {
    let rules: CSSRuleList;
    try {
      rules = sheet.cssRules;
    } catch {
      continue;
    }
    for (const rule of Array.from(rules)) {
      if (!(rule instanceof CSSStyleRule) || !/(^|,)\s*:root\s*(,|$)/.test(rule.selectorText)) continue;
      for (const name of DECK_COLOR_VARIABLES) {
        const value = rule.style.getPropertyValue(name).trim();
        if (value) values.set(name, value);
      }
    }
  }
  return values;
}

/** Resolves the deck's colour variables in the page's document. */
export function resolvePalette(doc: Document = document): DeckPalette {
  const fromRules = rootRuleValues(doc);
  const computed = getComputedStyle(doc.documentElement);
  const palette: Record<string, string> = { ...fallbackPalette() };
  for (const name of DECK_COLOR_VARIABLES) {
    const hex = hexOfCss(fromRules.get(name) ?? "") ?? hexOfCss(computed.getPropertyValue(name));
    if (hex) palette[name] = hex;
  }
  return palette;
}

/** "var(--cat-2)" or "--cat-2" or "#e69f00" → "E69F00" (grey when unknown). */
export function colorOf(palette: DeckPalette, color: string): string {
  const variable = /^var\((--[\w-]+)\)$/.exec(color.trim())?.[1] ?? (color.startsWith("--") ? color : null);
  return (variable ? palette[variable] : hexOfCss(color)) ?? "8C8C8C";
}
