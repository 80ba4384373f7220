/**
 * Damaged exports (test/corpus/reader-cases.ts, generated from data/sample/) through the real CLI
 * and DuckDB: read is every data line physically in the file, read = accepted + rejected, each
 * broken record is one reject with its code and physical line, the rest of the file is read as
 * if undamaged (the same rejects on the same lines), nothing is echoed raw to the terminal, and
 * the child's peak memory stays bounded.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import iconv from "iconv-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { binaryKind, utf16WithoutBom } from "../loaders/ingest/file-format.ts";
import { indexRecords } from "../loaders/ingest/line-index.ts";
import { MAX_RECORD_BYTES, scanPhysicalRecords } from "../loaders/ingest/physical-records.ts";
import { quoteBareCrFields } from "../loaders/ingest/record-shape.ts";
import type { DamageCase } from "./corpus/case.ts";
import { SAMPLE_DIR, writeCase } from "./corpus/make-corpus.ts";
import { CASES, CLIENTS_DAMAGED_LINE, DAMAGED_LINE } from "./corpus/reader-cases.ts";
import type { Reject } from "../loaders/ingest/reject-codes.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const BIN = fileURLToPath(new URL("../bin/support-analytics.js", import.meta.url));
const NOW = "2026-11-24T12:00:00Z";
/** Peak resident memory allowed to one CLI run on any damaged file (the sample needs ~0.2 GB). */
const PEAK_LIMIT_BYTES = 1 << 30;
/** Control characters other than LF: never printed from a damaged file. */
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f]/;

interface FileReport {
  read: number;
  accepted: number;
  rejected: number;
  status: string;
  encoding: string | null;
  warning?: string;
}
interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
  peakRssBytes: number;
}

/** Runs the CLI under GNU time for its peak memory (V8's heap capped as well). */
function cli(...args: string[]): Run {
  const result = spawnSync("/usr/bin/time", ["-f", "peak-rss-kb %M", process.execPath, BIN, ...args], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 256 << 20,
    env: { ...process.env, NODE_OPTIONS: "--max-old-space-size=512" },
  });
  const peak = /peak-rss-kb (\d+)\s*$/.exec(result.stderr);
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr.replace(/peak-rss-kb \d+\s*$/, ""),
    peakRssBytes: peak ? Number(peak[1]) * 1024 : Number.NaN,
  };
}

function validate(dir: string): { run: Run; files: Record<string, FileReport>; rejects: Reject[] } {
  const run = cli("validate", "--data", dir, "--json", "--now", NOW);
  const json = run.status === 0 ? (JSON.parse(run.stdout) as { files: Record<string, FileReport>; rejects: Reject[] }) : null;
  return { run, files: json?.files ?? {}, rejects: json?.rejects ?? [] };
}

/** Data lines physically in a sample file (it has no blank lines and no quoted line breaks). */
function physicalDataLines(file: string): number {
  return readFileSync(join(SAMPLE_DIR, file), "utf8").split("\n").filter((l) => l !== "").length - 1;
}

