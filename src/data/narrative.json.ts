// The facts behind the monthly report's narrative: the rows behind each month's figures from the
// metric modules (SLA breaches, clients who left, late projects: loaders/metrics/rows-behind.ts)
// and what lies behind each month's CSAT and escalation rate: JSON, so the home page needs no Arrow.
import { writeStdout } from "../../loaders/export/arrow.ts";
import { rowsBehindKpis } from "../../loaders/metrics/rows-behind.ts";
import { closeDataset, openSiteDataset } from "../../loaders/site/dataset.ts";
import { ticketDrivers } from "../../loaders/site/page-data.ts";

const pipeline = await openSiteDataset();
const facts = {
  ...(await rowsBehindKpis(pipeline.connection, pipeline.settings, pipeline.now)),
  ticket_drivers: await ticketDrivers(pipeline),
};
closeDataset(pipeline);
await writeStdout(JSON.stringify(facts));
