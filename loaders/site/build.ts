/**
 * Builds the Observable Framework site into `dist/` (optionally from a clean cache): `npm run
 * build` runs this file. Used by the PDF report, the browser tests and the site benchmark. A
 * clean build starts the warm-up of the data archive (warm-archive.ts) beside `observable
 * build`, so the data is computed while Framework bundles the pages.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { delimiter, join } from "node:path";
import { fileURLToPath } from "node:url";
import { stripVTControlCharacters } from "node:util";
import { HANDOFF_DIR } from "./archive-handoff.ts";

export const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));
export const DIST_DIR = fileURLToPath(new URL("../../dist/", import.meta.url));
export const CACHE_DIR = fileURLToPath(new URL("../../src/.observablehq/cache/", import.meta.url));
const WARM_UP = fileURLToPath(new URL("./warm-archive.ts", import.meta.url));

export interface BuildResult {
  /** wall time of the build, milliseconds */
  elapsedMs: number;
  output: string;
}

export function siteIsBuilt(): boolean {
  return existsSync(`${DIST_DIR}index.html`);
}

function exitOf(child: ChildProcess): Promise<number> {
  return new Promise((resolveExit, reject) => {
    child.once("error", reject);
    child.once("close", (exitCode) => resolveExit(exitCode ?? 1));
  });
}

/**
 * Runs `observable build`; `clean` removes the loader cache and the output folder first and computes
 * the data beside the build; `echo` also prints the log as it comes. The site goes to dist/, or to
 * `outDir` (passed to observablehq.config.ts as $SITE_OUTPUT_DIR). Throws with the log on failure.
 */
export async function buildSite(options: { clean?: boolean; env?: NodeJS.ProcessEnv; echo?: boolean; outDir?: string } = {}): Promise<BuildResult> {
  const clean = options.clean ?? true;
  if (clean) {
    rmSync(CACHE_DIR, { recursive: true, force: true });
    rmSync(options.outDir ?? DIST_DIR, { recursive: true, force: true });
  }
  const started = performance.now();
  // Framework runs the TypeScript loaders with `tsx` from the PATH: the project's own, however this was started
  const env = { ...process.env, ...options.env, ...(options.outDir ? { SITE_OUTPUT_DIR: options.outDir } : {}), PATH: [join(PROJECT_ROOT, "node_modules", ".bin"), process.env.PATH].join(delimiter) };
  const warmUp = clean ? spawn(process.execPath, ["--import", "tsx", WARM_UP], { cwd: PROJECT_ROOT, env, stdio: "ignore" }) : null;
  const warmUpExit = warmUp ? exitOf(warmUp).catch(() => 1) : null;
  const bin = fileURLToPath(new URL("../../node_modules/.bin/observable", import.meta.url));
  const chunks: string[] = [];
  let code: number;
  try {
    const child = spawn(bin, ["build"], { cwd: PROJECT_ROOT, env, stdio: ["ignore", "pipe", "pipe"] });
    const collect = (chunk: Buffer): void => {
      chunks.push(chunk.toString());
      if (options.echo) process.stdout.write(chunk);
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    code = await exitOf(child);
  } finally {
    // a build that ended before taking the warm archive leaves nothing behind for a later one
    if (warmUp && warmUp.exitCode === null && warmUp.signalCode === null) warmUp.kill();
    await warmUpExit;
    if (clean) rmSync(HANDOFF_DIR, { recursive: true, force: true });
  }
  // The CLI colours its log when the environment asks for it (FORCE_COLOR in CI): keep plain text.
  const output = stripVTControlCharacters(chunks.join(""));
  if (code !== 0) throw new Error(`Сборка сайта не удалась (код ${code}):\n${output.slice(-4000)}`);
  return { elapsedMs: performance.now() - started, output };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  try {
    await buildSite({ clean: true, echo: true });
  } catch (error) {
    process.stderr.write(`${(error as Error).message.split("\n")[0]}\n`);
    process.exitCode = 1;
  }
}
