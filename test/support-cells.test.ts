/**
 * The cells of «Техподдержка» (loaders/metrics/support-cells.ts, real DuckDB) and the figures summed
 * from them (src/core/support-figures.ts): on hand-made ticket facts, every figure the page shows;
 * on the committed sample, the page's cells (all clients, or a client group's) give for a filter what
 * the same SQL gives over that filter's tickets alone, the files made for all client groups at once hold
 * what supportCells gives group by group, and an unfiltered month gives the month's KPIs.
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  breachedTickets,
  durationBinnings,
  encodedClientGroupCells,
  encodedSupportCells,
  supportCells,
  supportMeta,
  type CellsSource,
} from "../loaders/metrics/support-cells.ts";
import { computeMonthKpis, type KpiTree } from "../loaders/metrics/month-kpis.ts";
import { runPipeline, type Pipeline } from "../loaders/pipeline.ts";
import { createTicketFacts } from "../loaders/metrics/ticket-facts.ts";
import { filteredSupport } from "../loaders/cli/support-filter.ts";
import { siteCellsSource, supportBreachedFile, supportCellsFile, supportClientCellsFile } from "../loaders/site/support-data.ts";
import { decodeColumns, encodeColumns } from "../src/core/columns.ts";
import { firstMonthWithRepeatHistory } from "../src/core/months.ts";
import { CLIENT_SHARDS, type BreachedTicket, type EncodedSupportCells, type SupportCells, type SupportFilter } from "../src/core/support-cells.ts";
import { breachedIn, decodeSupportCells, supportFigures } from "../src/core/support-figures.ts";
import { useMemoryDb } from "./helpers/duckdb.ts";

/** Cells as rows → the column layout the site's files hold (each table's columns those of its first row). */
function encodeSupportCells(cells: SupportCells): EncodedSupportCells {
  const encode = <T extends object>(rows: readonly T[]) => encodeColumns(rows, Object.keys(rows[0] ?? {}) as (keyof T & string)[]);
  return { created: encode(cells.created), backlog: encode(cells.backlog), open: encode(cells.open), durations: encode(cells.durations) };
}

const ALL_FILTER: SupportFilter = { from: "2026-03", to: "2026-05", priority: "all", segment: "all", client: "all" };

