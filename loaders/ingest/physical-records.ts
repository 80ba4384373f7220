/**
 * The physical records of a UTF-8 export, found before DuckDB reads it, so that every data line
 * of the file is accounted for and DuckDB is only given a file it can parse.
 *
 * Rules (one pass, bounded memory: a window of at most MAX_RECORD_BYTES plus a chunk):
 * - Line endings: LF, CRLF and CR. A file with no LF in its first 64 KiB but a CR has CR-only
 *   line endings (old Mac, some Excel saves): every CR ends a line. Otherwise LF ends a line (a CR
 *   before it belongs to the ending) and a bare CR elsewhere is a character of its field.
 * - Quotes as in RFC 4180: a field that starts with `"` runs to the next lone `"`, `""` is a quote,
 *   and may span lines. A quoted field that spans lines is kept only when its record is sound: the
 *   quote closes within MAX_RECORD_BYTES, nothing but a delimiter or the line end follows it, and
 *   the record has the header's number of fields. Otherwise, when the quote never closes (or not
 *   within the limit), or it closes two or more lines down and the line after the opening line
 *   parses as a row on its own (balanced quotes, the header's number of fields), the field is cut
 *   back (an unsound record whose quote closes on the next line stays one malformed row): the opening line alone is
 *   rejected (`unterminated_quote`, saying how many lines the field would have swallowed) and
 *   reading goes on at the next line.
 * - A record longer than MAX_RECORD_BYTES (1 MiB) is rejected (`line_too_long`); its bytes are
 *   skipped, never held in memory.
 * - In a UTF-8 file with a few invalid bytes, each record holding one is rejected
 *   (`invalid_encoding`).
 * The result lists those rejects with their physical lines, and the edits that turn the file
 * into a clean copy with the same lines (a rejected record becomes blank lines, which DuckDB
 * skips; a bare CR's field is quoted; line endings become LF), written by clean-copy.ts.
 * When the file needs no copy (DuckDB reads it as it is), the same pass also yields the line
 * index of its records (line-index.ts), so the file is scanned once. The same pass also finds the
 * fields no record pads with a space at either end (field-padding.ts).
 * In a file with LF line endings whose UTF-8 is not checked, the data lines are found in batches
 * by a WebAssembly SIMD kernel (line-kernel/), which reads the file in place in its window: a line
 * with no quote and no bare CR takes its field count from the kernel's delimiter count and goes
 * through the exact padding test only when the kernel saw a space or a no-break space byte at a
 * field boundary; every other line, and every line where the kernel cannot run (`lineKernel:
 * false` forces that), takes the JavaScript path. Both give the same result.
 */
import { isUtf8 } from "node:buffer";
import { closeSync, openSync } from "node:fs";
import type { RecordIndex } from "./line-index.ts";
import { FieldPadding } from "./field-padding.ts";
import { Window } from "./file-window.ts";
import { LINE_BARE_CR, LINE_FLAG_BITS, LINE_MAYBE_PADDED, LINE_QUOTE, lineKernel, type LineKernel } from "./line-kernel/line-kernel.ts";
import { fieldsOfRecord, RecordIndexBuilder } from "./record-index.ts";
import { CR, LF, quoteBareCrFields, scanRecord, type RecordShape } from "./record-shape.ts";

/** Longest record (one line, or one quoted multi-line record) the reader accepts, in bytes. */
export const MAX_RECORD_BYTES = 1 << 20;
/** The same limit as users read it. */
export const MAX_RECORD_LABEL = "1 МБ";

export type PhysicalCode = "unterminated_quote" | "line_too_long" | "invalid_encoding";
/** Reject codes found by this scan (not by DuckDB). */
export const PHYSICAL_CODES: readonly PhysicalCode[] = ["unterminated_quote", "line_too_long", "invalid_encoding"];

