/**
 * Writes every damaged export of the corpus, one folder per case, generated from data/sample/:
 * `npx tsx test/corpus/make-corpus.ts [OUT_DIR]` (default: a new folder under the system temp dir).
 * Each `*-cases.ts` module beside this file exports `CASES: DamageCase[]`.
 */
import { mkdirSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { DamageCase } from "./case.ts";

const HERE = dirname(fileURLToPath(import.meta.url));
export const SAMPLE_DIR = fileURLToPath(new URL("../../data/sample/", import.meta.url));

/** Every case of every `*-cases.ts` module, ids checked for uniqueness. */
export async function allCases(): Promise<DamageCase[]> {
  const cases: DamageCase[] = [];
  for (const name of readdirSync(HERE).filter((n) => n.endsWith("-cases.ts")).sort()) {
    const module = (await import(pathToFileURL(join(HERE, name)).href)) as { CASES: DamageCase[] };
    cases.push(...module.CASES);
  }
  const seen = new Set<string>();
  for (const c of cases) {
    if (seen.has(c.id)) throw new Error(`duplicate corpus case id ${c.id}`);
    seen.add(c.id);
  }
  return cases;
}

/** Writes one case into `<root>/<id>/` and returns that folder. */
export function writeCase(c: DamageCase, root: string): string {
  const dir = join(root, c.id);
  mkdirSync(dir, { recursive: true });
  c.write(SAMPLE_DIR, dir);
  return dir;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const root = process.argv[2] ?? mkdtempSync(join(tmpdir(), "damaged-exports-"));
  for (const c of await allCases()) console.log(`${writeCase(c, root)}\t${c.description}`);
}
