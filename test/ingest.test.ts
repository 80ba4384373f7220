/**
 * Ingestion of the canonical UTF-8 fixture (test/fixtures/utf8): exact accounting, every reject
 * with its line, typed values (UTC instants computed by hand), table shapes, determinism and the
 * user's files left untouched.
 */
import { createHash } from "node:crypto";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { DuckDBConnection } from "@duckdb/node-api";
import { beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../loaders/db.ts";
import { loadDataset, type ValidationReport } from "../loaders/ingest/load-dataset.ts";
import { PHYSICAL_CODES } from "../loaders/ingest/physical-records.ts";
import { REJECT_CODES } from "../loaders/ingest/reject-codes.ts";
import { SCHEMA, TABLE_NAMES, duckdbType } from "../loaders/schema.ts";

const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));
const UTF8 = join(FIXTURES, "utf8");
/** 15:00 in Moscow on 24 November 2026 */
const NOW = new Date("2026-11-24T12:00:00Z");

/** years of a production calendar that covers T6 (2013, Moscow at UTC+4) but not T23 (2005) */
const CALENDAR_YEARS = { first: 2010, last: 2027 };

async function load(dir: string): Promise<{ connection: DuckDBConnection; report: ValidationReport }> {
  const { connection } = await openDatabase();
  const report = await loadDataset(connection, dir, { now: NOW, timezone: "Europe/Moscow", calendarYears: CALENDAR_YEARS });
  return { connection, report };
}

async function rows(connection: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  const reader = await connection.runAndReadAll(sql);
  return reader.getRowObjectsJson() as Record<string, unknown>[];
}

function hashDir(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir)
      .sort()
      .map((name) => [name, createHash("sha256").update(readFileSync(join(dir, name))).digest("hex")]),
  );
}

