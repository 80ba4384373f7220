/**
 * The built site works offline: no `_npm/` directory (CDN imports) and no dynamic `import("…")`
 * of a bare (non-relative) specifier anywhere in dist/. Runs in the `browser` project, which
 * builds the site once (test/global-setup.ts).
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, inject, it } from "vitest";

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

/** Bare specifiers of `import("…")` calls: not ./, ../, / or a URL the site serves itself. */
export function bareDynamicImports(source: string): string[] {
  const found: string[] = [];
  for (const match of source.matchAll(/\bimport\(\s*(["'`])([^"'`]+)\1\s*\)/g)) {
    const specifier = match[2]!;
    if (!/^(\.\.?\/|\/)/.test(specifier)) found.push(specifier);
  }
  return found;
}

describe("built site", () => {
  const dist = inject("distDir");

  it("finds bare dynamic imports (self-check)", () => {
    expect(bareDynamicImports(`import("npm:d3"); import('./a.js'); import("/_node/x.js"); import("https://cdn.x/y")`)).toEqual([
      "npm:d3",
      "https://cdn.x/y",
    ]);
  });

  it("has no _npm/ directory", () => {
    const files = walk(dist).map((f) => relative(dist, f));
    expect(files.length).toBeGreaterThan(10);
    expect(files.filter((f) => f.split(/[\\/]/).includes("_npm"))).toEqual([]);
  });

  it("has no bare import(\"…\") in any JS or HTML file", () => {
    const offenders: string[] = [];
    for (const file of walk(dist).filter((f) => /\.(js|html)$/.test(f))) {
      for (const specifier of bareDynamicImports(readFileSync(file, "utf8"))) offenders.push(`${relative(dist, file)}: ${specifier}`);
    }
    expect(offenders).toEqual([]);
  });

  const buildLog = inject("buildLog");
  it.skipIf(buildLog === null)("runs the data loader once, taking the archive computed beside the build", () => {
    expect(buildLog!.match(/load \/data\/site\.zip → \[missing\]/g)).toHaveLength(1);
    expect(buildLog!.match(/данные сайта: архив, рассчитанный рядом со сборкой/g)).toHaveLength(1);
    expect(buildLog).not.toMatch(/load \/data\/[a-z-]+\.(json|arrow|js) → \[missing\]/);
  });

  it.skipIf(buildLog === null)("builds without broken links (the «Методика» anchors are static)", () => {
    expect(buildLog).toMatch(/\d+ links validated/); // the link check ran
    expect(buildLog).not.toMatch(/broken link/i);
    expect(statSync(join(dist, "methodology.html")).isFile()).toBe(true);
    expect(readFileSync(join(dist, "methodology.html"), "utf8")).toContain('id="sla.standard.compliance"');
  });

  it("has every dashboard page", () => {
    for (const page of ["index", "support", "clients", "projects", "workload"]) {
      expect(statSync(join(dist, `${page}.html`)).isFile()).toBe(true);
    }
  });
});
