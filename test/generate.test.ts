/**
 * The sample generator: determinism, the as-of bound, the department's stated ranges, the
 * planted invalid rows, and the committed data/sample matching a fresh generation.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateSample, type GenerateResult } from "../loaders/generate/sample.ts";
import { parseArgs, run } from "../loaders/generate/main.ts";
import { csvLine } from "../loaders/generate/csv.ts";
import { ticketFields, ticketLine } from "../loaders/generate/ticket-csv.ts";
import type { Ticket } from "../loaders/generate/tickets.ts";
import { REJECT_CODES, type RejectCode } from "../loaders/ingest/reject-codes.ts";
import { SCHEMA, TABLE_NAMES, type TableName } from "../loaders/schema.ts";

const AS_OF = "2026-11-24";
const ENDS_AT = "2026-11-24T23:59:59+03:00";
const SAMPLE_DIR = fileURLToPath(new URL("../data/sample/", import.meta.url));
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+03:00$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

let root: string;
let result: GenerateResult;
let dirA: string;

type Row = Record<string, string> & { __line: string };

function readFile(dir: string, name: string): string {
  return readFileSync(join(dir, name), "utf8");
}

/** Records of a CSV file with their 1-based line numbers (header = 1). */
const parsedFiles = new Map<string, { line: number; fields: string[] }[]>();

