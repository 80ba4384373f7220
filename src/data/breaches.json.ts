// SLA breaches per month and priority (judged at each month's end) for the monthly report's narrative.
import { writeStdout } from "../../loaders/export/arrow.ts";
import { closeDataset, openSiteDataset } from "../../loaders/site/dataset.ts";
import { breachSummary } from "../../loaders/site/page-data.ts";

const pipeline = await openSiteDataset({ monthEndFacts: true });
const rows = await breachSummary(pipeline);
closeDataset(pipeline);
await writeStdout(JSON.stringify(rows));
