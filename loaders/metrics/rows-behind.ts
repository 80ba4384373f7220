/**
 * The rows behind the monthly report's figures, for every month of the data, each from the metric
 * module that owns the figure: the SLA breaches (sla.ts), the clients of the retention base who
 * left (clients.ts), the projects judged late (projects.ts). The narrative names these rows; their
 * counts are the KPIs' own (test/rows-behind.test.ts).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Settings } from "../settings.ts";
import type { BreachFacts, LateProjects, LostClientRow } from "../../src/core/rows.ts";
import { lostClients } from "./clients.ts";
import { makeContext } from "./context.ts";
import { latestEventDayOr } from "../as-of.ts";
import { dataMonths } from "./month-kpis.ts";
import { lateProjects } from "./projects.ts";
import { breachesByMonth } from "./sla.ts";

export interface RowsBehindKpis {
  sla_breaches: BreachFacts[];
  lost_clients: LostClientRow[];
  late_projects: LateProjects[];
}

/**
 * The rows behind every data month's figures, judged at `now`; `factsTable` holds ticket facts
 * judged at `now` (createTicketFacts); `latestEventDay` the data's own day (Pipeline.latestEventDay),
 * looked up when absent.
 */
export async function rowsBehindKpis(
  connection: DuckDBConnection,
  settings: Settings,
  now: Date,
  factsTable = "ticket_facts",
  latestEventDay?: string | null,
): Promise<RowsBehindKpis> {
  const day = await latestEventDayOr(connection, settings.calendar.timezone, latestEventDay);
  const context = makeContext(connection, settings, await dataMonths(connection, settings, now), now, day);
  return {
    sla_breaches: await breachesByMonth(connection, context.timezone, factsTable),
    lost_clients: await lostClients(context),
    late_projects: await lateProjects(context),
  };
}
