/**
 * Export variants as they come: Windows-1251 Bitrix24 files with `;` and Russian headers/values,
 * UTF-8 with BOM and tabs, CRLF and quoted fields spanning lines (line numbers), user alias
 * files, and the file-level errors of required files.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { DuckDBConnection } from "@duckdb/node-api";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../loaders/db.ts";
import { loadAliasConfig, mapHeader, normalizeName } from "../loaders/ingest/aliases.ts";
import { detectDelimiter, detectEncoding, isValidUtf8File, splitCsvLine } from "../loaders/ingest/file-format.ts";
import { indexRecords, lineLookup } from "../loaders/ingest/line-index.ts";
import { DataFileError, loadDataset, type ValidationReport } from "../loaders/ingest/load-dataset.ts";

const FIXTURES = fileURLToPath(new URL("./fixtures/", import.meta.url));
const NOW = new Date("2026-11-24T12:00:00Z");

async function load(dir: string, tempRoot?: string): Promise<{ connection: DuckDBConnection; report: ValidationReport }> {
  const { connection } = await openDatabase();
  const report = await loadDataset(connection, join(FIXTURES, dir), { now: NOW, timezone: "Europe/Moscow", tempRoot });
  return { connection, report };
}

async function rows(connection: DuckDBConnection, sql: string): Promise<Record<string, unknown>[]> {
  return (await connection.runAndReadAll(sql)).getRowObjectsJson() as Record<string, unknown>[];
}

const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");

describe("Bitrix24 export in Windows-1251 with `;` and Russian headers", () => {
  it("is really Windows-1251 (not valid UTF-8) and is detected as such", () => {
    const path = join(FIXTURES, "bitrix-cp1251/tickets.csv");
    expect(isValidUtf8File(path)).toBe(false);
    expect(detectEncoding(path)).toBe("Windows-1251");
  });

  it("reads headers, values, day-first Moscow timestamps and decimal commas; the files stay untouched", async () => {
    const tempRoot = mkdtempSync(join(tmpdir(), "ingest-test-"));
    const files = ["tickets.csv", "clients.csv"].map((f) => join(FIXTURES, "bitrix-cp1251", f));
    const before = files.map(sha);
    const { connection, report } = await load("bitrix-cp1251", tempRoot);
    expect(files.map(sha)).toEqual(before);
    // the transcoded copies were written to a temporary folder and removed afterwards
    expect(readdirSync(tempRoot)).toEqual([]);
    rmSync(tempRoot, { recursive: true, force: true });

    expect(report.files.tickets).toMatchObject({ encoding: "Windows-1251", delimiter: ";", read: 5, accepted: 3, rejected: 2 });
    expect(report.files.tickets.columns).toMatchObject({ ticket_id: "ID обращения", client_id: "Клиент", csat: "Оценка" });
    expect(report.files.tickets.ignoredColumns).toEqual(["Поле Битрикс"]);
    expect(report.files.clients).toMatchObject({ encoding: "Windows-1251", delimiter: ";", read: 3, accepted: 3, rejected: 0 });
    expect(report.rejects.map((r) => [r.line, r.field, r.code, r.value])).toEqual([
      [5, "created_at", "invalid_timestamp", "31.02.2026 10:00"],
      [6, "priority", "unknown_enum", "Срочно-пресрочно"],
    ]);
    const tickets = await rows(
      connection,
      `SELECT ticket_id, client_id, strftime(created_at, '%Y-%m-%d %H:%M:%S') AS created_utc,
              strftime(first_response_at, '%H:%M') AS first_utc, strftime(resolved_at, '%H:%M') AS resolved_utc,
              priority, escalated, assignee, csat, type, channel, effort_minutes
       FROM tickets ORDER BY ticket_id`,
    );
    expect(tickets).toEqual([
      { ticket_id: "101", client_id: "К-1", created_utc: "2026-03-05 07:15:00", first_utc: "07:25", resolved_utc: "10:40", priority: "emergency", escalated: false, assignee: "Сидоров А.", csat: 5, type: "problem", channel: "phone", effort_minutes: 90 },
      { ticket_id: "102", client_id: "К-1", created_utc: "2026-03-06 06:00:30", first_utc: null, resolved_utc: null, priority: "standard", escalated: true, assignee: "Петрова Е.", csat: null, type: "consultation", channel: "email", effort_minutes: 12.5 },
      { ticket_id: "103", client_id: "К-2", created_utc: "2026-04-01 06:05:00", first_utc: null, resolved_utc: null, priority: "consultation", escalated: false, assignee: null, csat: 4, type: null, channel: "messenger", effort_minutes: null },
    ]);
    const clients = await rows(
      connection,
      "SELECT client_id, name, segment, CAST(contract_start AS VARCHAR) AS start, mrr_rub, manager FROM clients ORDER BY client_id",
    );
    expect(clients).toEqual([
      { client_id: "К-1", name: "ЖК «Северный»", segment: "residential", start: "2024-01-10", mrr_rub: 15000, manager: "Петров" },
      { client_id: "К-2", name: "БЦ Орион", segment: "business_center", start: "2024-02-01", mrr_rub: 9500, manager: "Иванова" },
      { client_id: "К-3", name: "КП Лесное", segment: "cottage", start: "2024-03-01", mrr_rub: null, manager: null },
    ]);
  });
});

describe("UTF-8 with BOM, tab-delimited, .tsv/.txt with odd case and spacing", () => {
  it("finds the files case-insensitively, maps headers loosely and cuts a date-time to its Moscow day", async () => {
    const { connection, report } = await load("bom-tab");
    expect(report.files.tickets).toMatchObject({ encoding: "UTF-8 BOM", delimiter: "\t", read: 2, accepted: 2, rejected: 0 });
    expect(report.files.tickets.path?.endsWith("Tickets.TSV")).toBe(true);
    expect(report.files.clients).toMatchObject({ encoding: "UTF-8 BOM", delimiter: "\t", read: 1, accepted: 1 });
    expect(report.rejects).toEqual([]);
    expect(
      await rows(connection, "SELECT ticket_id, client_id, strftime(created_at, '%Y-%m-%d %H:%M') AS utc, priority, channel FROM tickets ORDER BY 1"),
    ).toEqual([
      { ticket_id: "A-1", client_id: "C1", utc: "2026-03-05 07:15", priority: "standard", channel: "messenger" },
      { ticket_id: "A-2", client_id: "C1", utc: "2026-03-05 20:30", priority: "emergency", channel: "crm" },
    ]);
    // 2024-01-10 23:30 UTC is 02:30 on 11 January in Moscow
    expect(await rows(connection, "SELECT CAST(contract_start AS VARCHAR) AS d FROM clients")).toEqual([{ d: "2024-01-11" }]);
  });
});

describe("line numbers with CRLF, quoted newlines, blank lines and malformed rows", () => {
  it("names the physical line where each rejected record starts", async () => {
    const { report } = await load("lines");
    expect(report.files.tickets).toMatchObject({ read: 10, accepted: 4, rejected: 6 });
    expect(report.rejects.map((r) => [r.line, r.field, r.code])).toEqual([
      [6, "created_at", "invalid_timestamp"],
      [9, "priority", "unknown_enum"],
      [10, "*", "malformed_row"],
      [11, "priority", "unknown_enum"],
      [16, "client_id", "unknown_reference"],
      [17, "*", "unterminated_quote"], // cut back to its own line: T10 on line 18 is read
    ]);
    expect(report.rejects[3]!.value).toBe("multi\r\nline priority");
  });

  it("indexes records the way the reader splits them", () => {
    const index = indexRecords(join(FIXTURES, "lines/tickets.csv"), ",");
    expect(Array.from(index.line)).toEqual([2, 6, 7, 9, 10, 11, 15, 16, 17]);
    const lookup = lineLookup(index, [index.startByte[4]!, index.startByte[8]!], 7);
    expect(lookup.consistent).toBe(true);
    expect([0, 1, 2, 3, 4, 5, 6].map(lookup.lineOfOrdinal)).toEqual([2, 6, 7, 9, 11, 15, 16]);
  });

  it("stops indexing early when asked", () => {
    const index = indexRecords(join(FIXTURES, "utf8/tickets.csv"), ",", 7);
    expect(Array.from(index.line)).toEqual([2, 3, 4, 5, 6, 7, 8]);
  });
});

describe("header and value aliases", () => {
  it("matches headers ignoring case, spaces, underscores and ё", () => {
    const aliases = loadAliasConfig();
    expect(normalizeName("  Дата   создания ")).toBe("дата создания");
    const mapping = mapHeader("tickets", ["ID ОБРАЩЕНИЯ", " клиент", "created_at", "Дата_создания", "Приоритет", "Неизвестно"], aliases);
    expect(mapping.columnIndex).toEqual({ ticket_id: 0, client_id: 1, created_at: 2, priority: 4 });
    expect(mapping.unmapped).toEqual(["Дата_создания", "Неизвестно"]);
    const visits = mapHeader("visits", ["Номер выезда", "Инженер", "Дата выезда", "Клиент", "Вид работ", "Время в пути"], aliases);
    expect(Object.keys(visits.columnIndex).sort()).toEqual(["client_id", "engineer", "kind", "travel_hours", "visit_id", "visited_at"]);
  });

  it("merges a header-aliases.json next to the exports over the defaults", async () => {
    const { connection, report } = await load("user-aliases");
    expect(report.files.tickets).toMatchObject({ read: 2, accepted: 1, rejected: 1 });
    expect(report.files.tickets.columns?.ticket_id).toBe("Номер тикета");
    expect(await rows(connection, "SELECT ticket_id, priority FROM tickets")).toEqual([{ ticket_id: "T1", priority: "emergency" }]);
    expect(report.rejects.map((r) => [r.line, r.field, r.code, r.value])).toEqual([[3, "priority", "unknown_enum", "Терпит"]]);
  });
});

describe("file-level problems", () => {
  it("fails with one line naming the missing required file and what is expected", async () => {
    const { connection } = await openDatabase();
    const attempt = loadDataset(connection, join(FIXTURES, "no-clients"), { now: NOW });
    await expect(attempt).rejects.toBeInstanceOf(DataFileError);
    const message = await attempt.catch((e: Error) => e.message);
    expect(message).not.toContain("\n");
    expect(message).toContain("clients.csv");
    expect(message).toContain("client_id");
    expect(message).toContain("contract_start");
  });

  it("fails when a required file lacks a required column", async () => {
    const { connection } = await openDatabase();
    const message = await loadDataset(connection, join(FIXTURES, "no-priority"), { now: NOW }).then(
      () => "no error",
      (e: Error) => (e instanceof DataFileError ? e.message : `other error: ${e.message}`),
    );
    expect(message).toContain("tickets.csv");
    expect(message).toContain("priority («Приоритет»)");
    expect(message).not.toContain("\n");
  });

  it("fails when the folder does not exist", async () => {
    const { connection } = await openDatabase();
    await expect(loadDataset(connection, join(FIXTURES, "nowhere"), { now: NOW })).rejects.toBeInstanceOf(DataFileError);
  });

  it("rejects every row of an optional file that lacks a required column, saying the column is absent", async () => {
    const { report } = await load("absent-column");
    expect(report.files.nps).toMatchObject({ status: "ok", read: 2, accepted: 0, rejected: 2 });
    expect(report.rejects.map((r) => [r.file, r.line, r.field, r.code])).toEqual([
      ["nps", 2, "score", "missing_required"],
      ["nps", 3, "score", "missing_required"],
    ]);
    expect(report.rejects[0]!.message).toContain("в заголовке файла нет такого столбца");
  });
});

describe("format detection helpers", () => {
  it("detects the delimiter from the header line, ignoring quoted text", () => {
    expect(detectDelimiter("a,b,c")).toBe(",");
    expect(detectDelimiter('ID;"Сумма, ₽";Дата')).toBe(";");
    expect(detectDelimiter("ID;Сумма, ₽;Дата")).toBe(";");
    expect(detectDelimiter("a\tb\tc,d")).toBe("\t");
  });

  it("splits a header line with quotes", () => {
    expect(splitCsvLine('ID;"Сумма; ₽";"say ""hi"""', ";")).toEqual(["ID", "Сумма; ₽", 'say "hi"']);
  });

  it("detects UTF-8 and UTF-8 with BOM", () => {
    expect(detectEncoding(join(FIXTURES, "utf8/tickets.csv"))).toBe("UTF-8");
    expect(detectEncoding(join(FIXTURES, "bom-tab/clients.txt"))).toBe("UTF-8 BOM");
    expect(existsSync(join(FIXTURES, "bom-tab/Tickets.TSV"))).toBe(true);
  });
});
