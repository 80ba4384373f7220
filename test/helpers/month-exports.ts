/**
 * The committed sample as a department would export it month by month: export M holds
 * - tickets with an event (created, first response, resolved) in M, as known at M's end: a later
 *   first response or resolution is blank (the ticket was open then);
 * - clients whose contract started by M's end, a later churn date blank;
 * - the last month's export also the other four tables in full and every invalid row of the
 *   sample (data/sample/INVALID_ROWS.json) with every row sharing its id, unaltered.
 * Importing every month gives back the sample's accepted rows exactly.
 */
import { mkdirSync, readFileSync, writeFileSync, copyFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";

export const SAMPLE_DIR = new URL("../../data/sample/", import.meta.url).pathname;

interface Line {
  number: number;
  text: string;
  fields: string[] | null;
}

function readLines(table: string): { header: string; lines: Line[] } {
  const all = readFileSync(join(SAMPLE_DIR, `${table}.csv`), "utf8").replace(/\n$/, "").split("\n");
  const lines = all.slice(1).map((text, i): Line => {
    let fields: string[] | null = null;
    try {
      fields = (parse(text, { relax_column_count: true }) as string[][])[0] ?? null;
    } catch {
      fields = null;
    }
    return { number: i + 2, text, fields };
  });
  return { header: all[0]!, lines };
}

const field = (text: string): string => (/[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

function invalidLines(table: string): Set<number> {
  const invalid = JSON.parse(readFileSync(join(SAMPLE_DIR, "INVALID_ROWS.json"), "utf8")) as { file: string; line: number }[];
  return new Set(invalid.filter((r) => r.file === table).map((r) => r.line));
}

/** Lines kept for the last export unaltered: invalid ones, unparsable ones and those sharing their id. */
function heldBack(lines: readonly Line[], table: string): Set<number> {
  const invalid = invalidLines(table);
  const ids = new Set(lines.filter((l) => invalid.has(l.number) || l.fields === null).map((l) => l.fields?.[0] ?? l.text.split(",")[0]));
  return new Set(lines.filter((l) => invalid.has(l.number) || l.fields === null || ids.has(l.fields[0]!)).map((l) => l.number));
}

const monthOf = (text: string | undefined): string | null => (text && /^\d{4}-\d{2}/.test(text) ? text.slice(0, 7) : null);

function ticketsOf(month: string, lines: readonly Line[], held: Set<number>): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (held.has(line.number)) continue;
    const f = line.fields!;
    const months = [f[2], f[4], f[5]].map(monthOf);
    if (!months.includes(month)) continue;
    const copy = [...f];
    for (const i of [4, 5]) if ((monthOf(copy[i]) ?? "") > month) copy[i] = "";
    out.push(copy.map(field).join(","));
  }
  return out;
}

function clientsOf(month: string, lines: readonly Line[], held: Set<number>): string[] {
  const out: string[] = [];
  for (const line of lines) {
    if (held.has(line.number)) continue;
    const f = [...line.fields!];
    if ((monthOf(f[3]) ?? "9999") > month) continue;
    if ((monthOf(f[4]) ?? "") > month) f[4] = "";
    out.push(f.map(field).join(","));
  }
  return out;
}

/** Every month of the sample's tickets, "YYYY-MM", in order. */
export function sampleMonths(): string[] {
  const { lines } = readLines("tickets");
  const generated = JSON.parse(readFileSync(join(SAMPLE_DIR, "GENERATED.json"), "utf8")) as { period: { from: string; to: string } };
  const [from, to] = [generated.period.from.slice(0, 7), generated.period.to.slice(0, 7)];
  const months = new Set(lines.map((l) => monthOf(l.fields?.[2])).filter((m): m is string => m !== null && m >= from && m <= to));
  return [...months].sort();
}

/** Writes one folder per month under `root` (`root/YYYY-MM/`); returns the folders in month order. */
export function writeMonthExports(root: string, months: readonly string[] = sampleMonths()): string[] {
  const tickets = readLines("tickets");
  const clients = readLines("clients");
  const heldTickets = heldBack(tickets.lines, "tickets");
  const heldClients = heldBack(clients.lines, "clients");
  const last = months[months.length - 1];
  return months.map((month) => {
    const dir = join(root, month);
    mkdirSync(dir, { recursive: true });
    const ticketRows = ticketsOf(month, tickets.lines, heldTickets);
    const clientRows = clientsOf(month, clients.lines, heldClients);
    if (month === last) {
      ticketRows.push(...tickets.lines.filter((l) => heldTickets.has(l.number)).map((l) => l.text));
      clientRows.push(...clients.lines.filter((l) => heldClients.has(l.number)).map((l) => l.text));
      for (const table of ["projects", "visits", "nps", "payments"]) copyFileSync(join(SAMPLE_DIR, `${table}.csv`), join(dir, `${table}.csv`));
    }
    writeFileSync(join(dir, "tickets.csv"), [tickets.header, ...ticketRows].join("\n") + "\n");
    writeFileSync(join(dir, "clients.csv"), [clients.header, ...clientRows].join("\n") + "\n");
    return dir;
  });
}