function records(dir: string, table: TableName): { line: number; fields: string[] }[] {
  const path = join(dir, `${table}.csv`);
  const text = readFileSync(path, "utf8");
  const cached = parsedFiles.get(path + "\0" + text.length);
  if (cached) return cached;
  const parsed = parse(text, { relax_column_count: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
  const result = parsed.slice(1).map((p) => ({ line: p.info.lines, fields: p.record }));
  parsedFiles.set(path + "\0" + text.length, result);
  return result;
}

/** Valid rows (planted invalid ones removed) as objects keyed by canonical column. */
function validRows(dir: string, table: TableName): Row[] {
  const invalid = new Set(
    (JSON.parse(readFile(dir, "INVALID_ROWS.json")) as { file: string; line: number }[])
      .filter((r) => r.file === table)
      .map((r) => r.line),
  );
  const columns = SCHEMA[table].columns.map((c) => c.name);
  return records(dir, table)
    .filter((r) => !invalid.has(r.line))
    .map((r) => Object.fromEntries([...columns.map((c, i) => [c, r.fields[i] ?? ""]), ["__line", String(r.line)]]) as Row);
}

function byMonth<T>(rows: T[], key: (row: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const row of rows) {
    const month = key(row).slice(0, 7);
    map.set(month, [...(map.get(month) ?? []), row]);
  }
  return map;
}

function instant(text: string): number {
  return Date.parse(text);
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "generate-test-"));
  dirA = join(root, "a");
  result = await generateSample({ outDir: dirA, asOf: AS_OF });
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe("determinism", () => {
  it("two runs with the same options write byte-identical files", async () => {
    const dirB = join(root, "b");
    await generateSample({ outDir: dirB, asOf: AS_OF });
    const files = readdirSync(dirA).sort();
    expect(files).toEqual(readdirSync(dirB).sort());
    expect(files).toHaveLength(8);
    for (const file of files) expect(readFileSync(join(dirB, file)).equals(readFileSync(join(dirA, file))), file).toBe(true);
  });

  it("does not depend on the machine's time zone", async () => {
    const saved = process.env.TZ;
    process.env.TZ = "America/Los_Angeles";
    try {
      const dirTz = join(root, "tz");
      await generateSample({ outDir: dirTz, asOf: AS_OF, months: 4, ticketsPerMonth: 80 });
      process.env.TZ = "Asia/Tokyo";
      const dirTz2 = join(root, "tz2");
      await generateSample({ outDir: dirTz2, asOf: AS_OF, months: 4, ticketsPerMonth: 80 });
      for (const file of readdirSync(dirTz)) expect(readFile(dirTz2, file), file).toBe(readFile(dirTz, file));
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it("another seed gives another sample", async () => {
    const dirSeed = join(root, "seed");
    await generateSample({ outDir: dirSeed, asOf: AS_OF, seed: 7, months: 3 });
    const other = readFile(dirSeed, "tickets.csv").split("\n").slice(1, 50).join("\n");
    expect(readFile(dirA, "tickets.csv")).not.toContain(other);
  });

  it("the committed data/sample equals a fresh generation with the options in its GENERATED.json", async () => {
    const manifest = JSON.parse(readFile(SAMPLE_DIR, "GENERATED.json"));
    const fresh = join(root, "fresh");
    await generateSample({
      outDir: fresh,
      seed: manifest.seed,
      asOf: manifest.as_of,
      months: manifest.options.months,
      ticketsPerMonth: manifest.options.tickets_per_month,
      clients: manifest.options.clients,
      invalid: manifest.options.invalid,
    });
    const files = readdirSync(fresh).sort();
    expect(readdirSync(SAMPLE_DIR).sort()).toEqual(files);
    for (const file of files) {
      expect(readFileSync(join(SAMPLE_DIR, file)).equals(readFileSync(join(fresh, file))), `data/sample/${file} is stale: run ${manifest.command}`).toBe(true);
    }
  });
});

describe("file format", () => {
  it("writes canonical headers in schema order, UTF-8 without BOM, one record per line", () => {
    for (const table of TABLE_NAMES) {
      const bytes = readFileSync(join(dirA, `${table}.csv`));
      expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf])), table).toBe(false);
      const text = bytes.toString("utf8");
      expect(text.split("\n")[0]).toBe(SCHEMA[table].columns.map((c) => c.name).join(","));
      expect(text.endsWith("\n")).toBe(true);
      const recs = records(dirA, table);
      expect(recs.length).toBe(result.counts[table]);
      // no quoted line breaks: record n sits on line n + 1
      recs.forEach((r, i) => expect(r.line).toBe(i + 2));
    }
  });

  it("quotes fields per RFC 4180 (client names with commas, quotes and markup survive a round trip)", () => {
    const names = validRows(dirA, "clients").map((c) => c.name);
    expect(names.filter((n) => n === "ЖК «<b>Сосны</b>» <script>alert(1)</script>")).toHaveLength(1);
    expect(names.some((n) => n.includes('"') && n.includes(","))).toBe(true);
    expect(readFile(dirA, "clients.csv")).toMatch(/,"[^"\n]*""[^\n]*"",[^\n]*",/);
  });

  it("formats timestamps with the Moscow offset, dates as YYYY-MM-DD, decimals with a point", () => {
    const problems: string[] = [];
    for (const table of TABLE_NAMES) {
      for (const row of validRows(dirA, table)) {
        for (const column of SCHEMA[table].columns) {
          const value = row[column.name]!;
          const ok =
            value === ""
              ? !column.required
              : column.type === "timestamp"
                ? TIMESTAMP.test(value)
                : column.type === "date"
                  ? DATE.test(value)
                  : column.type === "number" || column.type === "integer"
                    ? /^\d+(\.\d+)?$/.test(value)
                    : column.type === "enum"
                      ? column.values!.includes(value)
                      : column.type === "bool"
                        ? value === "true" || value === "false"
                        : true;
          if (!ok) problems.push(`${table}:${row.__line} ${column.name}=«${value}»`);
        }
      }
    }
    expect(problems).toEqual([]);
  });

  it("builds a ticket line exactly as the generic CSV writer would", () => {
    const ticket: Ticket = {
      idNumber: 123456,
      clientIndex: 0,
      created: 1_773_150_300,
      priority: 1,
      firstResponse: NaN,
      resolved: 1_773_160_000,
      type: "problem",
      channel: 2,
      escalated: true,
      categoryIndex: 0,
      assignee: 'Иванова "Мария", стажёр',
      csat: 5,
      effortMinutes: 42,
    };
    expect(ticketLine(ticket, "C-0001")).toBe(csvLine(ticketFields(ticket, "C-0001")));
    expect(ticketFields(ticket, "C-0001").slice(0, 6)).toEqual([
      "T-123456",
      "C-0001",
      "2026-03-10T13:45:00+03:00",
      "standard",
      "",
      "2026-03-10T16:26:40+03:00",
    ]);
  });
});

