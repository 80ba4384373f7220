/**
 * `generateSample`: the whole deterministic sample in one call (used by `npm run generate`,
 * the tests and the benchmark). Same options → byte-identical files.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SCHEMA, type TableName } from "../schema.ts";
import { buildClients, clientFields, type Client } from "./clients.ts";
import { CsvWriter } from "./csv.ts";
import { futureTicketCreated, TicketPlanter, writeWithPlanted, type InvalidRow, type PlantedRow } from "./invalid.ts";
import { STAFF, uniqueClientName } from "./names.ts";
import { generateNps, npsFields } from "./nps.ts";
import { endsAt, makeContext, resolveOptions, type Context, type GenerateOptions } from "./options.ts";
import { generatePayments, invoiceFields } from "./payments.ts";
import { planProjects, projectFields, scheduleProjects } from "./projects.ts";
import { Rng } from "./rng.ts";
import { ticketLine } from "./ticket-csv.ts";
import { generateTickets } from "./tickets.ts";
import { formatDay } from "./time.ts";
import { generateVisits, visitFields } from "./visits.ts";

export type { GenerateOptions } from "./options.ts";
export type { InvalidRow } from "./invalid.ts";

export const INVALID_ROWS_FILE = "INVALID_ROWS.json";
export const MANIFEST_FILE = "GENERATED.json";

export interface GenerateResult {
  /** absolute or relative path of every file written, by table name plus "invalid_rows", "manifest" */
  files: Record<TableName | "invalid_rows" | "manifest", string>;
  /** data rows per file (header excluded, planted invalid rows included) */
  counts: Record<TableName, number>;
  invalidRows: InvalidRow[];
  manifest: Manifest;
}

export interface Manifest {
  generator: string;
  seed: number;
  as_of: string;
  /** the last instant in the sample */
  ends_at: string;
  period: { from: string; to: string };
  options: { months: number; tickets_per_month: number; clients: number; invalid: boolean };
  command: string;
  overloaded_month: string | null;
  active_clients_at_as_of: number;
  counts: Record<TableName, number>;
  invalid_rows: Record<TableName, number>;
}

const header = (table: TableName) => SCHEMA[table].columns.map((c) => c.name);

export async function generateSample(partial: Partial<GenerateOptions> = {}): Promise<GenerateResult> {
  const options = resolveOptions(partial);
  const context = makeContext(options);
  const rng = (stream: string) => new Rng(options.seed, stream);
  mkdirSync(options.outDir, { recursive: true });
  const path = (table: TableName) => join(options.outDir, `${table}.csv`);
  const invalidRng = rng("invalid");
  const invalidRows: InvalidRow[] = [];
  const counts = {} as Record<TableName, number>;

  const plans = planProjects(context, rng("projects"));
  const clients = buildClients(context, rng("clients"), plans);
  const projects = scheduleProjects(context, rng("project-stages"), plans);
  const clientId = (index: number) => clients[index]!.id;
  const idWidth = clients[0]!.id.length - 2;
  const extraClientId = (k: number) => `C-${String(clients.length + k).padStart(idWidth, "0")}`;

  // clients
  const plantedClients = options.invalid ? plantedClientRows(context, clients, invalidRng, extraClientId) : [];
  invalidRows.push(...writeTable(context, "clients", clients.map(clientFields), plantedClients, counts));

  // projects
  const plantedProjects = options.invalid ? plantedProjectRows(context, projects, clientId) : [];
  invalidRows.push(
    ...writeTable(context, "projects", projects.map((p) => projectFields(context, p, clientId(p.clientIndex))), plantedProjects, counts),
  );

  // tickets (streamed)
  const ticketSummary = writeTickets(context, rng("tickets"), clients, options.invalid ? extraClientId(1000) : null, counts, invalidRows);

  // visits
  const visits = generateVisits(context, rng("visits"), clients, projects, ticketSummary.emergencies);
  const plantedVisits = options.invalid ? plantedVisitRows(visits, clientId) : [];
  invalidRows.push(...writeTable(context, "visits", visits.map((v) => visitFields(v, clientId(v.clientIndex))), plantedVisits, counts));

  // nps
  const nps = generateNps(context, rng("nps"), clients);
  const plantedNps = options.invalid ? plantedNpsRows(nps, clientId) : [];
  invalidRows.push(...writeTable(context, "nps", nps.map((r) => npsFields(r, clientId(r.clientIndex))), plantedNps, counts));

  // payments
  const invoices = generatePayments(context, rng("payments"), clients);
  const plantedPayments = options.invalid ? plantedPaymentRows(invoices, clientId) : [];
  invalidRows.push(...writeTable(context, "payments", invoices.map((i) => invoiceFields(i, clientId(i.clientIndex))), plantedPayments, counts));

  invalidRows.sort((a, b) => FILE_ORDER.indexOf(a.file) - FILE_ORDER.indexOf(b.file) || a.line - b.line);
  const manifest = buildManifest(context, clients, counts, invalidRows);
  const files = {
    ...(Object.fromEntries(FILE_ORDER.map((t) => [t, path(t)])) as Record<TableName, string>),
    invalid_rows: join(options.outDir, INVALID_ROWS_FILE),
    manifest: join(options.outDir, MANIFEST_FILE),
  };
  writeFileSync(files.invalid_rows, JSON.stringify(invalidRows, null, 2) + "\n");
  writeFileSync(files.manifest, JSON.stringify(manifest, null, 2) + "\n");
  return { files, counts, invalidRows, manifest };
}

