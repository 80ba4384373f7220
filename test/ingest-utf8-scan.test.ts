/**
 * The whole-file UTF-8 check rides on the physical scan (file-window.ts, `verifyUtf8`): each byte
 * is checked once as the scan reads it, including characters cut by the 8 MB read window, and a
 * file whose first 64 KiB are UTF-8 but whose later bytes are not is opened again with its
 * encoding judged on the whole file (table-file.ts), so it reads exactly as before.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import iconv from "iconv-lite";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../loaders/db.ts";
import { detectFileEncoding, isValidUtf8File } from "../loaders/ingest/file-format.ts";
import { loadDataset } from "../loaders/ingest/load-dataset.ts";
import { scanPhysicalRecords } from "../loaders/ingest/physical-records.ts";

const dir = mkdtempSync(join(tmpdir(), "utf8-scan-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HEADER = "ticket_id,client_id,created_at,priority,first_response_at,resolved_at,category\n";
const row = (i: number, category: string) =>
  `T-${i},C-1,2026-03-05T10:00:00+03:00,standard,2026-03-05T11:00:00+03:00,2026-03-05T12:00:00+03:00,${category}\n`;

function scanned(name: string, bytes: Buffer, lineKernel?: boolean) {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  const scan = scanPhysicalRecords(path, { delimiter: ",", headerFields: 7, checkUtf8: false, verifyUtf8: true, lineKernel });
  return { valid: scan.validUtf8, whole: isValidUtf8File(path) };
}

describe("the UTF-8 check during the scan", () => {
  it("agrees with the whole-file check on valid files and on a stray byte anywhere, with and without the line kernel", () => {
    const rows = Array.from({ length: 2000 }, (_, i) => row(i, i % 3 === 0 ? "Не работает калитка" : "Биллинг")).join("");
    const text = Buffer.from(HEADER + rows);
    for (const lineKernel of [undefined, false]) {
      expect(scanned("valid.csv", text, lineKernel)).toEqual({ valid: true, whole: true });
      for (const at of [0, 100, Math.floor(text.length / 2), text.length - 2, text.length - 1]) {
        const broken = Buffer.from(text);
        broken[at] = 0xff;
        expect(scanned(`broken-${at}.csv`, broken, lineKernel), `byte ${at}`).toEqual({ valid: false, whole: false });
      }
      // a truncated character at the very end
      expect(scanned("cut.csv", Buffer.concat([text, Buffer.from([0xd0])]), lineKernel)).toEqual({ valid: false, whole: false });
    }
    // without the option the scan says nothing about it
    writeFileSync(join(dir, "plain.csv"), text);
    expect(scanPhysicalRecords(join(dir, "plain.csv"), { delimiter: ",", headerFields: 7, checkUtf8: false }).validUtf8).toBe(false);
  });

  it("checks characters that straddle the read window's end in a 9.5 MB file", () => {
    // rows that are mostly three-byte characters; shifted by 0, 1 and 2 bytes, so that the window's
    // end cuts a character in at least one of the files
    const category = "€".repeat(1000);
    for (const shift of [0, 1, 2]) {
      const rows: string[] = [row(0, "x".repeat(shift) + category)];
      let bytes = HEADER.length + Buffer.byteLength(rows[0]!);
      for (let i = 1; bytes < 9.5 * 1024 * 1024; i++) {
        const line = row(i, category);
        rows.push(line);
        bytes += Buffer.byteLength(line);
      }
      const text = Buffer.from(HEADER + rows.join(""));
      for (const lineKernel of [undefined, false]) expect(scanned(`big-${shift}.csv`, text, lineKernel), `shift ${shift}`).toEqual({ valid: true, whole: true });
      for (const at of [8 * 1024 * 1024 - 1, 8 * 1024 * 1024, 9 * 1024 * 1024 + 1]) {
        const broken = Buffer.from(text);
        broken[at] = 0xff;
        expect(scanned(`big-broken-${shift}.csv`, broken), `shift ${shift}, byte ${at}`).toEqual({ valid: false, whole: false });
      }
    }
  });

  it("a file whose first 64 KiB are UTF-8 and whose rest is Windows-1251 is read as Windows-1251, as when the whole file is judged first", async () => {
    const folder = join(dir, "late-1251");
    mkdirSync(folder);
    const ascii = Array.from({ length: 800 }, (_, i) => row(i, "Billing")).join("");
    expect(ascii.length).toBeGreaterThan(64 * 1024);
    const cyrillic = iconv.encode(row(9000, "Не работает калитка"), "win1251");
    writeFileSync(join(folder, "tickets.csv"), Buffer.concat([Buffer.from(HEADER + ascii), cyrillic]));
    writeFileSync(join(folder, "clients.csv"), "client_id,name,contract_start\nC-1,Альфа,2024-01-01\n");
    expect(detectFileEncoding(join(folder, "tickets.csv"), { deferUtf8Check: true })).toEqual({ encoding: "UTF-8", invalidUtf8: false, utf8Unchecked: true });
    expect(detectFileEncoding(join(folder, "tickets.csv")).encoding).toBe("Windows-1251");
    const { connection } = await openDatabase();
    try {
      const report = await loadDataset(connection, folder, { now: new Date("2026-11-24T12:00:00Z"), timezone: "Europe/Moscow" });
      expect(report.files.tickets).toMatchObject({ encoding: "Windows-1251", read: 801, accepted: 801 });
      const category = (await connection.runAndReadAll("SELECT category FROM tickets WHERE ticket_id = 'T-9000'")).getRows()[0]![0];
      expect(category).toBe("Не работает калитка");
    } finally {
      connection.closeSync();
    }
  });
});
