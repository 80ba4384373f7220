/**
 * Damage to the physical form of an export (quotes, line endings, encodings, huge lines, files that
 * are not CSV at all), each generated from data/sample/ by code. The damaged line is always the same
 * data line of tickets.csv (DAMAGED_LINE) or clients.csv (CLIENTS_DAMAGED_LINE).
 */
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { crc32, gzipSync } from "node:zlib";
import iconv from "iconv-lite";
import type { DamageCase } from "./case.ts";

/** 1-based physical line of tickets.csv that is damaged (the header is line 1). */
export const DAMAGED_LINE = 3501;
/** 1-based physical line of clients.csv that is damaged. */
export const CLIENTS_DAMAGED_LINE = 100;
/** Sizes of the pasted logs: one above the reader's line limit by far, one a few times over it. */
export const HUGE_LINE_BYTES = 40 << 20;
export const LONG_LINE_BYTES = 5 << 20;

function copySample(sampleDir: string, outDir: string, except: string): void {
  for (const name of readdirSync(sampleDir)) {
    if (name !== except) copyFileSync(join(sampleDir, name), join(outDir, name));
  }
}

/** Writes `file` of the sample after `edit` changed its text. */
function damageText(file: string, edit: (text: string) => string | Buffer): DamageCase["write"] {
  return (sampleDir, outDir) => {
    copySample(sampleDir, outDir, file);
    writeFileSync(join(outDir, file), edit(readFileSync(join(sampleDir, file), "utf8")));
  };
}

/** Writes `file` of the sample after `edit` changed its bytes. */
function damageBytes(file: string, edit: (bytes: Buffer) => Buffer): DamageCase["write"] {
  return (sampleDir, outDir) => {
    copySample(sampleDir, outDir, file);
    writeFileSync(join(outDir, file), edit(readFileSync(join(sampleDir, file))));
  };
}

/** Replaces field `field` (0-based) of physical line `line` (1-based) by `make(old value)`. */
function editField(text: string, line: number, field: number, make: (value: string) => string): string {
  const lines = text.split("\n");
  const fields = lines[line - 1]!.split(",");
  fields[field] = make(fields[field]!);
  lines[line - 1] = fields.join(",");
  return lines.join("\n");
}

/** Column index of tickets.csv's free-text `category`. */
const CATEGORY = 9;
/** Column index of tickets.csv's `assignee` (a person's name with a space). */
const ASSIGNEE = 10;

/** A minimal stored (uncompressed) zip archive holding one file. */
function zipOf(name: string, data: Buffer): Buffer {
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt32LE(crc32(data), 14);
  local.writeUInt32LE(data.length, 18);
  local.writeUInt32LE(data.length, 22);
  local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt32LE(crc32(data), 16);
  central.writeUInt32LE(data.length, 20);
  central.writeUInt32LE(data.length, 24);
  central.writeUInt16LE(nameBytes.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + nameBytes.length, 12);
  end.writeUInt32LE(30 + nameBytes.length + data.length, 16);
  return Buffer.concat([local, nameBytes, data, central, nameBytes, end]);
}

/** Deterministic bytes of every value (a linear congruential sequence), like an unknown binary file. */
function binaryBytes(length: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = 24;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    bytes[i] = state >>> 24;
  }
  return bytes;
}

