// Visits table for the dashboard pages, as Apache Arrow IPC (read with FileAttachment(...).arrayBuffer() + tableFromIPC).
import { writeStdout } from "../../loaders/export/arrow.ts";
import { closeDataset, openSiteDataset } from "../../loaders/site/dataset.ts";
import { visitsArrow } from "../../loaders/site/page-data.ts";

const pipeline = await openSiteDataset();
const bytes = await visitsArrow(pipeline);
closeDataset(pipeline);
await writeStdout(bytes);
