/**
 * The output file of a command that renders something slow (the PDF report, the deck): its
 * folder is made and proven writable BEFORE the work starts, and the result is written to a
 * temporary file beside it and renamed, so a failed run never leaves half a file nor alters an
 * existing one.
 */
import { accessSync, constants, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";

export class OutputPathError extends Error {}

function isDirectory(path: string): boolean | null {
  try {
    return statSync(path).isDirectory();
  } catch {
    return null;
  }
}

/**
 * Creates the missing folders of `dir` one level at a time (a recursive mkdir under /proc or
 * another pseudo file system can loop forever).
 */
function ensureFolder(dir: string, shownPath: string): void {
  const missing: string[] = [];
  let current = dir;
  while (isDirectory(current) === null) {
    missing.unshift(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  if (isDirectory(current) === false) throw new OutputPathError(`не могу записать «${shownPath}»: «${current}» — файл, а не папка.`);
  for (const folder of missing) {
    try {
      mkdirSync(folder);
    } catch (error) {
      throw new OutputPathError(`не могу создать папку «${folder}» для «${shownPath}» (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
    }
  }
}

/** Temporary name beside the target, in the same folder (so the final rename is atomic). */
function temporaryPathOf(target: string): string {
  return join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
}

/**
 * Checks that `out` can be written: makes its folder, writes and removes a probe file there,
 * refuses a folder given as the file. Returns the absolute path. Throws OutputPathError
 * naming the path.
 */
export function prepareOutputFile(out: string): string {
  const target = resolve(out);
  if (isDirectory(target)) throw new OutputPathError(`«${out}» — папка; укажите имя файла.`);
  ensureFolder(dirname(target), out);
  const probe = temporaryPathOf(target);
  try {
    writeFileSync(probe, "");
    rmSync(probe, { force: true });
    if (isDirectory(target) === false) accessSync(target, constants.W_OK);
  } catch (error) {
    throw new OutputPathError(`не могу записать «${out}» (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}).`);
  }
  return target;
}

/** Writes `bytes` to `target` through a temporary file and a rename. */
export function writeOutputFile(target: string, bytes: Uint8Array): void {
  const temporary = temporaryPathOf(target);
  try {
    writeFileSync(temporary, bytes);
    renameSync(temporary, target);
  } finally {
    rmSync(temporary, { force: true });
  }
}