describe("cells and figures on hand-made ticket facts", () => {
  const db = useMemoryDb();
  const now = new Date("2026-05-20T00:00:00Z");
  let source: CellsSource;

  beforeAll(async () => {
    const c = db.connection;
    await c.run(`CREATE TABLE clients AS SELECT * FROM (VALUES ('C1', 'ЖК', 'residential'), ('C2', 'БЦ', 'residential'), ('C3', 'КП', 'cottage')) v(client_id, name, segment)`);
    // ticket, client, priority, channel, month, met, breached, resolved, age, escalated, is_repeat, csat
    await c.run(`CREATE TABLE ticket_facts AS SELECT ticket_id, client_id, priority, 'problem' AS type, channel, 'x' AS category,
        (month || '-10 09:00:00')::TIMESTAMP AS created_at, resolved::TIMESTAMP AS resolved_at, month,
        10.0 AS response_business_minutes, CASE WHEN resolved IS NULL THEN NULL ELSE 100.0 END AS resolution_business_minutes,
        age::DOUBLE AS age_business_minutes, met, breached, escalated, is_repeat, csat::INTEGER AS csat
      FROM (VALUES
        ('1', 'C1', 'standard', 'email', '2026-03', true, false, '2026-03-11 09:00:00', NULL, false, false, 5),
        ('2', 'C1', 'standard', 'email', '2026-03', false, true, '2026-03-11 09:00:00', NULL, true, false, 4),
        ('3', 'C1', 'standard', 'email', '2026-03', false, false, NULL, 2000, false, true, NULL),
        ('4', 'C3', 'emergency', 'email', '2026-03', true, false, '2026-03-11 09:00:00', NULL, NULL, NULL, NULL),
        ('5', 'C2', 'standard', NULL, '2026-04', true, false, '2026-05-02 09:00:00', NULL, false, false, NULL)
      ) v(ticket_id, client_id, priority, channel, month, met, breached, resolved, age, escalated, is_repeat, csat)`);
    source = { connection: c, factsTable: "ticket_facts", now, timezone: "Europe/Moscow" };
  });

  async function figuresFor(filter: SupportFilter, repeatsFrom = "") {
    const binnings = await durationBinnings(source);
    const cells = await supportCells(source, {}, { byClient: filter.client !== "all", months: ["2026-03", "2026-04", "2026-05"], binnings });
    return supportFigures(cells, filter, { repeatsFrom, binnings });
  }

  it("selects by period, priority, segment and client", async () => {
    expect((await figuresFor({ ...ALL_FILTER, from: "2026-04" })).summary.tickets).toBe(1);
    expect((await figuresFor({ ...ALL_FILTER, priority: "emergency" })).summary.tickets).toBe(1);
    expect((await figuresFor({ ...ALL_FILTER, segment: "cottage" })).summary.tickets).toBe(1);
    expect((await figuresFor({ ...ALL_FILTER, client: "C2" })).volume.priority).toEqual([{ month: "2026-04", key: "standard", count: 1 }]);
    expect((await figuresFor({ ...ALL_FILTER, client: "C9" })).summary).toEqual({ tickets: 0, judged: 0, met: 0, breached: 0, compliance: null });
  });
  it("SLA compliance is met ÷ (met + breached) of the KPI's flags, open tickets left out", async () => {
    const figures = await figuresFor(ALL_FILTER);
    expect(figures.sla).toEqual([
      { month: "2026-03", priority: "emergency", judged: 1, met: 1, breached: 0, compliance: 1 },
      { month: "2026-03", priority: "standard", judged: 2, met: 1, breached: 1, compliance: 0.5 },
      { month: "2026-04", priority: "standard", judged: 1, met: 1, breached: 0, compliance: 1 },
    ]);
    expect(figures.summary).toEqual({ tickets: 5, judged: 4, met: 3, breached: 1, compliance: 0.75 });
  });
  it("counts by month and field, naming missing values", async () => {
    expect((await figuresFor(ALL_FILTER)).volume.channel).toEqual([
      { month: "2026-03", key: "email", count: 4 },
      { month: "2026-04", key: "не указано", count: 1 },
    ]);
  });
  it("counts the backlog at month ends (Moscow time) up to the as-of, and the open tickets by business-day age", async () => {
    // March end: ticket 3 open; April end: 3 still open, 5 resolved on 2 May → open; at the as-of: 3
    const figures = await figuresFor(ALL_FILTER);
    expect(figures.backlog).toEqual([
      { month: "2026-03", open: 1 },
      { month: "2026-04", open: 2 },
      { month: "2026-05", open: 1 },
    ]);
    expect(figures.ageing).toEqual([{ bucket: "3–5 раб. дней", priority: "standard", count: 1 }]);
    expect(figures.open_now).toBe(1);
  });
  it("computes escalation, repeat and CSAT per month over the tickets that have the field", async () => {
    const [march] = (await figuresFor(ALL_FILTER)).rates;
    expect(march).toEqual({ month: "2026-03", tickets: 4, escalated: 1, escalation_rate: 1 / 3, repeats: 1, repeat_rate: 1 / 3, csat_responses: 2, csat_mean: 4.5 });
    // before the first month with a whole repeat window of history: counted, but no rate (as the KPI)
    const [early] = (await figuresFor(ALL_FILTER, "2026-04")).rates;
    expect([early!.repeats, early!.repeat_rate, early!.escalation_rate]).toEqual([1, null, 1 / 3]);
  });
  it("bins response and resolution times up to the P99 of all tickets of the histogram's scope", async () => {
    const binnings = await durationBinnings(source);
    expect(binnings.response.all).toEqual({ p99_hours: 10 / 60, step_hours: 0.005, bins: 34 });
    const figures = await figuresFor(ALL_FILTER);
    expect(figures.durations.response.reduce((s, r) => s + r.count, 0)).toBe(5);
    expect(figures.durations.resolution.reduce((s, r) => s + r.count, 0)).toBe(4);
    expect(figures.durations.resolution.map((r) => r.priority)).toEqual(["emergency", "standard"]);
  });
  it("lists the breached tickets behind the breach count", async () => {
    const rows = await breachedTickets(source);
    expect(rows.map((r) => [r.ticket_id, r.segment, r.resolved])).toEqual([["2", "residential", true]]);
    expect(breachedIn(rows, { ...ALL_FILTER, priority: "emergency" })).toEqual([]);
  });
});

