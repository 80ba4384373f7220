/**
 * A test file's fixture for "the whole sample as of X equals the exports as they stood at X":
 * the committed sample opened once (beforeAll), and `exportsAt(X)` writing its exports as known at
 * X into a temporary folder (writeExportsAsOf); the pipeline and the folders go in afterAll. Also
 * every month's KPIs of a folder as of X, through the pipeline the CLI runs (monthKpisAsOf).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll } from "vitest";
import { runPipeline, type Pipeline } from "../../loaders/pipeline.ts";
import { computeAllMonths, type MonthKpis } from "../../loaders/metrics/month-kpis.ts";
import { writeExportsAsOf } from "./exports-as-of.ts";

export const SAMPLE_DIR = fileURLToPath(new URL("../../data/sample", import.meta.url));

export interface SampleAsOf {
  /** the whole sample, opened at its own as-of */
  full(): Pipeline;
  /** a folder with the sample's exports as they stood at `asOf` */
  exportsAt(asOf: Date): Promise<string>;
}

export function useSampleAsOf(folderPrefix: string, timeZone: string): SampleAsOf {
  let full: Pipeline | undefined;
  const folders: string[] = [];
  beforeAll(async () => {
    full = await runPipeline(SAMPLE_DIR);
  }, 120_000);
  afterAll(() => {
    full?.connection.closeSync();
    full?.instance.closeSync();
    for (const dir of folders) rmSync(dir, { recursive: true, force: true });
  });
  return {
    full: () => full!,
    async exportsAt(asOf) {
      const dir = mkdtempSync(join(tmpdir(), folderPrefix));
      folders.push(dir);
      await writeExportsAsOf(full!.connection, dir, asOf, timeZone);
      return dir;
    },
  };
}

/** Every month's KPIs of the exports in `dir` as of `asOf` (null: the data's own as-of), through the pipeline the CLI runs. */
export async function monthKpisAsOf(dir: string, asOf: Date | null): Promise<MonthKpis[]> {
  const pipeline = await runPipeline(dir, { now: asOf });
  try {
    return await computeAllMonths(pipeline.connection, pipeline.settings, { now: pipeline.now });
  } finally {
    pipeline.connection.closeSync();
    pipeline.instance.closeSync();
  }
}
