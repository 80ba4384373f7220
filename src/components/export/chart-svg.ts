/**
 * Reading a chart drawn on the page (DOM): its SVG, its legend and its theme colours, and a
 * standalone copy of the SVG with CSS variables resolved. Exercised by the browser tests.
 */
import type { LegendItem } from "./slide-layout.js";

type PlotElement = Element & { scale?: (name: string) => { type?: string; domain?: unknown[]; range?: unknown[]; tickFormat?: unknown } | undefined };

/** The Plot figure inside a container (the element carrying `.scale()`), else the first chart svg. */
export function findPlot(container: Element): PlotElement | null {
  const candidates = [container, ...container.querySelectorAll("figure, svg")] as PlotElement[];
  return candidates.find((el) => typeof el.scale === "function") ?? null;
}

export function findChartSvg(container: Element): SVGSVGElement | null {
  const svgs = [...container.querySelectorAll("svg")] as SVGSVGElement[];
  // skip ramp legends (class ends with -ramp) and tiny icons
  return svgs.find((svg) => ![...svg.classList].some((c) => c.endsWith("-ramp")) && svg.getBoundingClientRect().width > 60) ?? svgs[0] ?? null;
}

/** The legend as drawn on screen (Plot's swatches: Russian labels), else from the colour scale. */
export function legendOf(container: Element, plot: PlotElement | null, legendFormat?: (value: unknown) => string): LegendItem[] {
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

export function themeColors(): { background: string; foreground: string; muted: string } {
  const style = getComputedStyle(document.body);
  const variable = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    background: variable("--theme-background", "#ffffff"),
    foreground: variable("--theme-foreground", "#1b1e23"),
    muted: variable("--theme-foreground-muted", "#6d6d6d"),
  };
}
