/**
 * Writes the clean copy of an export that DuckDB reads instead of the user's file when the scan
 * of its physical records (physical-records.ts) found something DuckDB cannot parse: the edits
 * applied (rejected records blanked, bare-CR fields quoted); CR → LF in a file with CR-only line
 * endings; CRLF → LF (inside quoted fields too) in a file that mixes LF and CRLF endings, which
 * DuckDB refuses. Line numbers stay those of the original file.
 * Streams in chunks: memory does not grow with the file.
 */
import { closeSync, openSync, readSync, writeSync } from "node:fs";
import { scanPhysicalRecords, type PhysicalScan, type ScanOptions } from "./physical-records.ts";

const CHUNK_BYTES = 4 << 20;
const LF = 10;
const CR = 13;

/** Turns bytes into LF-only text; a CR at the end of a piece waits for the next piece's first byte. */
class LineEndingWriter {
  private pendingCr = false;

  constructor(
    private readonly fd: number,
    private readonly crOnly: boolean,
    private readonly stripCr: boolean,
  ) {}

  write(piece: Buffer): void {
    if (piece.length === 0) return;
    if (this.crOnly) {
      const copy = Buffer.from(piece);
      for (let i = copy.indexOf(CR); i !== -1; i = copy.indexOf(CR, i + 1)) copy[i] = LF;
      writeSync(this.fd, copy);
      return;
    }
    if (!this.stripCr) {
      writeSync(this.fd, piece);
      return;
    }
    if (this.pendingCr && piece[0] !== LF) writeSync(this.fd, Buffer.of(CR));
    this.pendingCr = false;
    let from = 0;
    for (let i = piece.indexOf(CR); i !== -1; i = piece.indexOf(CR, i + 1)) {
      if (i === piece.length - 1) {
        writeSync(this.fd, piece, from, i - from);
        this.pendingCr = true;
        return;
      }
      if (piece[i + 1] === LF) {
        writeSync(this.fd, piece, from, i - from);
        from = i + 1;
      }
    }
    writeSync(this.fd, piece, from, piece.length - from);
  }

  end(): void {
    if (this.pendingCr) writeSync(this.fd, Buffer.of(CR));
    this.pendingCr = false;
  }
}

/** Copies bytes [from, to) of `input` through `writer`. */
function copyRange(input: number, from: number, to: number, buffer: Buffer, writer: LineEndingWriter): void {
  for (let position = from; position < to; ) {
    const n = readSync(input, buffer, 0, Math.min(buffer.length, to - position), position);
    if (n === 0) break;
    writer.write(buffer.subarray(0, n));
    position += n;
  }
}

/** Writes the clean copy of `source` (a UTF-8 file) to `target`. */
export function writeCleanCopy(source: string, target: string, scan: PhysicalScan): void {
  const input = openSync(source, "r");
  const output = openSync(target, "w");
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    const writer = new LineEndingWriter(output, scan.newline === "CR", scan.mixedEndings);
    let position = 0;
    for (const edit of scan.edits) {
      copyRange(input, position, edit.start, buffer, writer);
      writer.write(edit.replacement);
      position = edit.end;
    }
    copyRange(input, position, Number.POSITIVE_INFINITY, buffer, writer);
    writer.end();
  } finally {
    closeSync(input);
    closeSync(output);
  }
}

/**
 * Scans `utf8Path`'s physical records and returns the file DuckDB should read: the file itself, or
 * its clean copy written to `copyPath` when the scan says it is needed.
 */
export function prepareForReader(utf8Path: string, copyPath: string, options: ScanOptions): { scan: PhysicalScan; readPath: string } {
  const scan = scanPhysicalRecords(utf8Path, options);
  if (!scan.needsCopy) return { scan, readPath: utf8Path };
  writeCleanCopy(utf8Path, copyPath, scan);
  return { scan, readPath: copyPath };
}
