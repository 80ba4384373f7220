/**
 * Writes one member of the site's data archive to stdout, computed alone from its own opened
 * site dataset: `npx tsx loaders/site/member-cli.ts metrics.json`. For looking at one file of the
 * pages without unpacking the archive, and for checking that a member does not depend on what
 * the archive computes before it.
 */
import { writeFromSiteDataset } from "./site-archive.ts";
import { SITE_MEMBERS } from "./site-members.ts";

const name = process.argv[2] ?? "";
const produce = SITE_MEMBERS[name];
if (!produce) {
  process.stderr.write(`Нет такого файла данных сайта: «${name}»; есть: ${Object.keys(SITE_MEMBERS).join(", ")}\n`);
  process.exit(1);
}
await writeFromSiteDataset(produce);