export interface PhysicalReject {
  /** 1-based physical line where the record starts (the header is line 1) */
  line: number;
  code: PhysicalCode;
  /** unterminated_quote: lines the open field would have swallowed, its own line included */
  spannedLines: number;
  /** unterminated_quote: where the quote closes — on a later line of an unsound record, never (the end of the file), or not within the limit */
  quoteEnd: "closed" | "end_of_file" | "limit";
  /** line_too_long: length of the record in bytes (at least, when it was cut off) */
  bytes: number;
  /** the start of the record's text (at most PREVIEW_BYTES bytes, invalid bytes replaced) */
  preview: string;
}

export interface Edit {
  /** byte range of the file replaced by `replacement` */
  start: number;
  end: number;
  replacement: Buffer;
}

export interface PhysicalScan {
  rejects: PhysicalReject[];
  /** "CR": CR-only line endings */
  newline: "LF" | "CR";
  /** sorted, non-overlapping */
  edits: Edit[];
  /** both LF and CRLF line endings occur (DuckDB refuses such a file) */
  mixedEndings: boolean;
  /** data records found (the rejected ones included) */
  records: number;
  /** the file cannot be given to DuckDB as it is: write the clean copy */
  needsCopy: boolean;
  /** the records' line index of the file as it is; null when it needs the clean copy (whose offsets differ) */
  index: RecordIndex | null;
  /** field indexes no data record pads with a leading or trailing space or no-break space (field-padding.ts) */
  unpaddedFields: number[];
  /** with `verifyUtf8`: the whole file was read and is valid UTF-8 (file-window.ts) */
  validUtf8: boolean;
}

const QUOTE = 34;
const CHUNK_BYTES = 8 << 20;
const WINDOW_BYTES = CHUNK_BYTES + MAX_RECORD_BYTES + 16;
/** Constants read on every line, held here (an imported binding may be read through a getter). */
const CR_BYTE = CR;
const NOT_SIMPLE_LINE = LINE_QUOTE | LINE_BARE_CR;
const MAYBE_PADDED_LINE = LINE_MAYBE_PADDED;
const DELIMITER_SHIFT = LINE_FLAG_BITS;
const PREVIEW_BYTES = 200;
const SNIFF_BYTES = 64 << 10;

export interface ScanOptions {
  delimiter: string;
  /** fields of the header line */
  headerFields: number;
  /** check each record for invalid UTF-8 */
  checkUtf8: boolean;
  /** tell whether the whole file is valid UTF-8 (PhysicalScan.validUtf8) */
  verifyUtf8?: boolean;
  /** find simple lines with the WebAssembly line kernel when it can run (default true; false: JavaScript only, for tests) */
  lineKernel?: boolean;
}

/** Decides the line ending from the first 64 KiB: CR-only when there is a CR and no LF. */
function newlineOf(window: Window): "LF" | "CR" {
  const head = window.bytes.subarray(0, SNIFF_BYTES);
  return head.indexOf(LF) === -1 && head.indexOf(CR) !== -1 ? "CR" : "LF";
}

/** The start of a record's text; a character cut in two at the preview's end is dropped. */
function preview(b: Buffer, from: number, end: number): string {
  const text = b.toString("utf8", from, Math.min(end, from + PREVIEW_BYTES));
  return end > from + PREVIEW_BYTES ? text.replace(/\uFFFD+$/, "") : text;
}

/** Scans a UTF-8 file's physical records (see the module comment). */
export function scanPhysicalRecords(path: string, options: ScanOptions): PhysicalScan {
  const fd = openSync(path, "r");
  try {
    const kernel = options.lineKernel === false ? null : lineKernel(WINDOW_BYTES);
    const window = new Window(fd, kernel === null ? Buffer.allocUnsafe(WINDOW_BYTES) : kernel.window, MAX_RECORD_BYTES, options.verifyUtf8);
    return new RecordWalk(window, options, kernel).run();
  } finally {
    closeSync(fd);
  }
}

