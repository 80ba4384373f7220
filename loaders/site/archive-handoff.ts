/**
 * The site's data archive computed beside Framework's own build. `npm run build` (and
 * buildSite) start `loaders/site/warm-archive.ts` with `observable build`: while Framework
 * bundles the pages and their npm imports on one core, the warm-up computes the archive on the
 * other and hands it to the archive loader (src/data/site.zip.ts) through two files keyed by the
 * dataset fingerprint in src/.observablehq/cache/site-archive/:
 *   `<key>.pending` — holds the warm-up's pid while it computes;
 *   `<key>.zip`     — the finished archive, renamed into place whole.
 * The loader waits while the pending file's process lives, then takes the archive (it is
 * removed as it is read, so it serves one build only) or, when there is none (no warm-up, a
 * failed one, other data), computes the archive itself.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { datasetFingerprint, siteDataLocation } from "./dataset.ts";

export const HANDOFF_DIR = fileURLToPath(new URL("../../src/.observablehq/cache/site-archive/", import.meta.url));
/** the loader never waits longer for a warm-up than this (then computes the archive itself) */
export const MAX_WAIT_MS = 10 * 60_000;
const POLL_MS = 50;

/** The hand-off files of the data the site reads now. */
export function handoffPaths(dir: string = HANDOFF_DIR): { pending: string; archive: string } {
  const key = datasetFingerprint(siteDataLocation());
  return { pending: join(dir, `${key}.pending`), archive: join(dir, `${key}.zip`) };
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

function pendingPid(pending: string): number | null {
  try {
    const pid = Number(readFileSync(pending, "utf8"));
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/** Computes the archive with `make` and publishes it for the loader; a failure publishes nothing. */
export async function publishArchive(make: () => Promise<Uint8Array>, dir: string = HANDOFF_DIR): Promise<void> {
  const { pending, archive } = handoffPaths(dir);
  mkdirSync(dir, { recursive: true });
  writeFileSync(pending, String(process.pid));
  const temporary = `${archive}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, await make());
    renameSync(temporary, archive);
  } finally {
    rmSync(temporary, { force: true });
    rmSync(pending, { force: true });
  }
}

/**
 * The archive a warm-up published for the data the site reads now, waiting while one is still
 * computing it (at most `maxWaitMs`); removed as it is taken. Null when there is none.
 */
export async function takeArchive(dir: string = HANDOFF_DIR, maxWaitMs: number = MAX_WAIT_MS): Promise<Uint8Array | null> {
  const { pending, archive } = handoffPaths(dir);
  const deadline = Date.now() + maxWaitMs;
  for (let pid = pendingPid(pending); pid !== null && processIsAlive(pid) && Date.now() < deadline; pid = pendingPid(pending)) {
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  if (!existsSync(archive)) return null;
  try {
    return readFileSync(archive);
  } finally {
    rmSync(archive, { force: true });
  }
}
