// Every data file of the pages in one archive, computed from the site dataset opened once
// (loaders/site/site-members.ts lists the members): the pages read FileAttachment("data/site/<member>").
// The archive a warm-up computed beside this build (loaders/site/archive-handoff.ts) is taken when
// there is one; the modules that compute it are loaded only when there is none.
import { writeStdout } from "../../loaders/export/arrow.ts";
import { takeArchive } from "../../loaders/site/archive-handoff.ts";

const warm = await takeArchive();
if (warm) {
  process.stderr.write("данные сайта: архив, рассчитанный рядом со сборкой\n");
  await writeStdout(warm);
} else {
  const { produceMembers, writeFromSiteDataset, zipMembers } = await import("../../loaders/site/site-archive.ts");
  await writeFromSiteDataset(async (pipeline) => zipMembers(await produceMembers(pipeline)));
}
