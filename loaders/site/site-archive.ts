/**
 * The site's data archive: every member of SITE_MEMBERS produced from one opened site dataset
 * and packed into one ZIP, which Framework unpacks member by member for the pages
 * (`FileAttachment("data/site/metrics.json")` reads `metrics.json` of src/data/site.zip.ts).
 */
import JSZip from "jszip";
import { connectUtc } from "../db.ts";
import { writeStdout } from "../export/arrow.ts";
import { DataFileError } from "../ingest/load-dataset.ts";
import type { Pipeline } from "../pipeline.ts";
import { WarehouseError } from "../warehouse/store.ts";
import { closeDataset, openSiteDataset } from "./dataset.ts";
import { CONCURRENT_MEMBERS, SITE_MEMBERS, type MemberProducer } from "./site-members.ts";

export type MemberBytes = string | Uint8Array;

/** Runs `produce` on a DuckDB connection of its own (UTC, as the pipeline's), closed afterwards. */
async function produceOnOwnConnection(pipeline: Pipeline, produce: MemberProducer): Promise<MemberBytes> {
  const connection = await connectUtc(pipeline.instance);
  try {
    return await produce({ ...pipeline, connection });
  } finally {
    connection.closeSync();
  }
}

/**
 * Every member's bytes, by name in the table's order. The concurrent members start first, each
 * on its own connection; the others run one after another on the pipeline's connection.
 */
export async function produceMembers(
  pipeline: Pipeline,
  members: Record<string, MemberProducer> = SITE_MEMBERS,
  concurrent: ReadonlySet<string> = CONCURRENT_MEMBERS,
): Promise<Map<string, MemberBytes>> {
  const names = Object.keys(members);
  const started = new Map(names.filter((n) => concurrent.has(n)).map((n) => [n, produceOnOwnConnection(pipeline, members[n]!)]));
  // a rejection of a started member is awaited below; until then it must not count as unhandled
  for (const promise of started.values()) promise.catch(() => undefined);
  const done = new Map<string, MemberBytes>();
  for (const name of names) if (!started.has(name)) done.set(name, await members[name]!(pipeline));
  for (const [name, promise] of started) done.set(name, await promise);
  return new Map(names.map((n) => [n, done.get(n)!]));
}

/** The members packed uncompressed into one ZIP (Framework extracts each at build time). */
export async function zipMembers(members: Map<string, MemberBytes>): Promise<Uint8Array> {
  const zip = new JSZip();
  // a fixed date: the same members make the same archive
  const date = new Date(Date.UTC(2000, 0, 1));
  for (const [name, bytes] of members) zip.file(name, bytes, { date, createFolders: false });
  return zip.generateAsync({ type: "uint8array", compression: "STORE" });
}

/**
 * Opens the site dataset, writes what `make` produces from it to stdout and closes it. Bad data
 * (a file or warehouse error) ends the process with its message and code 2.
 */
export async function writeFromSiteDataset(make: (pipeline: Pipeline) => Promise<MemberBytes>): Promise<void> {
  try {
    const pipeline = await openSiteDataset();
    try {
      await writeStdout(await make(pipeline));
    } finally {
      closeDataset(pipeline);
    }
  } catch (error) {
    if (error instanceof DataFileError || error instanceof WarehouseError) {
      process.stderr.write(error.message + "\n");
      process.exit(2);
    }
    throw error;
  }
}