const root = mkdtempSync(join(tmpdir(), "messy-reader-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const caseById = (id: string): DamageCase => CASES.find((c) => c.id === id)!;
const write = (id: string) => writeCase(caseById(id), root);

let sample: ReturnType<typeof validate>;
beforeAll(() => {
  sample = validate(SAMPLE_DIR);
  expect(sample.run.status).toBe(0);
  expect(sample.files.tickets!.read).toBe(physicalDataLines("tickets.csv"));
  expect(sample.files.clients!.read).toBe(physicalDataLines("clients.csv"));
}, 120_000);

/** The sample's rejects of `file`, except those on `line`. */
const sampleRejects = (file: string, exceptLine = -1) => sample.rejects.filter((r) => r.file === file && r.line !== exceptLine);

function expectAccounting(files: Record<string, FileReport>): void {
  for (const report of Object.values(files)) expect(report.accepted + report.rejected).toBe(report.read);
}

const SLOW = 180_000;

describe("one broken record costs one record", () => {
  it("an unterminated quote is cut back to its own line; the lines after it are read", () => {
    const { run, files, rejects } = validate(write("tickets-unterminated-quote"));
    expect(run.status).toBe(0);
    expectAccounting(files);
    expect(files.tickets).toMatchObject({ read: 7036, accepted: sample.files.tickets!.accepted - 1 });
    const broken = rejects.filter((r) => r.file === "tickets" && r.line === DAMAGED_LINE);
    expect(broken).toHaveLength(1);
    expect(broken[0]).toMatchObject({ field: "*", code: "unterminated_quote" });
    const spanned = 7037 - DAMAGED_LINE + 1;
    expect(broken[0]!.message).toContain(`tickets.csv, строка ${DAMAGED_LINE}: Кавычка в поле открыта и не закрыта`);
    expect(broken[0]!.message).toContain(`поглотило бы ${spanned} строк (${DAMAGED_LINE}–7037)`);
    // every other reject is the sample's own, on the same line
    expect(rejects.filter((r) => r.file === "tickets" && r.line !== DAMAGED_LINE)).toEqual(sampleRejects("tickets"));

    // a run as of NOW lists every accepted ticket created by then: those validate rejects at NOW only
    // for a first response or resolution after it are open at NOW (loaders/metrics/known-at.ts)
    const codesByLine = new Map<number, string[]>();
    for (const r of rejects.filter((r) => r.file === "tickets")) codesByLine.set(r.line, [...(codesByLine.get(r.line) ?? []), `${r.code}:${r.field}`]);
    const laterOnly = [...codesByLine.values()].filter((codes) =>
      codes.every((c) => c === "future_timestamp:first_response_at" || c === "future_timestamp:resolved_at"),
    ).length;
    expect(laterOnly).toBeGreaterThan(0);
    const tickets = cli("tickets", "--data", join(root, "tickets-unterminated-quote"), "--json", "--as-of", NOW);
    expect(tickets.status).toBe(0);
    expect((JSON.parse(tickets.stdout) as unknown[]).length).toBe(files.tickets!.accepted + laterOnly);
  }, SLOW);
});

describe("stray CR and CRLF line endings", () => {
  it("one CRLF line in an LF file is an ordinary line ending", () => {
    const { run, files, rejects } = validate(write("tickets-one-crlf-line"));
    expect(run.status).toBe(0);
    expectAccounting(files);
    expect(files.tickets).toMatchObject({ read: 7036, accepted: sample.files.tickets!.accepted });
    expect(rejects).toEqual(sample.rejects);
  }, SLOW);

  it("a bare CR inside an unquoted field is a character of the field, and is not echoed", () => {
    const dir = write("tickets-bare-cr-in-field");
    const { run, files, rejects } = validate(dir);
    expect(run.status).toBe(0);
    expectAccounting(files);
    expect(files.tickets).toMatchObject({ read: 7036, accepted: sample.files.tickets!.accepted });
    expect(rejects).toEqual(sample.rejects);
    const text = cli("validate", "--data", dir, "--now", NOW);
    expect(text.status).toBe(0);
    expect(text.stdout + text.stderr).not.toMatch(CONTROL);
  }, SLOW);
});

describe("CR-only line endings", () => {
  it("a 1.4 MB CR-only tickets.csv reads like the LF file, in bounded memory", () => {
    const { run, files, rejects } = validate(write("tickets-cr-only"));
    expect(run.status).toBe(0);
    expect(run.peakRssBytes).toBeLessThan(PEAK_LIMIT_BYTES);
    expectAccounting(files);
    expect(files.tickets).toMatchObject({ read: 7036, accepted: sample.files.tickets!.accepted });
    expect(rejects).toEqual(sample.rejects);
  }, SLOW);

  it("a CR-only clients.csv reads like the LF file", () => {
    const { run, files, rejects } = validate(write("clients-cr-only"));
    expect(run.status).toBe(0);
    expectAccounting(files);
    expect(files.clients).toMatchObject({ read: 226, accepted: sample.files.clients!.accepted });
    expect(files.tickets!.accepted).toBe(sample.files.tickets!.accepted);
    expect(rejects).toEqual(sample.rejects);
  }, SLOW);
});

describe("one invalid byte in a UTF-8 file", () => {
  for (const { id, file, line } of [
    { id: "tickets-invalid-byte", file: "tickets", line: DAMAGED_LINE },
    { id: "clients-invalid-byte", file: "clients", line: CLIENTS_DAMAGED_LINE },
  ]) {
    it(`${file}.csv stays UTF-8; only line ${line} is rejected, with a warning naming it`, () => {
      const { run, files, rejects } = validate(write(id));
      expect(run.status).toBe(0);
      expectAccounting(files);
      expect(files[file]).toMatchObject({ encoding: "UTF-8", read: sample.files[file]!.read, accepted: sample.files[file]!.accepted - 1 });
      expect(files[file]!.warning).toContain(`в строке ${line} есть байты не UTF-8`);
      const broken = rejects.filter((r) => r.file === file && r.line === line);
      expect(broken.map((r) => [r.field, r.code])).toEqual([["*", "invalid_encoding"]]);
      expect(broken[0]!.message).toContain(`${file}.csv, строка ${line}: В строке есть байты не в кодировке UTF-8`);
      // the Cyrillic values of the other rejects read as in the sample (no Windows-1251 mojibake)
      expect(rejects.filter((r) => r.file === file && r.line !== line)).toEqual(sampleRejects(file));
    }, SLOW);
  }
});

describe("lines longer than the limit", () => {
  for (const { id, megabytes } of [
    { id: "tickets-huge-line", megabytes: "41,3" },
    { id: "tickets-long-line", megabytes: "5,2" },
  ]) {
    it(`${id}: rejected as too long with the limit stated; later lines keep their numbers`, () => {
      const { run, files, rejects } = validate(write(id));
      expect(run.status).toBe(0);
      expect(run.peakRssBytes).toBeLessThan(PEAK_LIMIT_BYTES);
      expectAccounting(files);
      expect(files.tickets).toMatchObject({ read: 7036, accepted: sample.files.tickets!.accepted - 1 });
      const broken = rejects.filter((r) => r.file === "tickets" && r.line === DAMAGED_LINE);
      expect(broken.map((r) => [r.field, r.code])).toEqual([["*", "line_too_long"]]);
      expect(broken[0]!.message).toContain("Строка слишком длинная");
      expect(broken[0]!.message).toContain(`длина ${megabytes} МБ при допустимых 1 МБ (${MAX_RECORD_BYTES.toLocaleString("ru-RU")} байт)`);
      expect(broken[0]!.message).not.toContain("неверное число полей");
      expect(broken[0]!.value.length).toBeLessThan(1000);
      expect(rejects.filter((r) => r.file === "tickets" && r.line !== DAMAGED_LINE)).toEqual(sampleRejects("tickets"));
    }, SLOW);
  }
});

describe("files that are not CSV", () => {
  for (const { id, says } of [
    { id: "tickets-gzip", says: "это не CSV: похоже на gzip" },
    { id: "tickets-zip", says: "это не CSV: похоже на zip" },
    { id: "tickets-binary", says: "это не CSV: похоже на двоичный файл" },
  ]) {
    it(`${id}: exit 2 with «${says}…», no raw bytes on the terminal`, () => {
      const dir = write(id);
      for (const args of [["--json"], []]) {
        const run = cli("validate", "--data", dir, "--now", NOW, ...args);
        expect(run.status).toBe(2);
        expect(run.stderr).toContain(`${join(dir, "tickets.csv")}: ${says}`);
        expect(run.stdout + run.stderr).not.toMatch(CONTROL);
        expect(run.stderr).not.toContain("в заголовке нет обязательных столбцов");
      }
    }, SLOW);
  }
});

describe("UTF-16 without a byte order mark", () => {
  for (const { id, encoding } of [
    { id: "tickets-utf16le-no-bom", encoding: "UTF-16LE" },
    { id: "tickets-utf16be-no-bom", encoding: "UTF-16BE" },
  ]) {
    it(`${id}: detected as ${encoding} and read like the UTF-8 file`, () => {
      const { run, files, rejects } = validate(write(id));
      expect(run.status).toBe(0);
      expectAccounting(files);
      expect(files.tickets).toMatchObject({ encoding, read: 7036, accepted: sample.files.tickets!.accepted });
      expect(rejects).toEqual(sample.rejects);
    }, SLOW);
  }
});

describe("the physical-record scan on small files", () => {
  const header = "id,text,n\n";
  const scan = (name: string, body: string) => {
    const path = join(root, name);
    writeFileSync(path, header + body);
    return scanPhysicalRecords(path, { delimiter: ",", headerFields: 3, checkUtf8: false });
  };

  it("cuts back a quote that closes two or more lines down when the next line is a row", () => {
    // line 3 opens a quote; it closes at the quote that opens a field on line 6
    const result = scan("closes-later.csv", 'a,x,1\nb,"broken,2\nc,y,3\nd,z,4\ne,"ok",5\n');
    expect(result.rejects.map((r) => [r.line, r.code, r.spannedLines, r.quoteEnd])).toEqual([[3, "unterminated_quote", 4, "closed"]]);
    expect(result.records).toBe(5);
  });

  it("keeps a quoted field that spans lines when its record is sound, or closes on the next line", () => {
    expect(scan("sound.csv", 'a,"one\ntwo\nthree",1\nb,y,2\n').rejects).toEqual([]);
    // a wrong number of fields, closing on the next line: one record, left to DuckDB (malformed_row)
    const next = scan("next-line.csv", 'a,"one\ntwo",1,extra\nb,y,2\n');
    expect(next.rejects).toEqual([]);
    expect(next.records).toBe(2);
  });

  it("rejects a record over the limit without holding it, and keeps counting lines", () => {
    const result = scan("long.csv", `a,x,1\nb,${"y".repeat(MAX_RECORD_BYTES + 10)},2\nc,z,3\n`);
    expect(result.rejects.map((r) => [r.line, r.code, r.bytes])).toEqual([[3, "line_too_long", MAX_RECORD_BYTES + 14]]);
    expect(result.records).toBe(3);
  });

  it("finds the same records as the line index across many read windows", () => {
    // ~24 MB: records with quoted line breaks and "" escapes straddle the scan's 9 MiB windows
    const rows: string[] = [];
    for (let i = 0; i < 200_000; i++) rows.push(i % 3 === 0 ? `r${i},"line one\nline ""two""\nthree",${i}` : `r${i},plain text ${i},${i}`);
    rows.push(`bad,"never closed,1`, "after,x,2");
    const path = join(root, "windows.csv");
    writeFileSync(path, header + rows.join("\n") + "\n");
    const result = scanPhysicalRecords(path, { delimiter: ",", headerFields: 3, checkUtf8: false });
    const badLine = 2 + 200_000 + Math.ceil(200_000 / 3) * 2; // header, the rows before it, their quoted line breaks
    expect(result.rejects.map((r) => [r.line, r.code, r.spannedLines])).toEqual([[badLine, "unterminated_quote", 2]]);
    expect(result.records).toBe(rows.length);
    expect(indexRecords(path, ",").count).toBe(rows.length - 1); // without the cut-back, the open quote swallows the last line
  });

  it("quotes a field holding a bare CR and leaves the others as written", () => {
    expect(quoteBareCrFields('a,b\rc,"d",e', ",")).toBe('a,"b\rc","d",e');
    expect(quoteBareCrFields('x;he said "hi"\r;z', ";")).toBe('x;"he said ""hi""\r";z');
  });

  it("tells UTF-16 without a BOM by its NUL bytes, and archives by their magic numbers", () => {
    const text = "ticket_id,client_id\nT-1,C-1\n";
    expect(utf16WithoutBom(iconv.encode(text, "utf16le"))).toBe("UTF-16LE");
    expect(utf16WithoutBom(iconv.encode(text, "utf16be"))).toBe("UTF-16BE");
    expect(utf16WithoutBom(Buffer.from(text))).toBeNull();
    expect(binaryKind(gzipSync(Buffer.from(text)))).toContain("gzip");
    expect(binaryKind(Buffer.from(text))).toBeNull();
    expect(binaryKind(Buffer.from(`${text.repeat(20)}\u001b[31mкрасный\u001b[0m\n`))).toBeNull(); // one pasted escape sequence
  });
});