describe("loadDataset on the UTF-8 fixture", () => {
  let connection: DuckDBConnection;
  let report: ValidationReport;
  let hashesBefore: Record<string, string>;

  beforeAll(async () => {
    hashesBefore = hashDir(UTF8);
    ({ connection, report } = await load(UTF8));
  });

  it("accounts for every row: read = accepted + rejected, with the hand-counted numbers", () => {
    const counts = Object.fromEntries(
      TABLE_NAMES.map((t) => [t, [report.files[t].read, report.files[t].accepted, report.files[t].rejected]]),
    );
    expect(counts).toEqual({
      tickets: [24, 8, 16],
      clients: [12, 3, 9],
      projects: [5, 2, 3],
      visits: [5, 2, 3],
      nps: [4, 2, 2],
      payments: [0, 0, 0],
    });
    for (const t of TABLE_NAMES) expect(report.files[t].read).toBe(report.files[t].accepted + report.files[t].rejected);
    // rejected rows = distinct (file, line) among the rejects
    for (const t of TABLE_NAMES) {
      const lines = new Set(report.rejects.filter((r) => r.file === t).map((r) => r.line));
      expect(lines.size).toBe(report.files[t].rejected);
    }
  });

  it("reports file formats and a missing optional file", () => {
    expect(report.files.tickets).toMatchObject({ status: "ok", encoding: "UTF-8", delimiter: "," });
    expect(report.files.payments).toEqual({
      path: null,
      status: "missing",
      encoding: null,
      delimiter: null,
      read: 0,
      accepted: 0,
      rejected: 0,
    });
  });

  it("lists every reject with file, line, field and code (sorted)", () => {
    const got = report.rejects.map((r) => `${r.file}:${r.line}:${r.field}:${r.code}`);
    expect(got).toEqual([
      "clients:5:churned_at:chronology",
      "clients:6:name:missing_required",
      "clients:7:segment:unknown_enum",
      "clients:8:client_id:duplicate_id",
      "clients:9:contract_start:invalid_date",
      "clients:9:mrr_rub:negative_value",
      "clients:10:contract_start:future_timestamp",
      "clients:11:mrr_rub:invalid_type",
      "clients:12:contract_start:year_out_of_range",
      "clients:13:contract_start:invalid_offset",
      "nps:4:score:out_of_range",
      "nps:5:answered_at:missing_required",
      "projects:4:audit_at:chronology",
      "projects:5:critical_remarks:negative_value",
      "projects:6:client_id:unknown_reference",
      "tickets:10:priority:unknown_enum",
      "tickets:11:client_id:missing_required",
      "tickets:12:created_at:invalid_timestamp",
      "tickets:13:resolved_at:chronology",
      "tickets:14:first_response_at:chronology",
      "tickets:15:created_at:future_timestamp",
      "tickets:16:csat:out_of_range",
      "tickets:16:effort_minutes:negative_value",
      "tickets:17:escalated:invalid_type",
      "tickets:18:client_id:unknown_reference",
      "tickets:19:client_id:unknown_reference",
      "tickets:20:ticket_id:duplicate_id",
      "tickets:21:*:malformed_row",
      "tickets:23:*:malformed_row",
      "tickets:24:csat:invalid_type",
      "tickets:26:resolved_at:resolved_before_response",
      "tickets:27:created_at:year_not_in_calendar",
      "visits:4:project_id:unknown_reference",
      "visits:5:onsite_hours:negative_value",
      "visits:6:kind:unknown_enum",
    ]);
  });

  it("covers every reason code (those of damaged files: test/messy-exports-reader.test.ts)", () => {
    const codes = new Set(report.rejects.map((r) => r.code));
    const fileDamage: readonly string[] = PHYSICAL_CODES;
    expect([...codes].sort()).toEqual(Object.keys(REJECT_CODES).filter((c) => !fileDamage.includes(c)).sort());
  });

  it("keeps raw values and writes Russian messages naming file, line and field", () => {
    const find = (file: string, line: number, field: string) =>
      report.rejects.find((r) => r.file === file && r.line === line && r.field === field)!;
    expect(find("tickets", 12, "created_at").value).toBe("not a date");
    expect(find("tickets", 12, "created_at").message).toContain("tickets.csv, строка 12, поле «created_at»");
    expect(find("tickets", 12, "created_at").message).toContain("Не удалось распознать дату и время");
    expect(find("tickets", 11, "client_id").value).toBe("");
    expect(find("tickets", 20, "ticket_id").message).toContain("первое вхождение — строка 2");
    expect(find("tickets", 21, "*").value).toBe("T18,C1,2026-03-06T09:00:00+03:00,standard,,,,");
    expect(find("tickets", 21, "*").message).toContain("ожидалось полей: 13, найдено: 8");
    expect(find("clients", 9, "mrr_rub").value).toBe("-100");
    expect(find("tickets", 13, "resolved_at").message).toContain("«resolved_at» не может быть раньше «created_at»");
    expect(find("tickets", 26, "resolved_at").message).toContain("«resolved_at» не может быть раньше «first_response_at»");
    expect(find("clients", 12, "contract_start").message).toContain("прочитан год 24, допустимы годы от 2000 до 2027; двузначный год");
    expect(find("clients", 13, "contract_start").message).toContain("смещение +25:00: допустимо от −14:00 до +14:00");
    expect(find("tickets", 27, "created_at").message).toContain("прочитан год 2005; производственный календарь (data/calendar) покрывает 2010–2027");
    for (const r of report.rejects) {
      expect(r.message).toMatch(new RegExp(`^${r.file}\\.csv, строка ${r.line}`));
      expect(r.message).toContain(REJECT_CODES[r.code]);
    }
  });

  it("stores the same rejects in the rejects table", async () => {
    const stored = await rows(connection, "SELECT file, line, field, value, code, message FROM rejects ORDER BY file, line, field");
    expect(stored).toEqual(report.rejects.map((r) => ({ ...r })));
  });

  it("creates every table with exactly the schema's columns and types", async () => {
    for (const table of TABLE_NAMES) {
      const described = await rows(connection, `DESCRIBE ${table}`);
      expect(described.map((d) => [d.column_name, d.column_type])).toEqual(
        SCHEMA[table].columns.map((c) => [c.name, duckdbType(c)]),
      );
    }
    const rejectsShape = await rows(connection, "DESCRIBE rejects");
    expect(rejectsShape.map((d) => [d.column_name, d.column_type])).toEqual([
      ["file", "VARCHAR"],
      ["line", "INTEGER"],
      ["field", "VARCHAR"],
      ["value", "VARCHAR"],
      ["code", "VARCHAR"],
      ["message", "VARCHAR"],
    ]);
    expect(await rows(connection, "SELECT count(*)::INTEGER AS n FROM payments")).toEqual([{ n: 0 }]);
  });

  it("holds only accepted rows, as UTC instants (offsets and Moscow local time computed by hand)", async () => {
    const tickets = await rows(
      connection,
      `SELECT ticket_id, client_id, strftime(created_at, '%Y-%m-%d %H:%M:%S') AS created_utc, priority,
              strftime(first_response_at, '%H:%M') AS first_utc, strftime(resolved_at, '%H:%M') AS resolved_utc,
              type, channel, escalated, category, assignee, csat, effort_minutes
       FROM tickets ORDER BY ticket_id`,
    );
    expect(tickets).toEqual([
      { ticket_id: "T1", client_id: "C1", created_utc: "2026-03-05 07:15:00", priority: "emergency", first_utc: "07:20", resolved_utc: "09:00", type: "problem", channel: "phone", escalated: true, category: "Доступ", assignee: "Сидоров", csat: 5, effort_minutes: 90 },
      // "Z" is UTC itself
      { ticket_id: "T2", client_id: "C1", created_utc: "2026-03-05 10:15:00", priority: "standard", first_utc: null, resolved_utc: null, type: "consultation", channel: "email", escalated: false, category: null, assignee: null, csat: null, effort_minutes: null },
      // no offset: Moscow local time, UTC+3
      { ticket_id: "T21", client_id: "C1", created_utc: "2026-03-06 06:00:00", priority: "standard", first_utc: null, resolved_utc: null, type: null, channel: null, escalated: true, category: null, assignee: "Иванов", csat: null, effort_minutes: null },
      { ticket_id: "T3", client_id: "C2", created_utc: "2026-03-05 07:15:00", priority: "consultation", first_utc: null, resolved_utc: null, type: null, channel: null, escalated: null, category: null, assignee: null, csat: null, effort_minutes: null },
      // -05:00: 10:15 + 5 h
      { ticket_id: "T4", client_id: "C2", created_utc: "2026-03-05 15:15:00", priority: "standard", first_utc: null, resolved_utc: null, type: null, channel: null, escalated: false, category: null, assignee: null, csat: 4, effort_minutes: 12.5 },
      // dd.mm.yyyy hh:mm, Moscow local
      { ticket_id: "T5", client_id: "C3", created_utc: "2026-03-05 07:15:00", priority: "standard", first_utc: null, resolved_utc: null, type: null, channel: null, escalated: true, category: null, assignee: null, csat: null, effort_minutes: null },
      // Moscow was UTC+4 from 2011 to October 2014
      { ticket_id: "T6", client_id: "C3", created_utc: "2013-07-01 08:00:00", priority: "standard", first_utc: null, resolved_utc: null, type: null, channel: null, escalated: null, category: null, assignee: null, csat: null, effort_minutes: null },
      { ticket_id: "T7", client_id: "C1", created_utc: "2026-03-06 06:00:00", priority: "standard", first_utc: null, resolved_utc: null, type: "improvement", channel: "messenger", escalated: true, category: "Категория, с запятой", assignee: "Многострочный\nответственный", csat: 3, effort_minutes: 30 },
    ]);
    const clients = await rows(
      connection,
      "SELECT client_id, name, segment, CAST(contract_start AS VARCHAR) AS start, CAST(churned_at AS VARCHAR) AS churned, mrr_rub FROM clients ORDER BY client_id",
    );
    expect(clients).toEqual([
      { client_id: "C1", name: "ЖК Альфа", segment: "residential", start: "2024-01-10", churned: null, mrr_rub: 12500.5 },
      { client_id: "C2", name: 'БЦ "Бета"', segment: "business_center", start: "2024-02-01", churned: null, mrr_rub: 1000.5 },
      { client_id: "C3", name: "КП Гамма", segment: "cottage", start: "2024-03-01", churned: "2025-06-30", mrr_rub: 8000 },
    ]);
    expect(await rows(connection, "SELECT project_id, CAST(due_at AS VARCHAR) AS due FROM projects ORDER BY 1")).toEqual([
      { project_id: "P1", due: "2026-02-10" },
      { project_id: "P2", due: "2027-03-01" }, // a planned date may lie in the future
    ]);
    expect(await rows(connection, "SELECT visit_id, kind, onsite_hours, travel_hours FROM visits ORDER BY 1")).toEqual([
      { visit_id: "V1", kind: "audit", onsite_hours: 2.5, travel_hours: 1 },
      { visit_id: "V2", kind: "maintenance", onsite_hours: 2, travel_hours: 1.5 },
    ]);
    expect(await rows(connection, "SELECT response_id, score, comment FROM nps ORDER BY 1")).toEqual([
      { response_id: "R1", score: 10, comment: "Отлично" },
      { response_id: "R2", score: 0, comment: null },
    ]);
  });

  it("never modifies the user's files", () => {
    expect(hashDir(UTF8)).toEqual(hashesBefore);
  });

  it("is deterministic: the same input gives a byte-identical report", async () => {
    const again = await load(UTF8);
    expect(JSON.stringify(again.report)).toBe(JSON.stringify(report));
  });
});