export const CASES: DamageCase[] = [
  {
    id: "tickets-unterminated-quote",
    description: `tickets.csv line ${DAMAGED_LINE}: the category opens a quote that is never closed`,
    write: damageText("tickets.csv", (t) => editField(t, DAMAGED_LINE, CATEGORY, (v) => `"${v}`)),
  },
  {
    id: "tickets-one-crlf-line",
    description: `tickets.csv (LF line endings) has one line, ${DAMAGED_LINE}, ending in CRLF`,
    write: damageText("tickets.csv", (t) => editField(t, DAMAGED_LINE, 12, (v) => `${v}\r`)),
  },
  {
    id: "tickets-bare-cr-in-field",
    description: `tickets.csv line ${DAMAGED_LINE}: an unquoted bare CR inside the assignee's name`,
    write: damageText("tickets.csv", (t) => editField(t, DAMAGED_LINE, ASSIGNEE, (v) => v.replace(" ", "\r"))),
  },
  {
    id: "tickets-cr-only",
    description: "tickets.csv with old-Mac CR-only line endings (the whole 1.4 MB sample)",
    write: damageText("tickets.csv", (t) => t.replace(/\n/g, "\r")),
  },
  {
    id: "clients-cr-only",
    description: "clients.csv with old-Mac CR-only line endings",
    write: damageText("clients.csv", (t) => t.replace(/\n/g, "\r")),
  },
  {
    id: "tickets-invalid-byte",
    description: `tickets.csv (UTF-8) line ${DAMAGED_LINE}: one byte 0xFF inside the category`,
    write: damageBytes("tickets.csv", (b) => insertByteInLine(b, DAMAGED_LINE, 0xff)),
  },
  {
    id: "clients-invalid-byte",
    description: `clients.csv (UTF-8) line ${CLIENTS_DAMAGED_LINE}: one byte 0xFF inside the line`,
    write: damageBytes("clients.csv", (b) => insertByteInLine(b, CLIENTS_DAMAGED_LINE, 0xff)),
  },
  {
    id: "tickets-huge-line",
    description: `tickets.csv line ${DAMAGED_LINE}: a ${HUGE_LINE_BYTES >> 20} MB log pasted into the category`,
    write: damageText("tickets.csv", (t) => editField(t, DAMAGED_LINE, CATEGORY, (v) => withPastedLog(v, HUGE_LINE_BYTES))),
  },
  {
    id: "tickets-long-line",
    description: `tickets.csv line ${DAMAGED_LINE}: a ${LONG_LINE_BYTES >> 20} MB log pasted into the category`,
    write: damageText("tickets.csv", (t) => editField(t, DAMAGED_LINE, CATEGORY, (v) => withPastedLog(v, LONG_LINE_BYTES))),
  },
  {
    id: "tickets-gzip",
    description: "tickets.csv is the sample's tickets.csv compressed with gzip",
    write: damageBytes("tickets.csv", (b) => gzipSync(b)),
  },
  {
    id: "tickets-zip",
    description: "tickets.csv is a zip archive holding the sample's tickets.csv",
    write: damageBytes("tickets.csv", (b) => zipOf("tickets.csv", b)),
  },
  {
    id: "tickets-binary",
    description: "tickets.csv is 64 KiB of binary bytes (every value, ESC and NUL among them)",
    write: damageBytes("tickets.csv", () => binaryBytes(64 << 10)),
  },
  {
    id: "tickets-utf16le-no-bom",
    description: "tickets.csv saved as UTF-16LE without a byte order mark",
    write: damageText("tickets.csv", (t) => iconv.encode(t, "utf16le", { addBOM: false })),
  },
  {
    id: "tickets-utf16be-no-bom",
    description: "tickets.csv saved as UTF-16BE without a byte order mark",
    write: damageText("tickets.csv", (t) => iconv.encode(t, "utf16be", { addBOM: false })),
  },
];

/**
 * `value` followed by a log of `bytes` bytes on one line (no line break), with commas and quotes
 * like a real log, quoted as a spreadsheet writes such a field.
 */
function withPastedLog(value: string, bytes: number): string {
  const entry = ' 2026-03-05 10:15:00 ERROR controller 12, gate "north": timeout;';
  const log = entry.repeat(Math.ceil(bytes / entry.length)).slice(0, bytes);
  return `"${(value + log).replace(/"/g, '""')}"`;
}

/** Inserts `byte` after the first non-ASCII character of physical line `line` (1-based). */
function insertByteInLine(bytes: Buffer, line: number, byte: number): Buffer {
  let start = 0;
  for (let l = 1; l < line; l++) start = bytes.indexOf(10, start) + 1;
  const end = bytes.indexOf(10, start);
  let at = start;
  while (at < end && bytes[at]! < 0x80) at++;
  if (at === end) at = start + Math.floor((end - start) / 2);
  else at += 2; // after one two-byte Cyrillic letter
  return Buffer.concat([bytes.subarray(0, at), Buffer.from([byte]), bytes.subarray(at)]);
}
