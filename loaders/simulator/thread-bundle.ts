/**
 * The script the simulator's worker threads run: sim-thread.ts and the engine bundled into one
 * CommonJS script (no TypeScript loader in the thread), kept in node_modules/.cache between
 * commands and used while every source it was built from is unchanged. Reading the cache is
 * synchronous and loads no bundler, so a command can spawn its threads before anything else.
 */
import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cacheFile } from "./thread-contract.ts";

let threadScript: Promise<string> | null = null;

const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** the bundle kept between commands */
export const CACHE_FILE = cacheFile("sim-thread");

interface CachedBundle {
  /** source file (from the project's root) → SHA-1 of its content when bundled */
  inputs: Record<string, string>;
  script: string;
}

function sha1(text: string | Buffer): string {
  return createHash("sha1").update(text).digest("hex");
}

/** The cached bundle when every source it was built from is unchanged, else null. */
function cachedBundle(): string | null {
  try {
    const cached = JSON.parse(readFileSync(CACHE_FILE, "utf8")) as CachedBundle;
    for (const [file, hash] of Object.entries(cached.inputs)) if (sha1(readFileSync(join(ROOT, file))) !== hash) return null;
    return cached.script;
  } catch {
    return null;
  }
}

/** Keep the bundle for the next command (best effort: a read-only checkout just bundles again). */
function saveBundle(script: string, inputs: string[]): void {
  try {
    const cached: CachedBundle = { inputs: Object.fromEntries(inputs.map((file) => [file, sha1(readFileSync(join(ROOT, file)))])), script };
    mkdirSync(dirname(CACHE_FILE), { recursive: true });
    const temporary = `${CACHE_FILE}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(cached));
    renameSync(temporary, CACHE_FILE);
  } catch {
    // no cache: the next command bundles again
  }
}

let cachedScript: string | null | undefined;

/** The cached bundle when its sources are unchanged (read once per process), else null. */
export function cachedThreadScript(): string | null {
  if (cachedScript === undefined) cachedScript = cachedBundle();
  return cachedScript;
}

async function buildThreadScript(): Promise<string> {
  const { build } = await import("esbuild");
  const r = await build({
    entryPoints: [fileURLToPath(new URL("./sim-thread.ts", import.meta.url))],
    absWorkingDir: ROOT,
    bundle: true,
    format: "cjs",
    platform: "node",
    target: "node20",
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const script = r.outputFiles[0]!.text;
  saveBundle(script, Object.keys(r.metafile.inputs));
  return script;
}

/**
 * sim-thread.ts and the engine bundled into one CommonJS script: from the cache when its sources
 * are unchanged, else built (once per process) and cached.
 */
export function bundledThreadScript(): Promise<string> {
  threadScript ??= (async () => cachedThreadScript() ?? buildThreadScript())();
  return threadScript;
}
