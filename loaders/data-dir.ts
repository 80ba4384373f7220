/**
 * Where the exports are read from. Precedence: an explicit argument (`--data DIR`), the
 * environment variable SUPPORT_ANALYTICS_DATA, the git-ignored `data/local/` when it holds a
 * tickets file, else the committed sample `data/sample/`.
 */
import { existsSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const DATA_ENV_VAR = "SUPPORT_ANALYTICS_DATA";
export const LOCAL_DATA_DIR = fileURLToPath(new URL("../data/local", import.meta.url));
export const SAMPLE_DATA_DIR = fileURLToPath(new URL("../data/sample", import.meta.url));

/** File names accepted for a table's export, in order of preference (matched case-insensitively). */
export const DATA_FILE_EXTENSIONS = [".csv", ".tsv", ".txt"] as const;

export type DataDirSource = "argument" | "env" | "local" | "sample";

/** The export file of `table` in `dir` (`<table>.csv`, `.tsv` or `.txt`, any case), or null. */
export function findTableFile(dir: string, table: string): string | null {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return null;
  }
  for (const extension of DATA_FILE_EXTENSIONS) {
    const wanted = `${table}${extension}`;
    const matches = names.filter((name) => name.toLowerCase() === wanted).sort();
    if (matches.length > 0) return resolve(dir, matches[0]!);
  }
  return null;
}

export function resolveDataDir(explicit?: string): { dir: string; source: DataDirSource } {
  if (explicit && explicit.trim() !== "") return { dir: resolve(explicit), source: "argument" };
  const fromEnv = process.env[DATA_ENV_VAR];
  if (fromEnv && fromEnv.trim() !== "") return { dir: resolve(fromEnv), source: "env" };
  if (existsSync(LOCAL_DATA_DIR) && findTableFile(LOCAL_DATA_DIR, "tickets") !== null) {
    return { dir: LOCAL_DATA_DIR, source: "local" };
  }
  return { dir: SAMPLE_DATA_DIR, source: "sample" };
}