describe("the as-of bound", () => {
  it("dates nothing valid after the as-of date; the last month is partial", () => {
    const end = instant(ENDS_AT);
    const late: string[] = [];
    for (const table of TABLE_NAMES) {
      for (const row of validRows(dirA, table)) {
        for (const column of SCHEMA[table].columns) {
          const value = row[column.name]!;
          if (value === "") continue;
          if (column.type === "timestamp" && instant(value) > end) late.push(`${table}:${row.__line} ${column.name}=${value}`);
          // due dates are plans and may lie ahead
          if (column.type === "date" && column.name !== "due_at" && value > AS_OF) late.push(`${table}:${row.__line} ${column.name}=${value}`);
        }
      }
    }
    expect(late).toEqual([]);
    const tickets = validRows(dirA, "tickets");
    expect(tickets.at(-1)!.created_at.slice(0, 10)).toBe(AS_OF);
    expect(tickets[0]!.created_at.slice(0, 7)).toBe("2024-12");
    expect(result.manifest.period).toEqual({ from: "2024-12-01", to: AS_OF });
    expect(result.manifest.ends_at).toBe(ENDS_AT);
  });

  it("keeps first response ≤ resolution and both after creation", () => {
    const wrong = validRows(dirA, "tickets").filter((t) => {
      const created = instant(t.created_at);
      const response = t.first_response_at ? instant(t.first_response_at) : NaN;
      const resolved = t.resolved_at ? instant(t.resolved_at) : NaN;
      return response < created || resolved < created || resolved < response || (t.resolved_at !== "" && t.first_response_at === "");
    });
    expect(wrong.map((t) => t.ticket_id)).toEqual([]);
  });
});

