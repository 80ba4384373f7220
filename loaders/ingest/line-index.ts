/**
 * Physical line numbers of CSV records. DuckDB's reader yields records in file order but not
 * their line numbers (a quoted field may span lines, blank lines are skipped), so rejected rows
 * get theirs from this scan: it splits the file into records the way the reader does (RFC 4180
 * quotes, `""` escapes, quotes only open a field at its start, blank lines are not records) and
 * records where each one starts (byte offset and line). Native `indexOf` jumps keep it fast
 * (~100 ms for a million lines).
 */
import { closeSync, openSync, readSync } from "node:fs";
import { RecordIndexBuilder } from "./record-index.ts";

export interface RecordIndex {
  /** byte offset of each data record (header excluded), in file order */
  startByte: Float64Array;
  /** byte offset just after each record's terminator */
  endByte: Float64Array;
  /** 1-based physical line where each data record starts */
  line: Uint32Array;
  /** number of fields of each record (capped at 65535) */
  fields: Uint16Array;
  /** 1 when the record ends with a delimiter (an empty last field) */
  trailingDelimiter: Uint8Array;
  /** fields of the header record */
  headerFields: number;
  count: number;
}

const CHUNK_BYTES = 8 << 20;
const LF = 10;
const CR = 13;
const QUOTE = 34;

function countNewlines(buffer: Buffer, from: number, to: number): number {
  let n = 0;
  for (let i = buffer.indexOf(LF, from); i !== -1 && i < to; i = buffer.indexOf(LF, i + 1)) n++;
  return n;
}

function countByte(buffer: Buffer, from: number, to: number, byte: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (buffer[i] === byte) n++;
  return n;
}

/**
 * Splits a buffer into records. `record(start)` scans the record starting at `start` and leaves
 * what it found in the scanner's fields (no object per record: a million records made the
 * garbage collector a sixth of the scan).
 */
class Scanner {
  private nextQuote = -2; // cached index of the next quote at or after the cursor; -1: none in buffer
  /** index just after the record's terminator */
  end = 0;
  /** line feeds consumed (inside quotes and the terminator) */
  newlines = 0;
  blank = false;
  /** number of fields (delimiters outside quotes + 1) */
  fields = 0;
  /** the record ends with a delimiter (an empty last field) */
  trailingDelimiter = false;

  constructor(
    public buffer: Buffer,
    public eof: boolean,
    private readonly delimiter: number,
  ) {}

  reset(buffer: Buffer, eof: boolean): void {
    this.buffer = buffer;
    this.eof = eof;
    this.nextQuote = -2;
  }

  private quoteFrom(i: number): number {
    if (this.nextQuote !== -1 && this.nextQuote < i) this.nextQuote = this.buffer.indexOf(QUOTE, i);
    return this.nextQuote;
  }

  /**
   * A record from `start` whose last line ends at `lineEnd` (the index of its LF, or the buffer
   * length); delimiters before `countFrom` were already counted.
   */
  private finish(start: number, lineEnd: number, countFrom: number, newlines: number, counted: number): true {
    const b = this.buffer;
    const end = lineEnd > countFrom && b[lineEnd - 1] === CR ? lineEnd - 1 : lineEnd;
    this.end = lineEnd < b.length ? lineEnd + 1 : lineEnd;
    this.newlines = newlines;
    this.blank = counted === 0 && newlines <= 1 && end === start;
    this.fields = counted + countByte(b, countFrom, end, this.delimiter) + 1;
    this.trailingDelimiter = end > start && b[end - 1] === this.delimiter;
    return true;
  }

