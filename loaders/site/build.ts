/**
 * Builds the Observable Framework site into `dist/` (optionally from a clean cache), as
 * `npm run build` does. Used by the PDF report, the browser tests and the site benchmark.
 */
import { spawn } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";

export const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const DIST_DIR = fileURLToPath(new URL("../../dist/", import.meta.url));
export const CACHE_DIR = fileURLToPath(new URL("../../src/.observablehq/cache/", import.meta.url));

export interface BuildResult {
  /** wall time of the build, milliseconds */
  elapsedMs: number;
  output: string;
}

export function siteIsBuilt(): boolean {
  return existsSync(`${DIST_DIR}index.html`);
}

/**
 * Runs `observable build`; `clean` removes the loader cache and the output folder first. The site
 * goes to dist/, or to `outDir` (passed to observablehq.config.ts as $SITE_OUTPUT_DIR). Throws with the log on failure.
 */
export async function buildSite(options: { clean?: boolean; env?: NodeJS.ProcessEnv; outDir?: string } = {}): Promise<BuildResult> {
  if (options.clean ?? true) {
    rmSync(CACHE_DIR, { recursive: true, force: true });
    rmSync(options.outDir ?? DIST_DIR, { recursive: true, force: true });
  }
  const started = performance.now();
  const bin = fileURLToPath(new URL("../../node_modules/.bin/observable", import.meta.url));
  const chunks: string[] = [];
  const code = await new Promise<number>((resolveExit, reject) => {
    const child = spawn(bin, ["build"], { cwd: PROJECT_ROOT, env: { ...process.env, ...options.env, ...(options.outDir ? { SITE_OUTPUT_DIR: options.outDir } : {}) }, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
    child.once("error", reject);
    child.once("close", (exitCode) => resolveExit(exitCode ?? 1));
  });
  // The CLI colours its log when the environment asks for it (FORCE_COLOR in CI): keep plain text.
  const output = stripVTControlCharacters(chunks.join(""));
  if (code !== 0) throw new Error(`Сборка сайта не удалась (код ${code}):\n${output.slice(-4000)}`);
  return { elapsedMs: performance.now() - started, output };
}
