import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..");
/**
 * The folders whose sources the size rule covers. Tests and their helpers are not covered:
 * test/helpers/naive-kpis.ts is the independent recomputation the KPIs are checked against, kept
 * in one piece so that it shares nothing with the code it checks.
 */
const ROOTS = ["src", "loaders", "bench", "bin"];
const MAX_FILE_LINES = 400;
const MAX_FUNCTION_LINES = 80;


function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(join(ROOT, dir), { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) {
      if (entry.name !== "node_modules" && !entry.name.startsWith(".")) out.push(...sourceFiles(path));
    } else if (/\.(ts|js)$/.test(entry.name) && !entry.name.endsWith(".d.ts") && !entry.name.endsWith(".test.ts")) {
      out.push(path);
    }
  }
  return out;
}

export interface FunctionSize {
  name: string;
  lines: number;
}

function functionName(node: ts.Node, source: ts.SourceFile): string {
  const named = node as ts.Node & { name?: ts.Node };
  if (named.name) return named.name.getText(source);
  const parent = node.parent;
  if (ts.isVariableDeclaration(parent) || ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent)) {
    return parent.name.getText(source);
  }
  const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
  return `<anonymous at line ${line}>`;
}

/** Every function, method, accessor, constructor and arrow function in the text, with its length in lines. */
export function functionSizes(path: string, text: string): FunctionSize[] {
  const source = ts.createSourceFile(path, text, ts.ScriptTarget.Latest, true);
  const sizes: FunctionSize[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart(source)).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      sizes.push({ name: functionName(node, source), lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return sizes;
}

function lineCount(text: string): number {
  return text.endsWith("\n") ? text.split("\n").length - 1 : text.split("\n").length;
}

describe("functionSizes", () => {
  it("measures declarations, methods and arrow functions from their first to their last line", () => {
    const text = "function a() {\n  return 1;\n}\nclass C {\n  m() {\n  }\n}\nconst f = (x: number) =>\n  x + 1;\n";
    expect(functionSizes("x.ts", text)).toEqual([
      { name: "a", lines: 3 },
      { name: "m", lines: 2 },
      { name: "f", lines: 2 },
    ]);
  });
});

describe("source size", () => {
  const files = ROOTS.flatMap(sourceFiles).sort();

  it("finds the sources", () => {
    expect(files).toContain("loaders/ingest/load-dataset.ts");
    expect(files).toContain("src/components/simulator/client.ts");
  });

  it(`no source file is longer than ${MAX_FILE_LINES} lines`, () => {
    const long = files
      .map((path) => ({ path, lines: lineCount(readFileSync(join(ROOT, path), "utf8")) }))
      .filter((f) => f.lines > MAX_FILE_LINES)
      .map((f) => `${f.path}: ${f.lines} lines`);
    expect(long).toEqual([]);
  });

  it(`no function is longer than ${MAX_FUNCTION_LINES} lines`, () => {
    const long = files.flatMap((path) =>
      functionSizes(path, readFileSync(join(ROOT, path), "utf8"))
        .filter((f) => f.lines > MAX_FUNCTION_LINES)
        .map((f) => `${path}#${f.name}: ${f.lines} lines`),
    );
    expect(long).toEqual([]);
  });
});

