/**
 * Building a RecordIndex (line-index.ts) record by record, and the field count of one record as
 * the reader splits it: shared by indexRecords and the physical-record scan (physical-records.ts).
 */
import type { RecordIndex } from "./line-index.ts";

const QUOTE = 34;

/** The index's columns at a capacity. */
function columns(capacity: number) {
  return {
    startByte: new Float64Array(capacity),
    endByte: new Float64Array(capacity),
    line: new Uint32Array(capacity),
    fields: new Uint16Array(capacity),
    trailingDelimiter: new Uint8Array(capacity),
  };
}

/**
 * Collects a RecordIndex record by record: for indexRecords, and for the physical-record scan
 * (physical-records.ts), which finds the same records and so spares a second pass over a file
 * DuckDB reads as it is. The columns double in capacity when full.
 */
export class RecordIndexBuilder {
  private data = columns(1024);
  private capacity = 1024;
  private size = 0;
  headerFields = 0;

  get count(): number {
    return this.size;
  }

  private grow(): void {
    const bigger = columns(this.capacity * 2);
    bigger.startByte.set(this.data.startByte);
    bigger.endByte.set(this.data.endByte);
    bigger.line.set(this.data.line);
    bigger.fields.set(this.data.fields);
    bigger.trailingDelimiter.set(this.data.trailingDelimiter);
    this.data = bigger;
    this.capacity *= 2;
  }

  /** A data record: its start and end (after the terminator) byte offsets, first line, fields. */
  add(startByte: number, endByte: number, line: number, fields: number, trailingDelimiter: boolean): void {
    if (this.size === this.capacity) this.grow();
    const i = this.size++;
    const data = this.data;
    data.startByte[i] = startByte;
    data.endByte[i] = endByte;
    data.line[i] = line;
    data.fields[i] = fields < 65535 ? fields : 65535;
    data.trailingDelimiter[i] = trailingDelimiter ? 1 : 0;
  }

  build(): RecordIndex {
    const { size: count, data } = this;
    return {
      startByte: data.startByte.subarray(0, count),
      endByte: data.endByte.subarray(0, count),
      line: data.line.subarray(0, count),
      fields: data.fields.subarray(0, count),
      trailingDelimiter: data.trailingDelimiter.subarray(0, count),
      headerFields: this.headerFields,
      count,
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
