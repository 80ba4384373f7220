/**
 * RFC 4180 CSV output (comma, UTF-8 without BOM, LF line ends). Lines are encoded straight into
 * a 1 MB buffer that is flushed to the file when full, so a million-row file never becomes one
 * giant string. Tracks line numbers (header = line 1).
 */
import { closeSync, openSync, writeSync } from "node:fs";

const NEEDS_QUOTES = /[",\r\n]/;

export function quoteField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(fields: readonly string[]): string {
  let line = quoteField(fields[0] ?? "");
  for (let i = 1; i < fields.length; i++) line += "," + quoteField(fields[i]!);
  return line;
}

const BUFFER_BYTES = 1 << 20;
/** UTF-8 needs at most 3 bytes per UTF-16 code unit */
const MAX_BYTES_PER_CHAR = 3;

export class CsvWriter {
  private readonly fd: number;
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private used = 0;
  /** number of lines written so far (the header included) */
  lines = 0;

  constructor(readonly path: string, header: readonly string[]) {
    this.fd = openSync(path, "w");
    this.writeLine(csvLine(header));
  }

  /** Write one record; returns its 1-based line number. */
  writeRow(fields: readonly string[]): number {
    return this.writeLine(csvLine(fields));
  }

  /** Write an already formatted line (no line end); returns its 1-based line number. */
  writeLine(line: string): number {
    const worstCase = (line.length + 1) * MAX_BYTES_PER_CHAR;
    if (this.used + worstCase > BUFFER_BYTES) this.flush();
    if (worstCase > BUFFER_BYTES) {
      writeSync(this.fd, line + "\n");
    } else {
      this.used += this.buffer.write(line, this.used, "utf8");
      this.buffer[this.used++] = 0x0a;
    }
    return ++this.lines;
  }

  private flush(): void {
    let offset = 0;
    while (offset < this.used) offset += writeSync(this.fd, this.buffer, offset, this.used - offset);
    this.used = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.fd);
  }
}