const FILE_ORDER: TableName[] = ["tickets", "clients", "projects", "visits", "nps", "payments"];

type ClientId = (index: number) => string;

/** A client with a date that is not one and a client of a segment that does not exist. */
function plantedClientRows(context: Context, clients: readonly Client[], invalidRng: Rng, extraClientId: (k: number) => string): PlantedRow[] {
  const names = new Set(clients.map((c) => c.name));
  const extra = (k: number, overrides: Partial<Record<string, string>>) => {
    const fields = [
      extraClientId(k),
      uniqueClientName(invalidRng, "residential", names),
      "residential",
      formatDay(context.asOfDay - 200),
      "",
      "8500",
      STAFF.successManager,
    ];
    const columns = header("clients");
    for (const [name, value] of Object.entries(overrides)) fields[columns.indexOf(name)] = value!;
    return fields;
  };
  return [
    { beforeIndex: Math.floor(clients.length * 0.4), fields: extra(1, { contract_start: "#Н/Д" }), field: "contract_start", code: "invalid_date" },
    { beforeIndex: Math.floor(clients.length * 0.75), fields: extra(2, { segment: "ритейл" }), field: "segment", code: "unknown_enum" },
  ];
}

/** A project without its signing date. */
function plantedProjectRows(context: Context, projects: ReturnType<typeof scheduleProjects>, clientId: ClientId): PlantedRow[] {
  if (projects.length === 0) return [];
  const source = projects[Math.floor(projects.length / 2)]!;
  const fields = projectFields(context, { ...source, id: `PRJ-${String(projects.length + 1).padStart(4, "0")}` }, clientId(source.clientIndex));
  fields[2] = "";
  return [{ beforeIndex: Math.floor(projects.length / 2) + 1, fields, field: "signed_at", code: "missing_required" }];
}

/** The tickets streamed to tickets.csv, with the planted invalid tickets when `extraClientId` is given. */
function writeTickets(
  context: Context,
  ticketRng: Rng,
  clients: readonly Client[],
  extraClientId: string | null,
  counts: Record<TableName, number>,
  invalidRows: InvalidRow[],
): ReturnType<typeof generateTickets> {
  const clientId: ClientId = (index) => clients[index]!.id;
  const ticketWriter = new CsvWriter(join(context.options.outDir, "tickets.csv"), header("tickets"));
  const expectedTickets = estimateTickets(context);
  const planter = extraClientId !== null
    ? new TicketPlanter(ticketWriter, expectedTickets, clientId, extraClientId, futureTicketCreated(context.asOfDay))
    : null;
  const ticketSummary = generateTickets(context, ticketRng, clients, (ticket) => {
    planter?.beforeTicket(ticket);
    ticketWriter.writeLine(ticketLine(ticket, clientId(ticket.clientIndex)));
    planter?.afterTicket(ticket);
  });
  planter?.finish();
  ticketWriter.close();
  counts.tickets = ticketWriter.lines - 1;
  if (planter) invalidRows.push(...planter.planted);
  return ticketSummary;
}