describe("realism (default options)", () => {
  it("tickets: ~292 a month, New Year lull, one overloaded month in the last 12", () => {
    const months = byMonth(validRows(dirA, "tickets"), (t) => t.created_at);
    expect([...months.keys()]).toHaveLength(24);
    const full = [...months.entries()].filter(([m]) => m !== "2026-11");
    const mean = full.reduce((s, [, rows]) => s + rows.length, 0) / full.length;
    expect(mean).toBeGreaterThan(292 * 0.92);
    expect(mean).toBeLessThan(292 * 1.08);
    const overloaded = full.filter(([, rows]) => rows.length >= 400);
    expect(overloaded.map(([m]) => m)).toEqual([result.manifest.overloaded_month]);
    expect(overloaded[0]![1].length).toBeLessThan(460);
    expect(overloaded[0]![0] >= "2025-12").toBe(true);
    for (const [month, rows] of full) {
      if (month !== result.manifest.overloaded_month) expect(rows.length, month).toBeGreaterThanOrEqual(180);
    }
    const count = (m: string) => months.get(m)!.length;
    expect(count("2026-01")).toBeLessThan(count("2026-04"));
    expect(count("2025-01")).toBeLessThan(Math.min(count("2025-03"), count("2025-04"), count("2025-05")));
  });

  it("tickets: priority mix 5–10 / 60–70 / 20–30 % in every full month", () => {
    const months = byMonth(validRows(dirA, "tickets"), (t) => t.created_at);
    for (const [month, rows] of months) {
      if (month === "2026-11") continue;
      const share = (p: string) => rows.filter((t) => t.priority === p).length / rows.length;
      expect(share("emergency"), month).toBeGreaterThanOrEqual(0.05);
      expect(share("emergency"), month).toBeLessThanOrEqual(0.1);
      expect(share("standard"), month).toBeGreaterThanOrEqual(0.6);
      expect(share("standard"), month).toBeLessThanOrEqual(0.7);
      expect(share("consultation"), month).toBeGreaterThanOrEqual(0.2);
      expect(share("consultation"), month).toBeLessThanOrEqual(0.3);
    }
  });

  it("tickets: escalations, repeats, CSAT, effort, business hours, open tickets", () => {
    const tickets = validRows(dirA, "tickets");
    const n = tickets.length;
    const escalated = tickets.filter((t) => t.escalated === "true").length / n;
    expect(escalated).toBeGreaterThan(0.1);
    expect(escalated).toBeLessThan(0.15);

    const last = new Map<string, number>();
    let repeats = 0;
    for (const t of tickets) {
      const key = `${t.client_id}|${t.category}`;
      const created = instant(t.created_at);
      if (last.has(key) && created - last.get(key)! <= 30 * 86_400_000) repeats++;
      last.set(key, created);
    }
    expect(repeats / n).toBeGreaterThan(0.05);
    expect(repeats / n).toBeLessThan(0.1);

    const resolved = tickets.filter((t) => t.resolved_at);
    const rated = resolved.filter((t) => t.csat);
    expect(rated.length / resolved.length).toBeGreaterThan(0.35);
    expect(rated.length / resolved.length).toBeLessThan(0.45);
    const csat = rated.reduce((s, t) => s + Number(t.csat), 0) / rated.length;
    expect(csat).toBeGreaterThan(4.4);
    expect(csat).toBeLessThan(4.6);

    const effort = tickets.reduce((s, t) => s + Number(t.effort_minutes), 0) / n;
    expect(effort).toBeGreaterThan(15);
    expect(effort).toBeLessThan(30);

    const businessHours = tickets.filter((t) => {
      const hour = Number(t.created_at.slice(11, 13));
      return hour >= 9 && hour < 18;
    }).length;
    expect(businessHours / n).toBeGreaterThan(0.7);
    expect(businessHours / n).toBeLessThan(0.95);

    const end = instant(ENDS_AT);
    const open = tickets.filter((t) => !t.resolved_at);
    const pastLimit = open.filter((t) => end - instant(t.created_at) > 5 * 86_400_000);
    expect(pastLimit.length).toBeGreaterThanOrEqual(2);
    expect(open.length - pastLimit.length).toBeGreaterThanOrEqual(2);
    expect(open.length).toBeLessThan(60);

    const categories = new Set(tickets.map((t) => t.category));
    for (const c of ["Не открывается шлагбаум", "Пропуск не приходит", "Доступ жителя", "Интеграция с контроллером", "Биллинг", "Приложение"]) {
      expect(categories).toContain(c);
    }
  });

  it("tickets: some SLA breaches (calendar-day limit) and a worse overloaded month", () => {
    const tickets = validRows(dirA, "tickets").filter((t) => t.priority !== "emergency" && t.resolved_at);
    const slow = (rows: Row[]) => rows.filter((t) => instant(t.resolved_at) - instant(t.created_at) > 5 * 86_400_000).length / rows.length;
    const overall = slow(tickets);
    expect(overall).toBeGreaterThan(0.01);
    expect(overall).toBeLessThan(0.08);
    const overloaded = tickets.filter((t) => t.created_at.startsWith(result.manifest.overloaded_month!));
    expect(slow(overloaded)).toBeGreaterThan(2 * overall);
  });

  it("clients: 217 active at the as-of date, ~120–140 at the start, ~2 % churn a year", () => {
    const clients = validRows(dirA, "clients");
    const activeOn = (day: string) =>
      clients.filter((c) => c.contract_start <= day && (c.churned_at === "" || c.churned_at > day)).length;
    expect(activeOn(AS_OF)).toBe(217);
    expect(result.manifest.active_clients_at_as_of).toBe(217);
    expect(activeOn("2024-12-01")).toBeGreaterThanOrEqual(120);
    expect(activeOn("2024-12-01")).toBeLessThanOrEqual(140);
    const churned = clients.filter((c) => c.churned_at !== "");
    const perYear = churned.length / 2 / ((activeOn("2024-12-01") + 217) / 2);
    expect(perYear).toBeGreaterThan(0.01);
    expect(perYear).toBeLessThan(0.03);
    const segments = new Set(clients.map((c) => c.segment));
    expect([...segments].sort()).toEqual(["business_center", "cottage", "industrial", "other", "residential"]);
    expect(clients.filter((c) => c.segment === "residential").length / clients.length).toBeGreaterThan(0.3);
    expect(clients.every((c) => Number(c.mrr_rub) > 0)).toBe(true);
    // every ticket's client is active when the ticket is created
    const byId = new Map(clients.map((c) => [c.client_id, c]));
    const outside = validRows(dirA, "tickets").filter((t) => {
      const client = byId.get(t.client_id)!;
      const day = t.created_at.slice(0, 10);
      return !(client.contract_start <= day && (client.churned_at === "" || day < client.churned_at));
    });
    expect(outside.map((t) => t.ticket_id)).toEqual([]);
  });

  it("clients: some who signed during the period leave, at least 90 days after their last project was signed", () => {
    const clients = validRows(dirA, "clients");
    const earlyLeavers = clients.filter((c) => c.contract_start >= "2024-12-01" && c.churned_at !== "");
    // a third of ~7 churned clients: the cohort retention heatmap has cohorts below 100 %
    expect(earlyLeavers.length).toBeGreaterThanOrEqual(2);
    const days = (from: string, to: string) => (Date.parse(to) - Date.parse(from)) / 86_400_000;
    const projects = validRows(dirA, "projects");
    for (const client of earlyLeavers) {
      expect(days(client.contract_start, client.churned_at)).toBeGreaterThanOrEqual(90);
      for (const project of projects.filter((p) => p.client_id === client.client_id)) {
        expect(days(project.signed_at, client.churned_at)).toBeGreaterThanOrEqual(90);
      }
    }
  });

  it("projects: ~5 a month over 3–4 weeks, due 28 days after signing, a few late, some in progress", () => {
    const projects = validRows(dirA, "projects");
    const months = byMonth(projects, (p) => p.signed_at);
    const full = [...months.entries()].filter(([m]) => m !== "2026-11").map(([, rows]) => rows.length);
    const mean = full.reduce((a, b) => a + b, 0) / full.length;
    expect(mean).toBeGreaterThan(4.5);
    expect(mean).toBeLessThan(5.8);
    const done = projects.filter((p) => p.handed_over_at);
    const days = (a: string, b: string) => (Date.parse(b) - Date.parse(a)) / 86_400_000;
    const durations = done.map((p) => days(p.signed_at, p.handed_over_at)).sort((a, b) => a - b);
    const median = durations[Math.floor(durations.length / 2)]!;
    expect(median).toBeGreaterThanOrEqual(18);
    expect(median).toBeLessThanOrEqual(28);
    for (const p of projects) {
      expect(days(p.signed_at, p.due_at)).toBe(28);
      const stages = [p.signed_at, p.audit_at, p.installed_at, p.commissioned_at, p.trained_at, p.handed_over_at];
      const firstEmpty = stages.indexOf("");
      if (firstEmpty >= 0) expect(stages.slice(firstEmpty).every((s) => s === ""), p.project_id).toBe(true);
      const filled = stages.filter((s) => s !== "");
      expect([...filled].sort()).toEqual(filled);
    }
    const late = done.filter((p) => p.handed_over_at > p.due_at).length;
    expect(late).toBeGreaterThan(0);
    expect(late / done.length).toBeLessThan(0.2);
    // late by the KPI's reading (completed = trained): a few, so the on-time rate is not always 100 %
    const trained = projects.filter((p) => p.trained_at);
    const trainedLate = trained.filter((p) => p.trained_at > p.due_at).length;
    expect(trainedLate).toBeGreaterThanOrEqual(3);
    expect(trainedLate / trained.length).toBeLessThan(0.1);
    expect(projects.length - done.length).toBeGreaterThan(0);
    expect(done.filter((p) => p.critical_remarks === "0").length / done.length).toBeGreaterThan(0.75);
  });

  it("visits: 25–35 a month of every kind, project visits linked to their project", () => {
    const visits = validRows(dirA, "visits");
    const projects = new Map(validRows(dirA, "projects").map((p) => [p.project_id, p]));
    for (const [month, rows] of byMonth(visits, (v) => v.visited_at)) {
      if (month === "2026-11") continue;
      expect(rows.length, month).toBeGreaterThanOrEqual(25);
      expect(rows.length, month).toBeLessThanOrEqual(35);
    }
    expect(new Set(visits.map((v) => v.kind)).size).toBe(6);
    for (const v of visits) {
      if (["audit", "installation", "commissioning"].includes(v.kind)) {
        const project = projects.get(v.project_id);
        expect(project?.client_id, v.visit_id).toBe(v.client_id);
      }
      expect(Number(v.travel_hours)).toBeGreaterThan(0);
    }
  });

  it("NPS: quarterly waves of 25–60 answers with an NPS around 40–60", () => {
    const waves = byMonth(validRows(dirA, "nps"), (r) => r.answered_at);
    expect([...waves.keys()]).toEqual(["2025-01", "2025-04", "2025-07", "2025-10", "2026-01", "2026-04", "2026-07", "2026-10"]);
    for (const [month, rows] of waves) {
      expect(rows.length, month).toBeGreaterThanOrEqual(25);
      expect(rows.length, month).toBeLessThanOrEqual(60);
      const nps = (100 * (rows.filter((r) => Number(r.score) >= 9).length - rows.filter((r) => Number(r.score) <= 6).length)) / rows.length;
      expect(nps, month).toBeGreaterThanOrEqual(38);
      expect(nps, month).toBeLessThanOrEqual(62);
      expect(Number(rows.at(-1)!.answered_at.slice(8, 10))).toBeLessThanOrEqual(23);
    }
  });

  it("payments: monthly invoices on the 15th, ~93–97 % paid on time", () => {
    const invoices = validRows(dirA, "payments");
    expect(invoices.every((i) => i.issued_at.endsWith("-15"))).toBe(true);
    const due = invoices.filter((i) => i.due_at <= AS_OF);
    const onTime = due.filter((i) => i.paid_at !== "" && i.paid_at <= i.due_at).length / due.length;
    expect(onTime).toBeGreaterThanOrEqual(0.93);
    expect(onTime).toBeLessThanOrEqual(0.97);
    expect(invoices.some((i) => i.paid_at === "")).toBe(true);
    expect(invoices.filter((i) => i.issued_at === "2026-11-15").length).toBe(
      validRows(dirA, "clients").filter((c) => c.contract_start <= "2026-11-15" && (c.churned_at === "" || c.churned_at > "2026-11-15")).length,
    );
  });
});