class RecordWalk {
  private readonly rejects: PhysicalReject[] = [];
  private readonly edits: Edit[] = [];
  private readonly nl: number;
  private readonly delimiter: number;
  private crlfEndings = 0;
  private lfEndings = 0;
  private records = 0;
  private headerSeen = false;
  private readonly newline: "LF" | "CR";
  private readonly quoteCache = { at: -1, generation: -1 };
  private readonly crCache = { at: -1, generation: -1 };
  private readonly index = new RecordIndexBuilder();
  private readonly padding: FieldPadding;
  /** the line kernel, when it is used: LF line endings, no UTF-8 check, an ASCII delimiter */
  private readonly kernel: LineKernel | null;

  constructor(
    private readonly window: Window,
    private readonly options: ScanOptions,
    kernel: LineKernel | null,
  ) {
    window.moveTo(0);
    this.newline = newlineOf(window);
    this.nl = this.newline === "CR" ? CR : LF;
    this.delimiter = options.delimiter.charCodeAt(0);
    this.padding = new FieldPadding(options.headerFields);
    this.kernel = this.nl === LF && !options.checkUtf8 && this.delimiter < 0x80 ? kernel : null;
  }

  run(): PhysicalScan {
    const w = this.window;
    let position = w.bytes[0] === 0xef && w.bytes[1] === 0xbb && w.bytes[2] === 0xbf ? 3 : 0;
    let line = 1;
    while (position < w.size) {
      w.reach(position);
      const lines = this.kernel !== null && this.headerSeen ? this.kernelLines(position, line) : null;
      const step = lines !== null && lines.next > position ? lines : this.record(position, line);
      position = step.next;
      line = step.line;
    }
    const mixedEndings = this.crlfEndings > 0 && this.lfEndings > 0;
    const needsCopy = this.edits.length > 0 || this.newline === "CR" || mixedEndings;
    return {
      rejects: this.rejects,
      newline: this.newline,
      edits: this.edits,
      mixedEndings,
      records: this.records,
      needsCopy,
      index: needsCopy ? null : this.index.build(),
      unpaddedFields: this.padding.unpadded(),
      validUtf8: w.validUtf8,
    };
  }

  private reject(line: number, code: PhysicalCode, from: number, end: number, extra: Partial<PhysicalReject> = {}): void {
    const b = this.window.bytes;
    this.rejects.push({ line, code, spannedLines: 1, quoteEnd: "closed", bytes: end - from, preview: preview(b, from, end), ...extra });
  }

  /** Replaces the file's bytes [start, end) by `newlines` line feeds (the record becomes blank lines). */
  private blank(start: number, end: number, newlines: number): void {
    this.edits.push({ start, end, replacement: Buffer.alloc(newlines, LF) });
  }

  private countRecord(): boolean {
    if (!this.headerSeen) {
      this.headerSeen = true;
      return false;
    }
    this.records++;
    return true;
  }

  /** Handles the record at file offset `position` (line `line`); returns where the next one starts. */
  private record(position: number, line: number): { next: number; line: number } {
    const w = this.window;
    const b = w.bytes;
    const from = position - w.start;
    const limit = Math.min(b.length, from + MAX_RECORD_BYTES + 1);
    const simpleEnd = this.simpleLineEnd(from);
    if (simpleEnd !== -1) return this.simpleRecord(position, line, from, simpleEnd);
    const shape = scanRecord(b, from, limit, this.nl, this.delimiter, false);
    const atFileEnd = limit === b.length && w.end === w.size;
    if (!shape.complete && !atFileEnd) shape.overLimit = true;
    if (!shape.complete && atFileEnd && !shape.openQuote) shape.complete = true; // the last line, with no line ending
    if (shape.lines === 1 && shape.overLimit) return this.tooLong(position, line);
    if (shape.lines > 1 || shape.openQuote) {
      const cut = this.cutBack(position, line, shape);
      if (cut) return cut;
    }
    const endOffset = w.start + shape.end;
    const contentEnd = this.contentEnd(shape.end);
    const next = endOffset + (shape.complete && endOffset < w.size ? 1 : 0);
    const after = { next, line: line + shape.lines };
    if (contentEnd === from && shape.lines === 1) return after; // a blank line
    const { fields, trailingDelimiter } = fieldsOfRecord(b, from, contentEnd, this.delimiter);
    if (!this.countRecord()) {
      this.index.headerFields = fields;
      return after;
    }
    this.index.add(position, next, line, fields, trailingDelimiter);
    this.padding.quotedRecord(b, from, contentEnd, this.delimiter);
    if (this.options.checkUtf8 && !isUtf8(b.subarray(from, shape.end))) {
      this.reject(line, "invalid_encoding", from, contentEnd);
      this.blank(position, w.start + contentEnd, shape.lines - 1);
    } else if (shape.bareCr && this.newline === "LF") {
      const text = b.toString("utf8", from, contentEnd);
      this.edits.push({ start: position, end: w.start + contentEnd, replacement: Buffer.from(quoteBareCrFields(text, this.options.delimiter)) });
    }
    return after;
  }