describe("columns", () => {
  it("stores strings as a dictionary and numbers as they are, and reads the rows back", () => {
    const rows = [
      { month: "2026-01", key: null, n: 3, ok: true },
      { month: "2026-01", key: "a", n: 0.5, ok: null },
    ];
    const table = encodeColumns(rows, ["month", "key", "n", "ok"]);
    expect(table.columns.month).toEqual({ dictionary: ["2026-01"], index: [0, 0] });
    expect(decodeColumns(JSON.parse(JSON.stringify(table)))).toEqual(rows);
    expect(decodeColumns(encodeColumns([], ["month"]))).toEqual([]);
  });
  it("stores a list as runs when that is shorter, as for the leading columns of sorted rows", () => {
    const rows = [1, 1, 1, 1, 1, 2].map((n, i) => ({ month: i < 5 ? "2026-01" : "2026-02", n, m: i }));
    const table = encodeColumns(rows, ["month", "n", "m"]);
    expect(table.columns.month).toEqual({ dictionary: ["2026-01", "2026-02"], runs: [0, 5, 1, 1] });
    expect(table.columns.n).toEqual({ runs: [1, 5, 2, 1] });
    expect(table.columns.m).toEqual({ values: [0, 1, 2, 3, 4, 5] });
    expect(decodeColumns(JSON.parse(JSON.stringify(table)))).toEqual(rows);
  });
});

