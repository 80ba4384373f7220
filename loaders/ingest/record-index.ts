/**
 * Building a RecordIndex (line-index.ts) record by record, and the field count of one record as
 * the reader splits it: shared by indexRecords and the physical-record scan (physical-records.ts).
 */
import type { RecordIndex } from "./line-index.ts";

const QUOTE = 34;

class Growable<T extends Float64Array | Uint32Array | Uint16Array | Uint8Array> {
  count = 0;
  constructor(
    public data: T,
    private readonly make: (n: number) => T,
  ) {}
  push(value: number): void {
    if (this.count === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.count++] = value;
  }
  trimmed(): T {
    return this.data.subarray(0, this.count) as T;
  }
}

/**
 * Collects a RecordIndex record by record: for indexRecords, and for the physical-record scan
 * (physical-records.ts), which finds the same records and so spares a second pass over a file
 * DuckDB reads as it is.
 */
export class RecordIndexBuilder {
  private readonly starts = new Growable(new Float64Array(1024), (n) => new Float64Array(n));
  private readonly ends = new Growable(new Float64Array(1024), (n) => new Float64Array(n));
  private readonly lines = new Growable(new Uint32Array(1024), (n) => new Uint32Array(n));
  private readonly fields = new Growable(new Uint16Array(1024), (n) => new Uint16Array(n));
  private readonly trailing = new Growable(new Uint8Array(1024), (n) => new Uint8Array(n));
  headerFields = 0;

  get count(): number {
    return this.lines.count;
  }

  /** A data record: its start and end (after the terminator) byte offsets, first line, fields. */
  add(startByte: number, endByte: number, line: number, fields: number, trailingDelimiter: boolean): void {
    this.starts.push(startByte);
    this.ends.push(endByte);
    this.lines.push(line);
    this.fields.push(Math.min(fields, 65535));
    this.trailing.push(trailingDelimiter ? 1 : 0);
  }

  build(): RecordIndex {
    return {
      startByte: this.starts.trimmed(),
      endByte: this.ends.trimmed(),
      line: this.lines.trimmed(),
      fields: this.fields.trimmed(),
      trailingDelimiter: this.trailing.trimmed(),
      headerFields: this.headerFields,
      count: this.lines.count,
    };
  }
}

/**
 * Fields of the record text `b[from, end)` (its terminator excluded) as the reader splits it:
 * delimiters outside quotes + 1; a quote opens a field only at its start, `""` is a quote.
 */
export function fieldsOfRecord(b: Buffer, from: number, end: number, delimiter: number): { fields: number; trailingDelimiter: boolean } {
  let fields = 1;
  for (let i = from; i < end; i++) {
    const c = b[i]!;
    if (c === delimiter) fields++;
    else if (c === QUOTE && (i === from || b[i - 1] === delimiter)) {
      for (i++; i < end; i++) {
        if (b[i] !== QUOTE) continue;
        if (b[i + 1] === QUOTE && i + 1 < end) i++;
        else break;
      }
    }
  }
  return { fields, trailingDelimiter: end > from && b[end - 1] === delimiter };
}
