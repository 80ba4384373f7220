// Clients table for the dashboard pages, as Apache Arrow IPC (read with FileAttachment(...).arrayBuffer() + tableFromIPC).
import { writeStdout } from "../../loaders/export/arrow.ts";
import { closeDataset, openSiteDataset } from "../../loaders/site/dataset.ts";
import { clientsArrow } from "../../loaders/site/page-data.ts";

const pipeline = await openSiteDataset();
const bytes = await clientsArrow(pipeline);
closeDataset(pipeline);
await writeStdout(bytes);
