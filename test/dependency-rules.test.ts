/**
 * The import direction between the layers (.dependency-cruiser.cjs, README «Как устроен код»):
 * dependency-cruiser run as the CLI on the real tree finds no violation, and on a throw-away tree
 * with one bad import per rule it reports each of them.
 */
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = resolve(import.meta.dirname, "..");
const DEPCRUISE = join(ROOT, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs");
const CONFIG = join(ROOT, ".dependency-cruiser.cjs");

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}
interface CruiseResult {
  modules: { source: string; dependencies: { resolved: string }[] }[];
  summary: { violations: Violation[]; totalCruised: number };
}

/** depcruise's JSON for `paths`, run in `cwd` with the repository's rules. */
async function cruise(cwd: string, paths: string[]): Promise<CruiseResult> {
  const args = [DEPCRUISE, "--config", CONFIG, "--output-type", "json", ...paths];
  // exits 1 when it finds violations; the JSON is on stdout either way
  const { stdout } = await promisify(execFile)(process.execPath, args, { cwd, maxBuffer: 64 * 1024 * 1024 }).catch(
    (error: { stdout?: string; stderr?: string }) => {
      if (!error.stdout) throw new Error(`depcruise failed: ${error.stderr ?? String(error)}`);
      return { stdout: error.stdout };
    },
  );
  return JSON.parse(stdout) as CruiseResult;
}

/** «rule: from → to», a package named from its node_modules folder on (the symlinked tree resolves outside) */
const describeViolation = (v: Violation) => `${v.rule.name}: ${v.from} → ${v.to.replace(/^.*\/node_modules\//, "node_modules/")}`;

describe("import direction", () => {
  it("the repository's loaders, pages, components, core, bench and bin break no rule", async () => {
    const result = await cruise(ROOT, ["loaders", "src", "bench", "bin"]);
    expect(result.summary.violations.map(describeViolation)).toEqual([]);
    // the rules saw the imports: .js specifiers resolved to the .ts sources, types included
    const pageData = result.modules.find((m) => m.source === "loaders/site/page-data.ts");
    expect(pageData?.dependencies.map((d) => d.resolved)).toContain("src/core/rows.ts");
    const narrative = result.modules.find((m) => m.source === "src/components/narrative.ts");
    expect(narrative?.dependencies.map((d) => d.resolved)).toContain("src/core/rows.ts");
    expect(result.summary.totalCruised).toBeGreaterThan(100);
  }, 120_000);

  describe("on a tree with one bad import per rule", () => {
    const dir = mkdtempSync(join(tmpdir(), "depcruise-rules-"));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));
    const files: Record<string, string> = {
      "loaders/bad-chart.ts": 'import { chart } from "../src/components/chart.ts";\nexport const a = chart;\n',
      "loaders/ok-engine.ts": 'import { run } from "../src/core/simulator/engine.ts";\nexport const b = run;\n',
      "loaders/bad-sim-form.ts": 'import { form } from "../src/components/simulator/form.ts";\nexport const c = form;\n',
      "loaders/db.ts": "export const db = 1;\n",
      "src/data/bad.json.ts": 'import { chart } from "../components/chart.js";\nexport const d = chart;\n',
      "src/components/chart.ts": 'import { db } from "../../loaders/db.ts";\nexport const chart = db;\n',
      "src/core/simulator/engine.ts": "export const run = 1;\n",
      "src/components/simulator/form.ts": "export const form = 1;\n",
      "src/core/bad-layer.ts": 'import { chart } from "../components/chart.js";\nexport const e = chart;\n',
      "src/core/bad-node.ts": 'import { readFileSync } from "node:fs";\nexport const f = readFileSync;\n',
      "src/core/bad-duckdb.ts": 'import { DuckDBInstance } from "@duckdb/node-api";\nexport const g = DuckDBInstance;\n',
      "src/core/bad-plot.ts": 'import * as Plot from "@observablehq/plot";\nexport const h = Plot;\n',
      "src/core/bad-missing.ts": 'import { nothing } from "./missing.js";\nexport const i = nothing;\n',
      "src/core/good.ts": 'import { formatLocale } from "d3";\nexport const j = formatLocale;\n',
    };
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    copyFileSync(join(ROOT, "tsconfig.json"), join(dir, "tsconfig.json"));
    symlinkSync(join(ROOT, "node_modules"), join(dir, "node_modules"), "dir");

    it("reports each bad import under its rule and nothing else", async () => {
      const result = await cruise(dir, ["loaders", "src"]);
      expect(result.summary.violations.map(describeViolation).sort()).toEqual(
        [
          "node-side-not-to-components: loaders/bad-chart.ts → src/components/chart.ts",
          "node-side-not-to-components: loaders/bad-sim-form.ts → src/components/simulator/form.ts",
          "node-side-not-to-components: src/data/bad.json.ts → src/components/chart.ts",
          "components-not-to-node-side: src/components/chart.ts → loaders/db.ts",
          "core-not-to-layers: src/core/bad-layer.ts → src/components/chart.ts",
          "core-not-to-node: src/core/bad-node.ts → fs",
          "core-not-to-duckdb-or-dom: src/core/bad-duckdb.ts → node_modules/@duckdb/node-api/lib/index.js",
          "core-not-to-duckdb-or-dom: src/core/bad-plot.ts → node_modules/@observablehq/plot/src/index.js",
          "resolvable: src/core/bad-missing.ts → ./missing.js",
        ].sort(),
      );
    }, 120_000);
  });
});
