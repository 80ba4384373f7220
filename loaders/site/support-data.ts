/**
 * The data files of «Техподдержка» from the site dataset's ticket facts (loaders/metrics/support-cells.ts):
 * support-cells.json (the cells over all clients and the page's meta), support-client-<n>.json
 * (the cells per client of group n, read only when the client filter picks one of its clients) and
 * support-breached.json (the breached tickets the table lists): members of the site's data archive
 * (site-members.ts), which only call these.
 */
import type { Pipeline } from "../pipeline.ts";
import { breachedTickets, encodedClientGroupCells, encodedSupportCells, supportMeta, type CellsSource } from "../metrics/support-cells.ts";
import { encodeColumns, type EncodedTable } from "../../src/core/columns.ts";
import type { EncodedSupportCells, SupportCellsFile } from "../../src/core/support-cells.ts";

export function siteCellsSource(pipeline: Pipeline): CellsSource {
  return { connection: pipeline.connection, factsTable: "ticket_facts", now: pipeline.now, timezone: pipeline.settings.calendar.timezone };
}

function encodeRows<T extends object>(rows: readonly T[]): EncodedTable {
  return encodeColumns(rows, Object.keys(rows[0] ?? {}) as (keyof T & string)[]);
}

/** support-cells.json: every cell over all clients, with the meta. */
export async function supportCellsFile(pipeline: Pipeline): Promise<SupportCellsFile> {
  const source = siteCellsSource(pipeline);
  const meta = await supportMeta(source);
  return { meta, cells: await encodedSupportCells(source, meta) };
}

/** support-client-<shard>.json: the cells per client of the clients in group `shard` (SupportClient.shard). */
export async function supportClientCellsFile(pipeline: Pipeline, shard: number): Promise<EncodedSupportCells> {
  return encodedClientGroupCells(siteCellsSource(pipeline), shard);
}

/** support-breached.json: the breached tickets, all months and clients. */
export async function supportBreachedFile(pipeline: Pipeline): Promise<EncodedTable> {
  return encodeRows(await breachedTickets(siteCellsSource(pipeline)));
}