  /** Scans the record starting at `start`; false when the buffer ends before it does (and more data follows). */
  record(start: number): boolean {
    const b = this.buffer;
    const length = b.length;
    let newline = b.indexOf(LF, start);
    let quote = this.quoteFrom(start);
    if (quote === -1 || (newline !== -1 && quote > newline)) {
      // no quote before the end of the line: the line is the record
      if (newline === -1) {
        if (!this.eof) return false;
        return this.finish(start, length, start, 0, 0);
      }
      return this.finish(start, newline, start, 1, 0);
    }
    // a quote before the end of the line: follow quoted fields
    let newlines = 0;
    let delimiters = 0;
    let i = start;
    for (;;) {
      // here: outside quotes at index i; `quote` is the next quote at or after i (or -1)
      newline = newline !== -1 && newline >= i ? newline : b.indexOf(LF, i);
      quote = this.quoteFrom(i);
      if (quote === -1 || (newline !== -1 && quote > newline)) {
        if (newline === -1) {
          if (!this.eof) return false;
          return this.finish(start, length, i, newlines, delimiters);
        }
        return this.finish(start, newline, i, newlines + 1, delimiters);
      }
      delimiters += countByte(b, i, quote, this.delimiter);
      const atFieldStart = quote === start || b[quote - 1] === this.delimiter;
      if (!atFieldStart) {
        i = quote + 1; // a literal quote inside an unquoted field
        continue;
      }
      // inside a quoted field: find its closing quote
      let j = quote + 1;
      for (;;) {
        const close = b.indexOf(QUOTE, j);
        if (close === -1) {
          if (!this.eof) return false;
          // an unclosed quote runs to the end of the file
          this.end = length;
          this.newlines = newlines + countNewlines(b, j, length);
          this.blank = false;
          this.fields = delimiters + 1;
          this.trailingDelimiter = false;
          return true;
        }
        newlines += countNewlines(b, j, close);
        if (close + 1 >= length && !this.eof) return false;
        if (b[close + 1] === QUOTE) {
          j = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
      this.nextQuote = -2;
      newline = -1;
    }
  }
}

/**
 * Reads a file in chunks into one reused buffer: the unscanned tail is moved to its head and the
 * next chunk is read after it (no allocation or concatenation per chunk; the buffer grows only
 * for a record longer than a chunk).
 */
class ChunkReader {
  private storage: Buffer;
  private filePosition = 0;
  eof = false;

  constructor(
    private readonly fd: number,
    private readonly chunkBytes: number,
  ) {
    this.storage = Buffer.allocUnsafe(chunkBytes * 2);
  }

