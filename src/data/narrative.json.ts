// The facts behind the monthly report's narrative: SLA breaches per month and priority (judged at
// each month's end) and what lies behind each month's CSAT and escalation rate.
import { writeStdout } from "../../loaders/export/arrow.ts";
import { closeDataset, openSiteDataset } from "../../loaders/site/dataset.ts";
import { breachSummary, ticketDrivers } from "../../loaders/site/page-data.ts";

const pipeline = await openSiteDataset({ monthEndFacts: true });
const facts = { sla_breaches: await breachSummary(pipeline), ticket_drivers: await ticketDrivers(pipeline) };
closeDataset(pipeline);
await writeStdout(JSON.stringify(facts));
