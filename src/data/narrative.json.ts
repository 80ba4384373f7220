// The facts behind the monthly report's narrative: SLA breaches per month and priority (judged at
// each month's end), what lies behind each month's CSAT and escalation rate, and the clients' and
// projects' dates (who left, which projects finished late): JSON, so the home page needs no Arrow.
import { writeStdout } from "../../loaders/export/arrow.ts";
import { closeDataset, openSiteDataset } from "../../loaders/site/dataset.ts";
import { breachSummary, clientSpans, projectSpans, ticketDrivers } from "../../loaders/site/page-data.ts";

const pipeline = await openSiteDataset();
const facts = {
  sla_breaches: await breachSummary(pipeline),
  ticket_drivers: await ticketDrivers(pipeline),
  clients: await clientSpans(pipeline),
  projects: await projectSpans(pipeline),
};
closeDataset(pipeline);
await writeStdout(JSON.stringify(facts));
