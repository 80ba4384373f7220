// Every data file of the pages in one archive, computed from the site dataset opened once
// (loaders/site/site-members.ts lists the members): the pages read FileAttachment("data/site/<member>").
import { produceMembers, writeFromSiteDataset, zipMembers } from "../../loaders/site/site-archive.ts";

await writeFromSiteDataset(async (pipeline) => zipMembers(await produceMembers(pipeline)));