  /** The bytes of `current` (a view of this reader's buffer) from `keepFrom` on, then the next chunk of the file. */
  next(current: Buffer | null, keepFrom: number): Buffer {
    const kept = current === null ? 0 : current.length - keepFrom;
    if (this.storage.length < kept + this.chunkBytes) {
      const bigger = Buffer.allocUnsafe((kept + this.chunkBytes) * 2);
      if (current !== null) current.copy(bigger, 0, keepFrom);
      this.storage = bigger;
    } else if (current !== null && kept > 0) {
      current.copy(this.storage, 0, keepFrom); // overlapping move: Buffer.copy handles it
    }
    const n = readSync(this.fd, this.storage, kept, this.chunkBytes, this.filePosition);
    this.filePosition += n;
    this.eof = n < this.chunkBytes;
    return this.storage.subarray(0, kept + n);
  }
}

/**
 * Index the data records of a UTF-8 CSV file (the first non-blank record is the header).
 * Stops early once `maxRecords` data records are indexed.
 */
export function indexRecords(
  path: string,
  delimiter: string,
  maxRecords = Number.POSITIVE_INFINITY,
  chunkBytes = CHUNK_BYTES,
): RecordIndex {
  const builder = new RecordIndexBuilder();
  const fd = openSync(path, "r");
  try {
    const reader = new ChunkReader(fd, chunkBytes);
    let buffer = reader.next(null, 0);
    const scanner = new Scanner(buffer, reader.eof, delimiter.charCodeAt(0));
    let base = 0; // file offset of buffer[0]
    let p = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
    let line = 1;
    let headerSeen = false;
    while (builder.count < maxRecords) {
      if (p >= buffer.length && reader.eof) break;
      if (p >= buffer.length || !scanner.record(p)) {
        buffer = reader.next(buffer, p);
        base += p;
        p = 0;
        scanner.reset(buffer, reader.eof);
        continue;
      }
      if (!scanner.blank) {
        if (headerSeen) builder.add(base + p, base + scanner.end, line, scanner.fields, scanner.trailingDelimiter);
        else {
          headerSeen = true;
          builder.headerFields = scanner.fields;
        }
      }
      line += scanner.newlines;
      p = scanner.end;
    }
  } finally {
    closeSync(fd);
  }
  return builder.build();
}

export interface LineLookup {
  /** line of the k-th record DuckDB parsed (0-based ordinal among records it did not reject) */
  lineOfOrdinal: (ordinal: number) => number;
  /** record index of the k-th parsed record, or -1 */
  recordOfOrdinal: (ordinal: number) => number;
  /** line of the record starting at (or containing) a byte offset */
  lineOfByte: (byteOffset: number) => number;
  /** false when the scan and the reader disagree on the number of records (lines may be off) */
  consistent: boolean;
}

/**
 * The record at a byte offset DuckDB reports for a rejected row: the record containing it, or,
 * when the offset falls on blank lines before a record (DuckDB counts them into the row), the
 * record after them.
 */
function recordAt(index: RecordIndex, byteOffset: number): number {
  let lo = 0;
  let hi = index.count - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (index.startByte[mid]! <= byteOffset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found === -1) return index.count > 0 ? 0 : -1;
  if (byteOffset >= index.endByte[found]! && found + 1 < index.count) return found + 1;
  return found;
}

/**
 * Map DuckDB's view (parsed-record ordinals, byte offsets of the records it rejected) to lines.
 * `malformedStarts` are the byte offsets DuckDB reports for rows it could not parse.
 */
export function lineLookup(index: RecordIndex, malformedStarts: readonly number[], parsedCount: number): LineLookup {
  const malformedRecords = [...new Set(malformedStarts.map((b) => recordAt(index, b)).filter((r) => r >= 0))].sort(
    (a, b) => a - b,
  );
  const recordOfOrdinal = (ordinal: number): number => {
    // the record index is the ordinal shifted by the rejected records before it
    let record = ordinal;
    for (const m of malformedRecords) {
      if (m <= record) record++;
      else break;
    }
    return record < index.count ? record : -1;
  };
  const lineOfOrdinal = (ordinal: number): number => {
    const record = recordOfOrdinal(ordinal);
    return record >= 0 ? index.line[record]! : 0;
  };
  const lineOfByte = (byteOffset: number): number => {
    const r = recordAt(index, byteOffset);
    return r >= 0 ? index.line[r]! : 1;
  };
  const consistent = index.count === parsedCount + malformedRecords.length;
  return { lineOfOrdinal, recordOfOrdinal, lineOfByte, consistent };
}

export interface FieldCountProblem {
  /** ordinal among the records DuckDB parsed */
  ordinal: number;
  record: number;
  fields: number;
}

/**
 * Parsed records whose number of fields differs from the header's. DuckDB's reader normally
 * rejects them, but not reliably (it sometimes keeps a row with an extra field, dropping it), so
 * the count from the scan decides. A trailing delimiter (one extra, empty field) is accepted,
 * as the reader does.
 */
export function fieldCountProblems(
  index: RecordIndex,
  malformedStarts: readonly number[],
  expectedFields: number,
): FieldCountProblem[] {
  const rejected = new Set(malformedStarts.map((b) => recordAt(index, b)));
  const problems: FieldCountProblem[] = [];
  let ordinal = 0;
  for (let record = 0; record < index.count; record++) {
    if (rejected.has(record)) continue;
    const fields = index.fields[record]!;
    const fine = fields === expectedFields || (fields === expectedFields + 1 && index.trailingDelimiter[record] === 1);
    if (!fine) problems.push({ ordinal, record, fields });
    ordinal++;
  }
  return problems;
}

/** The text of a record as it stands in the file (line breaks kept, the terminator dropped). */
export function recordText(path: string, index: RecordIndex, record: number, maxBytes = 2000): string {
  const start = index.startByte[record]!;
  const fd = openSync(path, "r");
  try {
    const next = record + 1 < index.count ? index.startByte[record + 1]! : start + maxBytes;
    const length = Math.min(maxBytes, Math.max(0, next - start));
    const buffer = Buffer.alloc(length);
    const n = readSync(fd, buffer, 0, length, start);
    return buffer.toString("utf8", 0, n).replace(/[\r\n]+$/, "");
  } finally {
    closeSync(fd);
  }
}
