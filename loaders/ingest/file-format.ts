/**
 * What kind of text file an export is: its encoding (UTF-8 with or without BOM, Windows-1251,
 * UTF-16 with or without BOM; archives and binary files are refused), its delimiter (`,` `;` or tab, judged from the header line) and its header
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
export function completeUtf8Prefix(buffer: Buffer): number {
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

/** The file is not a text export at all (an archive or a binary file); the message is Russian. */
export class NotCsvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "NotCsvError";
  }
}

const SNIFF_BYTES = 64 << 10;

/** Archives and Excel workbooks by their first bytes (magic numbers); null for anything else. */
export function archiveKind(head: Buffer): string | null {
  if (head[0] === 0x1f && head[1] === 0x8b) return "это не CSV: похоже на gzip-архив (сжатый файл)";
  if (head[0] === 0x50 && head[1] === 0x4b && (head[2] === 3 || head[2] === 5) && (head[3] === 4 || head[3] === 6)) {
    return "это не CSV: похоже на zip-архив (или книгу Excel .xlsx — сохраните её как CSV)";
  }
  if (head[0] === 0xd0 && head[1] === 0xcf && head[2] === 0x11 && head[3] === 0xe0) {
    return "это не CSV: похоже на двоичный файл (книгу Excel .xls — сохраните её как CSV)";
  }
  return null;
}

/** Archives and binary files by their first bytes (UTF-16 must be ruled out first); null for text. */
export function binaryKind(head: Buffer): string | null {
  const archive = archiveKind(head);
  if (archive) return archive;
  let control = 0;
  for (const byte of head) {
    if (byte < 0x20 && byte !== 9 && byte !== 10 && byte !== 13 && byte !== 12) control++;
  }
  // a NUL never occurs in UTF-8 or Windows-1251 text (UTF-16 is ruled out before); a few other
  // control bytes may (a pasted escape sequence), one in a hundred bytes does not
  if (head.includes(0) || control > head.length / 100) {
    return "это не CSV: похоже на двоичный файл (в начале файла нулевые и управляющие байты)";
  }
  return null;
}

/**
 * UTF-16 without a byte order mark, by its NUL bytes: the text of an export is mostly ASCII
 * (digits, dates, Latin ids), whose UTF-16 code units have a zero high byte — on odd positions
 * in UTF-16LE, on even ones in UTF-16BE; Cyrillic units (0x04xx) have none.
 */
export function utf16WithoutBom(head: Buffer): FileEncoding | null {
  const pairs = head.length >> 1;
  if (pairs < 2) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i + 1 < head.length; i += 2) {
    if (head[i] === 0) zeroEven++;
    if (head[i + 1] === 0) zeroOdd++;
  }
  if (zeroOdd > pairs * 0.3 && zeroEven < pairs * 0.02) return "UTF-16LE";
  if (zeroEven > pairs * 0.3 && zeroOdd < pairs * 0.02) return "UTF-16BE";
  return null;
}

/** Length of the UTF-8 sequence starting at `i` (2–4), or 0 when the bytes there are not one. */
function utf8SequenceLength(bytes: Buffer, i: number): number {
  const lead = bytes[i]!;
  const length = lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
  if (length === 0 || i + length > bytes.length) return 0;
  for (let k = 1; k < length; k++) if ((bytes[i + k]! & 0xc0) !== 0x80) return 0;
  return length;
}

/** Sequences that settle the UTF-8 question: counting stops once this many are seen. */
const VERDICT_SEQUENCES = 2000;

/**
 * For a file that is not valid UTF-8 throughout: whether its bytes still say UTF-8 — at least
 * four valid multi-byte sequences per invalid byte (counted from the start until 2,000 non-ASCII
 * sequences are seen). Windows-1251 Cyrillic text almost never forms a valid UTF-8 sequence,
 * while a UTF-8 export with a stray byte has thousands of them.
 */
