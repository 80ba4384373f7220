// NPS per quarter with its 95 % margin of error and response counts («Клиенты»).
import { writeStdout } from "../../loaders/export/arrow.ts";
import { closeDataset, openSiteDataset } from "../../loaders/site/dataset.ts";
import { npsByQuarter } from "../../loaders/site/page-data.ts";

const pipeline = await openSiteDataset();
const rows = await npsByQuarter(pipeline);
closeDataset(pipeline);
await writeStdout(JSON.stringify(rows));