/** A visit with negative travel hours and a visit of a kind that does not exist. */
function plantedVisitRows(visits: ReturnType<typeof generateVisits>, clientId: ClientId): PlantedRow[] {
  if (visits.length === 0) return [];
  const variant = (k: number, at: number, column: number, value: string, field: string, code: PlantedRow["code"]): PlantedRow => {
    const source = visits[Math.floor(visits.length * at)]!;
    const fields = visitFields({ ...source, id: `V-${String(visits.length + k).padStart(5, "0")}`, projectId: "", kind: "maintenance" }, clientId(source.clientIndex));
    fields[column] = value;
    return { beforeIndex: Math.floor(visits.length * at) + 1, fields, field, code };
  };
  return [variant(1, 0.3, 7, "-1.5", "travel_hours", "negative_value"), variant(2, 0.7, 5, "демонтаж", "kind", "unknown_enum")];
}

/** An NPS score out of range and an answer date that is an Excel error. */
function plantedNpsRows(nps: ReturnType<typeof generateNps>, clientId: ClientId): PlantedRow[] {
  if (nps.length === 0) return [];
  const variant = (k: number, at: number, column: number, value: string, field: string, code: PlantedRow["code"]): PlantedRow => {
    const source = nps[Math.floor(nps.length * at)]!;
    const fields = npsFields({ ...source, id: `NPS-${String(nps.length + k).padStart(5, "0")}`, comment: "" }, clientId(source.clientIndex));
    fields[column] = value;
    return { beforeIndex: Math.floor(nps.length * at) + 1, fields, field, code };
  };
  return [variant(1, 0.4, 3, "11", "score", "out_of_range"), variant(2, 0.8, 2, "#ЗНАЧ!", "answered_at", "invalid_date")];
}

/** An invoice whose amount is written in words. */
function plantedPaymentRows(invoices: ReturnType<typeof generatePayments>, clientId: ClientId): PlantedRow[] {
  if (invoices.length === 0) return [];
  const at = Math.floor(invoices.length * 0.6);
  const source = invoices[at]!;
  const fields = invoiceFields({ ...source, id: `INV-${String(invoices.length + 1).padStart(5, "0")}` }, clientId(source.clientIndex));
  fields[5] = "двенадцать тысяч";
  return [{ beforeIndex: at + 1, fields, field: "amount_rub", code: "invalid_type" }];
}

function writeTable(
  context: Context,
  table: TableName,
  rows: string[][],
  planted: PlantedRow[],
  counts: Record<TableName, number>,
): InvalidRow[] {
  const writer = new CsvWriter(join(context.options.outDir, `${table}.csv`), header(table));
  const result = writeWithPlanted(writer, table, rows, planted);
  writer.close();
  counts[table] = writer.lines - 1;
  return result;
}

/** Roughly how many tickets the run will produce (where to plant the invalid ones). */
function estimateTickets(context: Context): number {
  const full = context.months.length - 1 + (context.months.at(-1)!.endDay - context.months.at(-1)!.firstDay) / context.months.at(-1)!.fullDays;
  return Math.max(1, Math.round(full * context.options.ticketsPerMonth));
}

function buildManifest(context: Context, clients: readonly Client[], counts: Record<TableName, number>, invalidRows: InvalidRow[]): Manifest {
  const { options } = context;
  const invalidCounts = Object.fromEntries(FILE_ORDER.map((t) => [t, invalidRows.filter((r) => r.file === t).length])) as Record<TableName, number>;
  const active = clients.filter(
    (c) => c.contractStartDay <= context.asOfDay && (c.churnDay === null || c.churnDay > context.asOfDay),
  ).length;
  const command = [
    "npm run generate --",
    `--seed ${options.seed}`,
    `--as-of ${options.asOf}`,
    `--months ${options.months}`,
    `--tickets-per-month ${options.ticketsPerMonth}`,
    `--clients ${options.clients}`,
    ...(options.invalid ? [] : ["--no-invalid"]),
  ].join(" ");
  return {
    generator: "loaders/generate (npm run generate)",
    seed: options.seed,
    as_of: options.asOf,
    ends_at: endsAt(context),
    period: { from: formatDay(context.periodStartDay), to: options.asOf },
    options: { months: options.months, tickets_per_month: options.ticketsPerMonth, clients: options.clients, invalid: options.invalid },
    command,
    overloaded_month: context.overloadedMonth >= 0 ? context.months[context.overloadedMonth]!.key : null,
    active_clients_at_as_of: active,
    counts: Object.fromEntries(FILE_ORDER.map((t) => [t, counts[t]])) as Record<TableName, number>,
    invalid_rows: invalidCounts,
  };
}
