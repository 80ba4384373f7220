// «Техподдержка»: the cells per client of client group 5 (loaders/site/support-data.ts).
import { writeStdout } from "../../loaders/export/arrow.ts";
import { closeDataset, openSiteDataset } from "../../loaders/site/dataset.ts";
import { supportClientCellsFile } from "../../loaders/site/support-data.ts";

const pipeline = await openSiteDataset();
const cells = await supportClientCellsFile(pipeline, 5);
closeDataset(pipeline);
await writeStdout(JSON.stringify(cells));
