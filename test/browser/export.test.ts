/**
 * Every export button of every dashboard chart: SVG (a 960×540 slide with title, legend and
 * source), PNG (PNG signature, 2× = 1920×1080) and CSV (UTF-8 BOM, «;», no formula-like cell).
 */
import { describe, expect, it } from "vitest";
import { slideChartSize } from "../../src/components/export.ts";
import { downloadFrom, useSite } from "./harness.ts";

const site = useSite();

function pngSize(bytes: Buffer): { width: number; height: number } {
  // IHDR is the first chunk: width and height at bytes 16–23, big-endian
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Splits one CSV line on «;» outside quotes. */
function cells(line: string): string[] {
  const out: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') (cell += '"'), i++;
      else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ";") out.push(cell), (cell = "");
    else cell += ch;
  }
  out.push(cell);
  return out;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

describe.each(["/", "/support", "/clients", "/projects", "/workload"])("exports on %s", (path) => {
  it("every chart exports a valid SVG, PNG and CSV", async () => {
    const view = await site.open(path);
    const { page } = view;
    const count = await page.$$eval(".exportable", (nodes) => nodes.length);
    expect(count).toBeGreaterThanOrEqual(3);
    for (let i = 0; i < count; i++) {
      const scope = `.exportable >> nth=${i}`;
      const title = await page.locator(scope).locator("h2").first().textContent();

      const svg = await downloadFrom(page, `${scope} >> [data-export="svg"]`);
      expect(svg.filename).toMatch(/\.svg$/);
      const markup = svg.bytes.toString("utf8");
      expect(markup.startsWith("<svg")).toBe(true);
      expect(markup).toContain('width="960" height="540"');
      const parsed = await page.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, "image/svg+xml");
        return { error: doc.querySelector("parsererror")?.textContent ?? null, texts: [...doc.querySelectorAll("text")].map((t) => t.textContent) };
      }, markup);
      expect(parsed.error).toBeNull();
      expect(parsed.texts).toContain(title);
      // a chart with a redraw is drawn anew for the slide: at the slide's chart width, not as on screen
      const redrawn = await page.locator(scope).getAttribute("data-slide-redraw");
      expect(redrawn, `«${title}»: без перерисовки для слайда`).toBe("true");
      const fit = await page.evaluate((text) => {
        const doc = new DOMParser().parseFromString(text, "image/svg+xml");
        const area = doc.documentElement.querySelector(":scope > svg");
        const chart = area?.querySelector(":scope > svg");
        const n = (el: Element | null | undefined, name: string) => Number(el?.getAttribute(name));
        return { areaWidth: n(area, "width"), areaHeight: n(area, "height"), width: n(chart, "width"), height: n(chart, "height") };
      }, markup);
      // drawn at the slide's chart width (taller charts: wider), in the chart area's proportions
      expect(fit.width, `«${title}»: ширина графика на слайде`).toBeGreaterThanOrEqual(slideChartSize(0, 0).width);
      const aspectMismatch = Math.abs(fit.width / fit.height / (fit.areaWidth / fit.areaHeight) - 1);
      expect(aspectMismatch, `«${title}»: пропорции графика ${fit.width}×${fit.height} и места на слайде ${fit.areaWidth}×${fit.areaHeight}`).toBeLessThan(0.03);
      expect(parsed.texts.some((t) => t?.startsWith("Источник:"))).toBe(true);

      const png = await downloadFrom(page, `${scope} >> [data-export="png"]`).catch((error) => {
        throw new Error(`«${title}» PNG: ${error}; предупреждения: ${view.consoleWarnings.join(" | ")}`);
      });
      expect(png.filename).toMatch(/\.png$/);
      expect(png.bytes.subarray(0, 8).equals(PNG_SIGNATURE)).toBe(true);
      expect(pngSize(png.bytes)).toEqual({ width: 1920, height: 1080 });

      const csv = await downloadFrom(page, `${scope} >> [data-export="csv"]`).catch((error) => {
        throw new Error(`«${title}» CSV: ${error}; предупреждения: ${view.consoleWarnings.join(" | ")}`);
      });
      expect(csv.filename).toMatch(/\.csv$/);
      expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = csv.bytes.toString("utf8").slice(1).split("\r\n").filter(Boolean);
      expect(lines.length).toBeGreaterThanOrEqual(2);
      for (const line of lines) {
        for (const cell of cells(line)) {
          // a formula-like text cell must have been neutralised; negative numbers are numbers
          if (/^[=+@\t\r]/.test(cell) || (/^-/.test(cell) && !/^-\d+(,\d+)?$/.test(cell))) throw new Error(`«${title}»: опасная ячейка «${cell}»`);
        }
      }
    }
    expect(view.problems()).toEqual([]);
    await view.context.close();
  });
});

describe("the export code in the browser", () => {
  it("neutralises formula-like cells and writes a BOM", async () => {
    const view = await site.open("/");
    const href = await view.page.evaluate(() => [...document.querySelectorAll("link[rel=modulepreload]")].map((l) => (l as HTMLLinkElement).href).find((h) => /\/export\.[0-9a-f]+\.js$/.test(h)));
    expect(href).toBeTruthy();
    // a string, so vitest does not rewrite the dynamic import
    const csv = (await view.page.evaluate(
      `import(${JSON.stringify(href)}).then((mod) => mod.toCsv([{ name: '=HYPERLINK("x")' }, { name: "+1" }, { name: "@a" }, { name: "-b" }]))`,
    )) as string;
    expect(csv).toBe('\ufeffname\r\n"\'=HYPERLINK(""x"")"\r\n\'+1\r\n\'@a\r\n\'-b\r\n');
    await view.context.close();
  });
});
