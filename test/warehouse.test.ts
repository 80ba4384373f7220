// The warehouse on real parts: DuckDB files on disk, the sample exported month by month, the
// ordinary loader, and the metrics engine reading the warehouse against the CSV folder.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeMonths } from "../loaders/metrics/month-kpis.ts";
import { runPipeline } from "../loaders/pipeline.ts";
import { loadSettings } from "../loaders/settings.ts";
import { SCHEMA, TABLE_NAMES } from "../loaders/schema.ts";
import { importExports } from "../loaders/warehouse/import.ts";
import { openWarehousePipeline } from "../loaders/warehouse/read.ts";
import { describeFile, sha256File } from "../loaders/warehouse/sources.ts";
import iconv from "iconv-lite";
import { SAMPLE_DIR, sampleMonths, writeMonthExports } from "./helpers/month-exports.ts";
import { warehouseChecksum } from "./helpers/warehouse.ts";

const CLOCK = new Date("2026-11-30T12:00:00Z");
let root: string;
let monthDirs: string[];

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "warehouse-test-"));
  monthDirs = writeMonthExports(join(root, "months"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

const importInto = (db: string, paths: string[]) => importExports(paths, { dbPath: db, waitMs: 5_000, clock: CLOCK });

async function ticketRow(db: string, id: string): Promise<{ resolved: string | null; asOf: string | null }> {
  const pipeline = await openWarehousePipeline(db, { clock: CLOCK });
  try {
    const rows = (await pipeline.connection.runAndReadAll(`SELECT resolved_at::VARCHAR FROM tickets WHERE ticket_id = '${id}'`)).getRows();
    return { resolved: rows[0]?.[0] === null || rows[0] === undefined ? null : String(rows[0][0]), asOf: pipeline.now.toISOString() };
  } finally {
    pipeline.connection.closeSync();
    pipeline.instance.closeSync();
  }
}

/** A ticket of the sample created in `month` and resolved in the next month. */
function ticketResolvedNextMonth(month: string, next: string): string {
  const line = readFileSync(join(SAMPLE_DIR, "tickets.csv"), "utf8")
    .split("\n")
    .find((l) => {
      const f = l.split(",");
      return f[2]?.startsWith(month) && f[5]?.startsWith(next);
    });
  if (!line) throw new Error(`no ticket created in ${month} and resolved in ${next}`);
  return line.split(",")[0]!;
}

describe("month by month", () => {
  it("a ticket open in the October export and resolved in the November one ends resolved, in either order", async () => {
    const [oct, nov] = [monthDirs[sampleMonths().indexOf("2026-10")]!, monthDirs[sampleMonths().indexOf("2026-11")]!];
    const id = ticketResolvedNextMonth("2026-10", "2026-11");
    expect(readFileSync(join(oct, "tickets.csv"), "utf8")).toMatch(new RegExp(`^${id},([^,]*,){4},`, "m"));

    const forward = join(root, "forward.duckdb");
    const first = await importInto(forward, [oct]);
    expect(first.imports[0]!.importId).toBe(1);
    expect((await ticketRow(forward, id)).resolved).toBeNull();
    const second = await importInto(forward, [nov]);
    const novTickets = second.imports[0]!.tables.find((t) => t.table === "tickets")!;
    expect(novTickets.updated).toBeGreaterThan(0);
    const resolved = (await ticketRow(forward, id)).resolved;
    expect(resolved).not.toBeNull();

    const backward = join(root, "backward.duckdb");
    await importInto(backward, [nov]);
    const late = await importInto(backward, [oct]);
    const octTickets = late.imports[0]!.tables.find((t) => t.table === "tickets")!;
    expect(octTickets.older).toBeGreaterThan(0);
    expect((await ticketRow(backward, id)).resolved).toBe(resolved);
  });

  it("every month imported (in reverse order, one command): the metrics of every month equal the CSV folder's", async () => {
    const db = join(root, "all.duckdb");
    const summary = await importInto(db, [...monthDirs].reverse());
    expect(summary.imports.map((i) => i.importId).filter((x) => x !== null)).toHaveLength(monthDirs.length);
    const settings = loadSettings();
    const fromCsv = await runPipeline(SAMPLE_DIR, { clock: CLOCK, settings });
    const fromDb = await openWarehousePipeline(db, { clock: CLOCK, settings });
    try {
      expect(fromDb.now.toISOString()).toBe(fromCsv.now.toISOString());
      for (const table of TABLE_NAMES) {
        const key = SCHEMA[table].key;
        const dump = async (p: typeof fromCsv) =>
          (await p.connection.runAndReadAll(`SELECT * FROM ${table} ORDER BY ${key}`)).getRows().map((r) => JSON.stringify(r, (_, v) => (typeof v === "bigint" ? String(v) : v)));
        expect(await dump(fromDb), table).toEqual(await dump(fromCsv));
      }
      const months = sampleMonths();
      const a = await computeMonths(fromDb.connection, settings, months, { now: fromDb.now });
      const b = await computeMonths(fromCsv.connection, settings, months, { now: fromCsv.now });
      expect(a.length).toBe(months.length);
      for (let i = 0; i < months.length; i++) expect(a[i], months[i]).toEqual(b[i]);
    } finally {
      for (const p of [fromCsv, fromDb]) {
        p.connection.closeSync();
        p.instance.closeSync();
      }
    }
  }, 180_000);
});

describe("idempotency, rejects, late failure, migration", () => {
  it("the same files again change nothing and say so", async () => {
    const db = join(root, "again.duckdb");
    const first = await importInto(db, [SAMPLE_DIR]);
    expect(first.imports[0]!.rejects.length).toBeGreaterThan(0);
    const before = await warehouseChecksum(db);
    const again = await importInto(db, [SAMPLE_DIR]);
    expect(again.imports[0]!.importId).toBeNull();
    expect(again.imports[0]!.files.every((f) => f.alreadyImportId === 1)).toBe(true);
    expect(await warehouseChecksum(db)).toBe(before);
  });

  it("keeps the log and the rejected rows with their reasons", async () => {
    const db = join(root, "log.duckdb");
    await importInto(db, [SAMPLE_DIR]);
    const instance = await DuckDBInstance.create(db, { access_mode: "READ_ONLY" });
    const c = await instance.connect();
    try {
      const files = (await c.runAndReadAll("SELECT table_name, sha256 FROM import_files ORDER BY 1")).getRows();
      expect(files.find((r) => r[0] === "tickets")![1]).toBe(sha256File(join(SAMPLE_DIR, "tickets.csv")));
      const t = (await c.runAndReadAll("SELECT rows_read, rows_accepted, rows_rejected, rows_new FROM import_tables WHERE table_name = 'tickets'")).getRows()[0]!;
      expect(Number(t[0])).toBe(Number(t[1]) + Number(t[2]));
      expect(Number(t[3])).toBe(Number(t[1]));
      const log = (await c.runAndReadAll("SELECT period_from::VARCHAR, period_to::VARCHAR, as_of IS NOT NULL FROM imports")).getRows()[0]!;
      expect(log[1]).toBe("2026-11-24");
      const reject = (await c.runAndReadAll("SELECT file, line, code, message FROM import_rejects WHERE code = 'unknown_enum' AND file = 'tickets.csv'")).getRows()[0]!;
      expect(reject[1]).toBe(572);
      expect(String(reject[3])).toMatch(/^tickets\.csv, строка 572, поле «priority»/);
    } finally {
      c.closeSync();
      instance.closeSync();
    }
  });

  it("a failure inside the transaction (the last table) rolls everything back", async () => {
    const db = join(root, "late.duckdb");
    await importInto(db, [monthDirs[0]!]);
    // a constraint the last merged table's rows break: the failure comes after five tables were written
    const instance = await DuckDBInstance.create(db);
    const c = await instance.connect();
    await c.run("ALTER TABLE payments RENAME TO payments_old");
    await c.run(`CREATE TABLE payments AS SELECT * FROM payments_old WHERE FALSE`);
    await c.run("DROP TABLE payments_old");
    await c.run(`CREATE TABLE payments_strict (invoice_id VARCHAR, client_id VARCHAR, issued_at DATE, due_at DATE, paid_at DATE,
      amount_rub DOUBLE CHECK (amount_rub < 10), _as_of TIMESTAMP, _import_id INTEGER)`);
    await c.run("DROP TABLE payments");
    await c.run("ALTER TABLE payments_strict RENAME TO payments");
    c.closeSync();
    instance.closeSync();
    const before = await warehouseChecksum(db);
    await expect(importInto(db, [monthDirs[monthDirs.length - 1]!])).rejects.toThrow(/CHECK|constraint/i);
    expect(await warehouseChecksum(db)).toBe(before);
  });

  it("a file that is not an export fails the whole command; nothing is written", async () => {
    const db = join(root, "broken.duckdb");
    await importInto(db, [monthDirs[0]!]);
    const before = await warehouseChecksum(db);
    const broken = join(root, "broken");
    mkdirSync(broken, { recursive: true });
    writeFileSync(join(broken, "tickets.csv"), "ticket_id,client_id\nT-1,C-0001\n");
    await expect(importInto(db, [monthDirs[1]!, broken])).rejects.toThrow(/нет обязательных столбцов/);
    expect(await warehouseChecksum(db)).toBe(before);
  });

  it("a version-0 warehouse is migrated after a backup copy", async () => {
    const db = join(root, "v0.duckdb");
    const instance = await DuckDBInstance.create(db);
    const c = await instance.connect();
    await c.run(`CREATE TABLE clients (client_id VARCHAR, name VARCHAR, segment VARCHAR, contract_start DATE, churned_at DATE, mrr_rub DOUBLE, manager VARCHAR)`);
    await c.run(`INSERT INTO clients VALUES ('C-0001', 'Старое имя', 'residential', DATE '2019-04-27', NULL, 1, 'X'), ('C-9999', 'Только в старом', 'other', DATE '2020-01-01', NULL, 1, 'Y')`);
    c.closeSync();
    instance.closeSync();
    const originalHash = sha256File(db);
    const summary = await importInto(db, [monthDirs[0]!]);
    expect(summary.backup).toBe(`${db}.v0.bak`);
    expect(existsSync(summary.backup!)).toBe(true);
    expect(sha256File(summary.backup!)).toBe(originalHash);
    const pipeline = await openWarehousePipeline(db, { clock: CLOCK });
    try {
      const rows = (await pipeline.connection.runAndReadAll("SELECT client_id, name FROM clients WHERE client_id IN ('C-0001', 'C-9999') ORDER BY 1")).getRows();
      expect(rows[0]![1]).not.toBe("Старое имя");
      expect(rows[1]).toEqual(["C-9999", "Только в старом"]);
    } finally {
      pipeline.connection.closeSync();
      pipeline.instance.closeSync();
    }
  });
});

describe("a single file told by its header", () => {
  it("reads the header as the loader does: Windows-1251 or UTF-16, «;» or tab, quoted fields", () => {
    const header = '"Код клиента";Название;"Начало договора";Сегмент\r\nC-1;Альфа;01.02.2024;ЖК\r\n';
    const cp1251 = join(root, "export-a.csv");
    writeFileSync(cp1251, iconv.encode(header, "win1251"));
    expect(describeFile(cp1251)).toEqual({ table: "clients", excel: null });
    const utf16 = join(root, "export-b.txt");
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), iconv.encode(header.replaceAll(";", "\t"), "utf16le")]));
    expect(describeFile(utf16)).toEqual({ table: "clients", excel: null });
    const binary = join(root, "export-c.csv");
    writeFileSync(binary, Buffer.from([0x1f, 0x8b, 8, 0, 0, 0]));
    expect(() => describeFile(binary)).toThrow(/export-c\.csv: это не CSV: похоже на gzip-архив/);
  });
});
