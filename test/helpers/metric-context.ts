/**
 * A metric context over a test database opened without a pipeline: the data's own day is looked up
 * on the connection (latestEventDay, loaders/as-of.ts), as runPipeline finds it.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { latestEventDay } from "../../loaders/as-of.ts";
import { makeContext, type MetricContext } from "../../loaders/metrics/context.ts";
import type { Settings } from "../../loaders/settings.ts";

export async function contextOf(connection: DuckDBConnection, settings: Settings, months: string[], now: Date): Promise<MetricContext> {
  return makeContext(connection, settings, months, now, await latestEventDay(connection, settings.calendar.timezone));
}
