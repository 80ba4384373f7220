// «Техподдержка»: the cells over all clients and the page's meta (loaders/site/support-data.ts).
import { writeStdout } from "../../loaders/export/arrow.ts";
import { closeDataset, openSiteDataset } from "../../loaders/site/dataset.ts";
import { supportCellsFile } from "../../loaders/site/support-data.ts";

const pipeline = await openSiteDataset();
const file = await supportCellsFile(pipeline);
closeDataset(pipeline);
await writeStdout(JSON.stringify(file));