describe("planted invalid rows", () => {
  const invalidRows = () =>
    JSON.parse(readFile(dirA, "INVALID_ROWS.json")) as { file: TableName; line: number; field: string; code: RejectCode }[];

  it("lists 10–25 rows across files covering most reject codes", () => {
    const rows = invalidRows();
    expect(rows).toEqual(result.invalidRows);
    expect(rows.length).toBeGreaterThanOrEqual(10);
    expect(rows.length).toBeLessThanOrEqual(25);
    for (const row of rows) {
      expect(Object.keys(REJECT_CODES)).toContain(row.code);
      expect(Object.keys(row).sort()).toEqual(["code", "field", "file", "line"]);
    }
    expect(new Set(rows.map((r) => r.code)).size).toBeGreaterThanOrEqual(10);
    expect(new Set(rows.map((r) => r.file)).size).toBe(6);
    expect(result.manifest.invalid_rows.tickets).toBe(rows.filter((r) => r.file === "tickets").length);
  });

  it("each listed line shows exactly the listed defect", () => {
    const clientIds = new Set(validRows(dirA, "clients").map((c) => c.client_id));
    for (const { file, line, field, code } of invalidRows()) {
      const columns = SCHEMA[file].columns;
      const record = records(dirA, file).find((r) => r.line === line)!;
      const where = `${file}:${line} ${code}`;
      expect(record, where).toBeDefined();
      if (code === "malformed_row") {
        expect(field).toBe("*");
        expect(record.fields.length, where).not.toBe(columns.length);
        continue;
      }
      expect(record.fields.length, where).toBe(columns.length);
      const index = columns.findIndex((c) => c.name === field);
      const column = columns[index]!;
      const value = record.fields[index]!;
      const get = (name: string) => record.fields[columns.findIndex((c) => c.name === name)]!;
      switch (code) {
        case "missing_required":
          expect(column.required && value === "", where).toBe(true);
          break;
        case "unknown_enum":
          expect(column.values, where).not.toContain(value);
          break;
        case "invalid_timestamp":
          expect(value, where).not.toMatch(TIMESTAMP);
          break;
        case "invalid_date":
          expect(value, where).not.toMatch(DATE);
          break;
        case "invalid_type":
          expect(value !== "" && !/^-?\d+(\.\d+)?$/.test(value) && !["true", "false"].includes(value), where).toBe(true);
          break;
        case "unknown_reference":
          expect(clientIds.has(value), where).toBe(false);
          break;
        case "chronology":
          expect(instant(value)).toBeLessThan(instant(get("created_at")));
          break;
        case "future_timestamp":
          expect(instant(value)).toBeGreaterThan(instant(ENDS_AT));
          break;
        case "negative_value":
          expect(Number(value), where).toBeLessThan(0);
          break;
        case "out_of_range":
          expect(Number(value) > column.max! || Number(value) < column.min!, where).toBe(true);
          break;
        case "duplicate_id": {
          const earlier = records(dirA, file).filter((r) => r.line < line && r.fields[0] === value);
          expect(earlier.length, where).toBe(1);
          break;
        }
      }
    }
  });

  it("are extra lines: removing them gives exactly the --no-invalid sample", async () => {
    const clean = join(root, "clean");
    const cleanResult = await generateSample({ outDir: clean, asOf: AS_OF, invalid: false });
    expect(JSON.parse(readFile(clean, "INVALID_ROWS.json"))).toEqual([]);
    for (const table of TABLE_NAMES) {
      const planted = new Set(invalidRows().filter((r) => r.file === table).map((r) => r.line));
      const lines = readFile(dirA, `${table}.csv`).split("\n");
      const kept = lines.filter((_, i) => !planted.has(i + 1)).join("\n");
      expect(kept === readFile(clean, `${table}.csv`), table).toBe(true);
      expect(cleanResult.counts[table]).toBe(result.counts[table] - planted.size);
    }
  });
});

describe("command line", () => {
  it("parses every option", () => {
    expect(
      parseArgs(["--out", "x", "--seed", "5", "--as-of", "2026-01-31", "--months", "6", "--tickets-per-month", "1000", "--clients", "50", "--no-invalid"]),
    ).toEqual({ outDir: "x", seed: 5, asOf: "2026-01-31", months: 6, ticketsPerMonth: 1000, clients: 50, invalid: false });
    expect(() => parseArgs(["--months", "abc"])).toThrow(/--months/);
    expect(() => parseArgs(["--bogus"])).toThrow(/--bogus/);
  });

  it("writes a sample and reports bad options with exit code 1", async () => {
    const out = join(root, "cli");
    expect(await run(["--out", out, "--as-of", AS_OF, "--months", "2", "--tickets-per-month", "30", "--clients", "20"])).toBe(0);
    const manifest = JSON.parse(readFile(out, "GENERATED.json"));
    expect(manifest.options).toEqual({ months: 2, tickets_per_month: 30, clients: 20, invalid: true });
    expect(manifest.active_clients_at_as_of).toBe(20);
    expect(await run(["--out", out, "--as-of", "2026-02-30"])).toBe(1);
  });
});
