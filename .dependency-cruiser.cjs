/**
 * The direction of imports between the layers (README «Как устроен код»), checked by
 * test/dependency-rules.test.ts on the real tree:
 *
 *   src/core        pure TypeScript: no DOM, no DuckDB, no Node built-ins; imported by both sides
 *   loaders, src/data/*.ts, src/*.md.ts
 *                   the Node side (DuckDB, files): imports src/core, never pages or charts
 *   src/components  the browser side (charts, page parts): imports src/core, never loaders
 *
 * Paths are relative to the repository root (the directory depcruise runs in).
 */

/** The Node side: the loaders and Framework's data loaders (src/data/*.ts, src/*.md.ts). */
const NODE_SIDE = "^(loaders/|src/data/|src/[^/]+\\.md\\.ts$)";

/** npm packages that need a DOM, or that only the pages use for drawing and downloads. */
const DOM_PACKAGES = "(^|/)node_modules/(@observablehq/plot|@observablehq/inputs|htl|pptxgenjs)/";

module.exports = {
  forbidden: [
    {
      name: "node-side-not-to-components",
      comment: "The Node side imports src/core, not chart or page modules (src/components).",
      severity: "error",
      from: { path: NODE_SIDE },
      to: { path: "^src/components/" },
    },
    {
      name: "components-not-to-node-side",
      comment: "Browser modules never import the Node side (DuckDB, files).",
      severity: "error",
      from: { path: "^src/components/" },
      to: { path: NODE_SIDE },
    },
    {
      name: "core-not-to-layers",
      comment: "src/core imports only src/core: the layers above import it, never the other way.",
      severity: "error",
      from: { path: "^src/core/" },
      to: { path: "^(loaders/|src/components/|src/data/|src/[^/]+\\.md)" },
    },
    {
      name: "core-not-to-node",
      comment: "src/core runs in the browser too: no Node built-ins, no DuckDB.",
      severity: "error",
      from: { path: "^src/core/" },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "core-not-to-duckdb-or-dom",
      comment: "src/core has no DuckDB and no DOM-only packages.",
      severity: "error",
      from: { path: "^src/core/" },
      to: { path: ["(^|/)node_modules/@duckdb/", DOM_PACKAGES] },
    },
    {
      name: "resolvable",
      comment: "Every relative import resolves (so no rule above can pass by not seeing an import).",
      severity: "error",
      from: {},
      to: { couldNotResolve: true, path: "^\\." },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "(^|/)(dist|\\.observablehq)/" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
  },
};