export function mostlyUtf8(path: string): boolean {
  const fd = openSync(path, "r");
  let valid = 0;
  let invalid = 0;
  try {
    const buffer = Buffer.alloc(CHUNK_BYTES);
    let position = 0;
    while (valid + invalid < VERDICT_SEQUENCES) {
      const n = readSync(fd, buffer, 0, CHUNK_BYTES, position);
      if (n === 0) break;
      const view = buffer.subarray(0, n);
      const end = n < CHUNK_BYTES ? n : completeUtf8Prefix(view);
      for (let i = 0; i < end; i++) {
        if (view[i]! < 0x80) continue;
        const length = utf8SequenceLength(view, i);
        if (length === 0) invalid++;
        else {
          valid++;
          i += length - 1;
        }
      }
      position += end > 0 ? end : n;
    }
  } finally {
    closeSync(fd);
  }
  return valid >= 4 * invalid && valid > 0;
}

export interface EncodingVerdict {
  encoding: FileEncoding;
  /** UTF-8 with some invalid bytes: the lines holding them are rejected */
  invalidUtf8: boolean;
  /** UTF-8 judged by the first 64 KiB only (with `deferUtf8Check`): the rest still needs checking */
  utf8Unchecked?: boolean;
}

/**
 * The file's encoding: a byte order mark; an archive or binary file (NotCsvError); UTF-16
 * without a BOM; UTF-8 when valid, or mostly valid (mostlyUtf8); else Windows-1251.
 * `deferUtf8Check`: a file whose first 64 KiB are valid UTF-8 is taken as UTF-8 without reading
 * the rest (`utf8Unchecked`); the caller checks the whole file while it reads it anyway, and asks
 * again without the option when it is not valid throughout.
 */
export function detectFileEncoding(path: string, { deferUtf8Check = false } = {}): EncodingVerdict {
  const head = readPrefix(path, SNIFF_BYTES);
  const headUtf8 = () => isUtf8(head.subarray(0, head.length < SNIFF_BYTES ? head.length : completeUtf8Prefix(head)));
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  if (deferUtf8Check && (bom || (archiveKind(head) === null && utf16WithoutBom(head) === null && binaryKind(head) === null)) && headUtf8()) {
    return { encoding: bom ? "UTF-8 BOM" : "UTF-8", invalidUtf8: false, utf8Unchecked: true };
  }
  if (bom) return { encoding: "UTF-8 BOM", invalidUtf8: !isValidUtf8File(path) };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: "UTF-16LE", invalidUtf8: false };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: "UTF-16BE", invalidUtf8: false };
  const kind = archiveKind(head);
  if (kind) throw new NotCsvError(kind);
  const utf16 = utf16WithoutBom(head);
  if (utf16) return { encoding: utf16, invalidUtf8: false };
  const binary = binaryKind(head);
  if (binary) throw new NotCsvError(binary);
  if (isValidUtf8File(path)) return { encoding: "UTF-8", invalidUtf8: false };
  return mostlyUtf8(path) ? { encoding: "UTF-8", invalidUtf8: true } : { encoding: "Windows-1251", invalidUtf8: false };
}

export function detectEncoding(path: string): FileEncoding {
  return detectFileEncoding(path).encoding;
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
    // the header ends at its LF, or at a CR (CRLF, or a file with CR-only line endings)
    const lf = prefix.indexOf(10);
    const cr = prefix.indexOf(13);
    const newline = cr !== -1 && (lf === -1 || cr < lf) ? cr : lf;
    if (newline !== -1 || prefix.length < bytes || bytes >= 1 << 24) {
      const end = newline === -1 ? prefix.length : newline;
      return prefix.toString("utf8", 0, end).replace(/^\uFEFF/, "").replace(/\r$/, "");
    }
  }
}

/** The first line of a file in `encoding` (a UTF-8 file as readHeaderLine reads it; others decoded from their first 64 KiB). */
export function readHeaderLineIn(path: string, encoding: FileEncoding): string {
  const iconvName = ICONV_NAMES[encoding];
  if (readableAsIs(encoding) || !iconvName) return readHeaderLine(path);
  const text = iconv.decode(readPrefix(path, SNIFF_BYTES), iconvName).replace(/^\uFEFF/, "");
  return text.split(/\r\n|\n|\r/)[0] ?? "";
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