describe("on the committed sample", () => {
  const SAMPLE = fileURLToPath(new URL("../data/sample/", import.meta.url));
  const NOW = new Date("2026-11-24T23:59:59.999+03:00");
  let pipeline: Pipeline;
  beforeAll(async () => {
    pipeline = await runPipeline(SAMPLE, { now: NOW });
    await createTicketFacts(pipeline.connection, pipeline.settings, NOW, "ticket_facts");
  }, 120_000);
  afterAll(() => {
    pipeline?.connection.closeSync();
    pipeline?.instance.closeSync();
  });

  it("the page's cells give what the same SQL gives over the filter's tickets alone", async () => {
    const file = JSON.parse(JSON.stringify(await supportCellsFile(pipeline)));
    const breached = decodeColumns<BreachedTicket>(JSON.parse(JSON.stringify(await supportBreachedFile(pipeline))));
    const client = file.meta.clients[7]!;
    const other = file.meta.clients.find((c: { segment: string | null }) => c.segment !== client.segment)!;
    const shard = decodeSupportCells(JSON.parse(JSON.stringify(await supportClientCellsFile(pipeline, client.shard))));
    const context = { repeatsFrom: firstMonthWithRepeatHistory(file.meta.months[0], pipeline.settings.repeat_window_days), binnings: file.meta.binnings };
    const filters: SupportFilter[] = [
      { from: "2025-12", to: "2026-11", priority: "all", segment: "all", client: "all" },
      { from: "2025-01", to: "2026-06", priority: "emergency", segment: "residential", client: "all" },
      { from: "2024-12", to: "2026-11", priority: "all", segment: "all", client: client.id },
      { from: "2026-01", to: "2026-03", priority: "standard", segment: "all", client: client.id },
      { from: "2024-12", to: "2026-11", priority: "all", segment: other.segment, client: client.id },
    ];
    for (const filter of filters) {
      const page = supportFigures(filter.client === "all" ? decodeSupportCells(file.cells) : shard, filter, context);
      const cli = await filteredSupport(pipeline, filter, undefined);
      expect(cli.filter).toEqual(filter);
      expect({ ...cli, as_of: undefined, breached_tickets: undefined }).toEqual({ ...page, as_of: undefined, breached_tickets: undefined });
      expect(breachedIn(breached, filter).map((t) => t.ticket_id)).toEqual(cli.breached_tickets);
      expect(cli.breached_tickets.length).toBe(page.summary.breached);
    }
  }, 120_000);

  it("the site's files hold what supportCells gives per client group and over all clients, in its order", async () => {
    const source = siteCellsSource(pipeline);
    const meta = await supportMeta(source);
    const options = { months: meta.months, binnings: meta.binnings };
    expect(new Set(meta.clients.map((c) => c.shard)).size).toBe(CLIENT_SHARDS);
    expect(await encodedSupportCells(source, options)).toEqual(encodeSupportCells(await supportCells(source, {}, { ...options, byClient: false })));
    for (let shard = CLIENT_SHARDS - 1; shard >= 0; shard--) {
      const expected = encodeSupportCells(await supportCells(source, { shard }, { ...options, byClient: true }));
      expect(expected.created.length).toBeGreaterThan(0);
      expect(await encodedClientGroupCells(source, shard)).toEqual(expected);
    }
  }, 120_000);

  it("client-group files of two sources on one connection each hold their own source's cells", async () => {
    const earlier = new Date("2026-06-30T23:59:59.999+03:00");
    await createTicketFacts(pipeline.connection, pipeline.settings, earlier, "ticket_facts_june");
    const sources = [siteCellsSource(pipeline), { ...siteCellsSource(pipeline), factsTable: "ticket_facts_june", now: earlier }];
    const expected = [];
    for (const source of sources) {
      const meta = await supportMeta(source);
      expected.push(encodeSupportCells(await supportCells(source, { shard: 3 }, { months: meta.months, binnings: meta.binnings, byClient: true })));
    }
    expect(expected[1]).not.toEqual(expected[0]);
    for (const i of [0, 1, 0, 1]) expect(await encodedClientGroupCells(sources[i]!, 3)).toEqual(expected[i]);
  }, 120_000);

  it("an unfiltered month gives the month's KPIs", async () => {
    const month = "2026-10";
    const kpis = await computeMonthKpis(pipeline.connection, pipeline.settings, month, { now: NOW });
    const source = { connection: pipeline.connection, factsTable: "ticket_facts", now: NOW, timezone: pipeline.settings.calendar.timezone };
    const binnings = await durationBinnings(source);
    const cells = await supportCells(source, {}, { byClient: false, months: [month], binnings });
    const figures = supportFigures(cells, { ...ALL_FILTER, from: month, to: month }, { repeatsFrom: "", binnings });
    const node = (path: string) => path.split(".").reduce<KpiTree>((n, part) => n[part] as KpiTree, kpis) as unknown;
    expect(figures.summary.tickets).toBe(node("tickets.total"));
    expect(figures.summary.compliance).toBe(node("sla.all.compliance"));
    for (const row of figures.sla) expect([row.met, row.breached]).toEqual([node(`sla.${row.priority}.met`), node(`sla.${row.priority}.breached`)]);
    expect(figures.rates[0]!.escalation_rate).toBe(node("tickets.escalation_rate"));
    expect(figures.rates[0]!.repeat_rate).toBe(node("tickets.repeat_rate"));
    expect(figures.rates[0]!.csat_mean).toBeCloseTo(node("csat.mean") as number, 12);
    expect(encodeSupportCells(cells).created.length).toBe(cells.created.length);
  }, 120_000);
});
