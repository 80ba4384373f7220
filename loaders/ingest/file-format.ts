/**
 * What kind of text file an export is: its encoding (UTF-8 with or without BOM, Windows-1251,
 * UTF-16 with BOM), its delimiter (`,` `;` or tab, judged from the header line) and its header
 * fields. Non-UTF-8 files are transcoded to a UTF-8 copy in a temporary folder; the user's file
 * is only ever opened for reading.
 */
import { isUtf8 } from "node:buffer";
import { closeSync, openSync, readSync, writeSync } from "node:fs";
import { join } from "node:path";
import iconv from "iconv-lite";

export type FileEncoding = "UTF-8" | "UTF-8 BOM" | "Windows-1251" | "UTF-16LE" | "UTF-16BE";

const CHUNK_BYTES = 4 << 20;

function readPrefix(path: string, bytes: number): Buffer {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(bytes);
    const n = readSync(fd, buffer, 0, bytes, 0);
    return buffer.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** Length of the prefix of `buffer` that ends on a UTF-8 character boundary. */
function completeUtf8Prefix(buffer: Buffer): number {
  let k = buffer.length - 1;
  let continuation = 0;
  while (k >= 0 && continuation < 3 && (buffer[k]! & 0xc0) === 0x80) {
    k--;
    continuation++;
  }
  if (k >= 0 && buffer[k]! >= 0xc0) return k; // a lead byte whose sequence may continue in the next chunk
  return buffer.length;
}

/** Whole-file UTF-8 validity, in chunks (native check, ~GB/s). */
export function isValidUtf8File(path: string): boolean {
  const fd = openSync(path, "r");
  try {
    const buffer = Buffer.alloc(CHUNK_BYTES + 4);
    let carried = 0;
    let position = 0;
    for (;;) {
      const n = readSync(fd, buffer, carried, CHUNK_BYTES, position);
      position += n;
      const filled = carried + n;
      if (n === 0) return carried === 0 || isUtf8(buffer.subarray(0, carried));
      const view = buffer.subarray(0, filled);
      const end = completeUtf8Prefix(view);
      if (!isUtf8(view.subarray(0, end))) return false;
      buffer.copy(buffer, 0, end, filled);
      carried = filled - end;
    }
  } finally {
    closeSync(fd);
  }
}

export function detectEncoding(path: string): FileEncoding {
  const head = readPrefix(path, 4);
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return "UTF-8 BOM";
  if (head[0] === 0xff && head[1] === 0xfe) return "UTF-16LE";
  if (head[0] === 0xfe && head[1] === 0xff) return "UTF-16BE";
  return isValidUtf8File(path) ? "UTF-8" : "Windows-1251";
}

const ICONV_NAMES: Partial<Record<FileEncoding, string>> = {
  "Windows-1251": "win1251",
  "UTF-16LE": "utf16le",
  "UTF-16BE": "utf16be",
};

/** True when DuckDB can read the file as it is (UTF-8, a BOM is skipped by the reader). */
export function readableAsIs(encoding: FileEncoding): boolean {
  return encoding === "UTF-8" || encoding === "UTF-8 BOM";
}

/** Write a UTF-8 copy of `path` into `tempDir` and return its path. */
export function transcodeToUtf8(path: string, encoding: FileEncoding, tempDir: string, name: string): string {
  const iconvName = ICONV_NAMES[encoding];
  if (!iconvName) throw new Error(`no transcoding needed for ${encoding}`);
  const target = join(tempDir, name);
  const decoder = iconv.getDecoder(iconvName);
  const input = openSync(path, "r");
  const output = openSync(target, "w");
  try {
    const buffer = Buffer.alloc(CHUNK_BYTES);
    let position = 0;
    for (;;) {
      const n = readSync(input, buffer, 0, CHUNK_BYTES, position);
      if (n === 0) break;
      position += n;
      const text = decoder.write(buffer.subarray(0, n));
      if (text) writeSync(output, text, null, "utf8");
    }
    const rest = decoder.end();
    if (rest) writeSync(output, rest, null, "utf8");
  } finally {
    closeSync(input);
    closeSync(output);
  }
  return target;
}

/** The first line of a UTF-8 file (BOM and line terminator removed), or "" for an empty file. */
export function readHeaderLine(utf8Path: string): string {
  for (let bytes = 1 << 16; ; bytes *= 4) {
    const prefix = readPrefix(utf8Path, bytes);
    const newline = prefix.indexOf(10);
    if (newline !== -1 || prefix.length < bytes || bytes >= 1 << 24) {
      const end = newline === -1 ? prefix.length : newline;
      return prefix.toString("utf8", 0, end).replace(/^\uFEFF/, "").replace(/\r$/, "");
    }
  }
}

export const DELIMITERS = ["\t", ";", ","] as const;
export type Delimiter = (typeof DELIMITERS)[number];

/** The delimiter occurring most often outside quotes in the header line (ties: tab, `;`, `,`). */
export function detectDelimiter(headerLine: string): Delimiter {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best: Delimiter = ",";
  let bestCount = 0;
  for (const d of DELIMITERS) {
    if (counts.get(d)! > bestCount) {
      best = d;
      bestCount = counts.get(d)!;
    }
  }
  return best;
}

/** Split one CSV line into fields (RFC 4180 quotes, `""` escapes). */
export function splitCsvLine(line: string, delimiter: string): string[] {
  const fields: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"') {
        if (line[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === '"' && field.trim() === "") {
      quoted = true;
      field = "";
    } else if (ch === delimiter) {
      fields.push(field);
      field = "";
    } else field += ch;
  }
  fields.push(field);
  return fields;
}