  /** Window index of the end of a line with no quote and no bare CR that fits the limit (the common case, found with native searches), else -1. */
  private simpleLineEnd(from: number): number {
    const b = this.window.bytes;
    const end = b.indexOf(this.nl, from);
    if (end === -1 || end - from > MAX_RECORD_BYTES) return -1;
    const quote = this.nextOf(this.quoteCache, QUOTE, from);
    if (quote !== -1 && quote < end) return -1;
    if (this.nl === LF) {
      const cr = this.nextOf(this.crCache, CR, from);
      if (cr !== -1 && cr < end - 1) return -1;
    }
    return end;
  }

  /**
   * record() for a simple line ending at window index `end` (a complete one-line record without
   * quotes or bare CRs: nothing to cut back or quote), without building its shape.
   */
  private simpleRecord(position: number, line: number, from: number, end: number): { next: number; line: number } {
    const w = this.window;
    const b = w.bytes;
    const endOffset = w.start + end;
    const contentEnd = this.contentEnd(end);
    const after = { next: endOffset + (endOffset < w.size ? 1 : 0), line: line + 1 };
    if (contentEnd === from) return after; // a blank line
    const fields = this.headerSeen ? this.padding.plainRecord(b, from, contentEnd, this.delimiter) : fieldsOfRecord(b, from, contentEnd, this.delimiter).fields;
    if (!this.countRecord()) {
      this.index.headerFields = fields;
      return after;
    }
    this.index.add(position, after.next, line, fields, b[contentEnd - 1] === this.delimiter);
    if (this.options.checkUtf8 && !isUtf8(b.subarray(from, end))) {
      this.reject(line, "invalid_encoding", from, contentEnd);
      this.blank(position, w.start + contentEnd, 0);
    }
    return after;
  }

  /**
   * The data lines from `position` on that the line kernel finds simple (no quote, no bare CR,
   * within the limit), handled as simpleRecord does; the kernel's delimiter count is the field
   * count, and a line it flags as maybe padded goes through the exact padding test. Returns where
   * the first line it leaves to record() starts.
   */
  private kernelLines(position: number, line: number): { next: number; line: number } {
    const w = this.window;
    const b = w.bytes;
    const kernel = this.kernel!;
    const found = kernel.scan(position - w.start, b.length, this.delimiter);
    const out = kernel.lines;
    let from = position - w.start;
    let lines = 0;
    for (; lines < found; lines++) {
      const end = out[2 * lines]!;
      const info = out[2 * lines + 1]!;
      if ((info & NOT_SIMPLE_LINE) !== 0 || end - from > MAX_RECORD_BYTES) break;
      const contentEnd = this.contentEnd(end);
      if (contentEnd !== from) {
        const padded = (info & MAYBE_PADDED_LINE) !== 0;
        const fields = padded ? this.padding.plainRecord(b, from, contentEnd, this.delimiter) : (info >>> DELIMITER_SHIFT) + 1;
        this.countRecord();
        this.index.add(w.start + from, w.start + end + 1, line + lines, fields, b[contentEnd - 1] === this.delimiter);
      }
      from = end + 1;
    }
    return { next: w.start + from, line: line + lines };
  }

