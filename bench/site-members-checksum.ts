/**
 * Checksums of the site's data members, to show that a change to how they are made keeps them
 * byte-identical: every member of SITE_MEMBERS (or the ones named) produced from the site dataset
 * (loaders/site/dataset.ts: $SUPPORT_ANALYTICS_DATA / $SUPPORT_ANALYTICS_DB, the as-of of
 * $SUPPORT_ANALYTICS_AS_OF or the data's own), one line each: `<member> bytes=<n> sha256=<hex>`.
 * The clock readings a member records are blanked first — the build time (`"generatedAt":"…"`) and
 * the moment a future-dated row was checked against (validation.json's «позже момента проверки
 * (…)») — so two runs of the same code print the same lines and `diff` of the outputs before and
 * after a change is the check.
 *
 * Run: `SUPPORT_ANALYTICS_DATA=data/sample npx tsx bench/site-members-checksum.ts [MEMBER...]`.
 */
import { createHash } from "node:crypto";
import { closeDataset, openSiteDataset } from "../loaders/site/dataset.ts";
import { produceMembers, type MemberBytes } from "../loaders/site/site-archive.ts";
import { SITE_MEMBERS, type MemberProducer } from "../loaders/site/site-members.ts";

const GENERATED_AT = /"generatedAt":"[^"]*"/g;
const CHECKED_AT = /момента проверки \(\d\d\.\d\d\.\d{4} \d\d:\d\d \([^)]*\)\)/g;

/** The member's bytes with the clock readings blanked. */
function comparable(bytes: MemberBytes): Buffer {
  if (typeof bytes !== "string") return Buffer.from(bytes);
  return Buffer.from(bytes.replace(GENERATED_AT, '"generatedAt":""').replace(CHECKED_AT, "момента проверки (…)"));
}

function selectedMembers(names: readonly string[]): Record<string, MemberProducer> {
  if (names.length === 0) return SITE_MEMBERS;
  const unknown = names.filter((n) => !(n in SITE_MEMBERS));
  if (unknown.length > 0) throw new Error(`Нет таких файлов данных сайта: ${unknown.join(", ")}`);
  return Object.fromEntries(names.map((n) => [n, SITE_MEMBERS[n]!]));
}

const members = selectedMembers(process.argv.slice(2));
const pipeline = await openSiteDataset();
try {
  const produced = await produceMembers(pipeline, members);
  process.stdout.write(`as-of ${pipeline.now.toISOString()}\n`);
  for (const [name, bytes] of produced) {
    const data = comparable(bytes);
    process.stdout.write(`${name} bytes=${data.length} sha256=${createHash("sha256").update(data).digest("hex")}\n`);
  }
} finally {
  closeDataset(pipeline);
}
