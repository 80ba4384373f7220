/**
 * Computes the site's data archive beside `observable build` and hands it to the archive loader
 * (archive-handoff.ts). Started by buildSite; says nothing: on bad data it publishes nothing, and
 * the loader, computing the archive itself, reports the error in Framework's log.
 */
import { publishArchive } from "./archive-handoff.ts";
import { closeDataset, openSiteDataset } from "./dataset.ts";
import { produceMembers, zipMembers } from "./site-archive.ts";

try {
  await publishArchive(async () => {
    const pipeline = await openSiteDataset();
    try {
      return await zipMembers(await produceMembers(pipeline));
    } finally {
      closeDataset(pipeline);
    }
  });
} catch {
  process.exitCode = 1;
}