  /** Window index of the next `byte` at or after `from` (-1: none in the window), cached between records. */
  private nextOf(cache: { at: number; generation: number }, byte: number, from: number): number {
    if (cache.generation !== this.window.generation || (cache.at !== -1 && cache.at < from)) {
      cache.at = this.window.bytes.indexOf(byte, from);
      cache.generation = this.window.generation;
    }
    return cache.at;
  }

  /** Window index where the record's text ends (before a CR of a CRLF ending); tallies line endings. */
  private contentEnd(end: number): number {
    const b = this.window.bytes;
    if (this.nl !== LF || end >= b.length) return end;
    if (b[end - 1] === CR_BYTE) {
      this.crlfEndings++;
      return end - 1;
    }
    this.lfEndings++;
    return end;
  }

  /** A single line longer than the limit: rejected, skipped by streaming to its end. */
  private tooLong(position: number, line: number): { next: number; line: number } {
    const w = this.window;
    const counted = this.countRecord();
    const text = preview(w.bytes, position - w.start, w.bytes.length);
    const end = w.seek(position, this.nl);
    const contentEnd = this.nl === LF && end > position && end < w.size && this.byteAt(end - 1) === CR ? end - 1 : end;
    if (counted) {
      this.rejects.push({ line, code: "line_too_long", spannedLines: 1, quoteEnd: "closed", bytes: contentEnd - position, preview: text });
      this.edits.push({ start: position, end: contentEnd, replacement: Buffer.alloc(0) });
    }
    return { next: Math.min(end + 1, w.size), line: line + 1 };
  }

  private byteAt(offset: number): number {
    this.window.reach(offset);
    return this.window.bytes[offset - this.window.start]!;
  }

  /**
   * A record whose quoted field spans lines or never closes: cut back to its first line when the
   * rules of the module comment say so (returns the next position), else null (kept whole).
   */
  private cutBack(position: number, line: number, shape: RecordShape): { next: number; line: number } | null {
    const w = this.window;
    const b = w.bytes;
    const from = position - w.start;
    const { headerFields } = this.options;
    const fieldsFit = (s: RecordShape) =>
      s.fields === headerFields || (s.fields === headerFields + 1 && s.trailingDelimiter);
    const unclosed = shape.openQuote || !shape.complete;
    const sound = !unclosed && !shape.junkAfterQuote && fieldsFit(shape);
    if (sound) return null;
    const firstEnd = b.indexOf(this.nl, from);
    const firstLineEnd = firstEnd === -1 || firstEnd > shape.end ? shape.end : firstEnd;
    let nextLineIsRow = false;
    // the field closes two or more lines down: do the lines it swallowed look like rows?
    if (shape.firstSpanClose >= 2 && firstLineEnd < b.length - 1) {
      const limit = Math.min(b.length, firstLineEnd + 1 + MAX_RECORD_BYTES + 1);
      const next = scanRecord(b, firstLineEnd + 1, limit, this.nl, this.delimiter, true);
      nextLineIsRow = next.complete && !next.openQuote && !next.junkAfterQuote && fieldsFit(next);
    }
    if (!unclosed && !nextLineIsRow) return null;
    if (!this.headerSeen) return null; // a broken header is left to the header check
    this.countRecord();
    const contentEnd = this.contentEnd(firstLineEnd);
    // a line ending as the file's last byte starts no further line
    const endsWithNewline = unclosed && !shape.overLimit && b[b.length - 1] === this.nl;
    this.reject(line, "unterminated_quote", from, contentEnd, {
      spannedLines: shape.lines - (endsWithNewline ? 1 : 0),
      quoteEnd: shape.overLimit ? "limit" : unclosed ? "end_of_file" : "closed",
    });
    this.blank(position, w.start + contentEnd, 0);
    const next = w.start + firstLineEnd + 1;
    return { next: Math.min(next, w.size), line: line + 1 };
  }
}
