// «Техподдержка»: the breached tickets the table lists (loaders/site/support-data.ts).
import { writeStdout } from "../../loaders/export/arrow.ts";
import { closeDataset, openSiteDataset } from "../../loaders/site/dataset.ts";
import { supportBreachedFile } from "../../loaders/site/support-data.ts";

const pipeline = await openSiteDataset();
const table = await supportBreachedFile(pipeline);
closeDataset(pipeline);
await writeStdout(JSON.stringify(table));
