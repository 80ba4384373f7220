// Tickets table for the dashboard pages, as Apache Arrow IPC (read with FileAttachment(...).arrayBuffer() + tableFromIPC).
import { writeStdout } from "../../loaders/export/arrow.ts";
import { closeDataset, openSiteDataset } from "../../loaders/site/dataset.ts";
import { ticketsArrow } from "../../loaders/site/page-data.ts";

const pipeline = await openSiteDataset();
const bytes = await ticketsArrow(pipeline);
closeDataset(pipeline);
await writeStdout(bytes);
