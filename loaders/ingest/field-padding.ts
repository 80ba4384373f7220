/**
 * Which fields of an export may hold a value that starts or ends with a space or a no-break space,
 * found during the scan of its physical records (physical-records.ts). The reader trims such values
 * (sa_text in sql.ts); a field index no record pads at all is read without the trim tests, which
 * gives the same text for every value. The test is on the bytes at each field's boundaries, as the
 * reader splits a record: an unquoted field runs between delimiters, a quoted one between its
 * quotes. Anything less plain (a quote inside an unquoted field, text after a closing quote) counts
 * as padding every field, so the answer errs only towards trimming.
 */

const SPACE = 0x20;
const NBSP_LEAD = 0xc2;
const NBSP_TRAIL = 0xa0;
const QUOTE = 34;

/** True when the text b[from, end) starts with a space or a no-break space. */
function paddedStart(b: Buffer, from: number, end: number): boolean {
  return from < end && (b[from] === SPACE || (b[from] === NBSP_LEAD && from + 1 < end && b[from + 1] === NBSP_TRAIL));
}

/** True when the text b[from, end) ends with a space or a no-break space. */
function paddedEnd(b: Buffer, from: number, end: number): boolean {
  return end > from && (b[end - 1] === SPACE || (b[end - 1] === NBSP_TRAIL && end - 2 >= from && b[end - 2] === NBSP_LEAD));
}

/** Index just past the closing quote of the quoted field opening at `open` (`""` is a quote), or `end`. */
function closingQuote(b: Buffer, open: number, end: number): number {
  for (let i = open + 1; i < end; i++) {
    if (b[i] !== QUOTE) continue;
    if (i + 1 < end && b[i + 1] === QUOTE) i++;
    else return i;
  }
  return end;
}

export class FieldPadding {
  /** field index → 1 when some record may pad a value of that field */
  private readonly padded: Uint8Array;

  constructor(fields: number) {
    this.padded = new Uint8Array(Math.max(1, fields));
  }

  private mark(field: number): void {
    if (field < this.padded.length) this.padded[field] = 1;
  }

  /**
   * Fields of a data record without quotes, b[from, end) (its terminator excluded), counted as
   * the reader splits it (delimiters + 1) while their boundaries are tested. The bytes next to a
   * delimiter are the last byte of one field and the first of the next, or (an empty field)
   * another delimiter or the line's end, neither of which is a space: testing them is enough.
   */
  plainRecord(b: Buffer, from: number, end: number, delimiter: number): number {
    let fields = 1;
    if (paddedStart(b, from, end)) this.mark(0);
    for (let i = b.indexOf(delimiter, from); i !== -1 && i < end; i = b.indexOf(delimiter, i + 1)) {
      const before = b[i - 1];
      const after = b[i + 1];
      if (before === SPACE || before === NBSP_TRAIL || after === SPACE || after === NBSP_LEAD) {
        if (paddedEnd(b, from, i)) this.mark(fields - 1);
        if (paddedStart(b, i + 1, end)) this.mark(fields);
      }
      fields++;
    }
    if (paddedEnd(b, from, end)) this.mark(fields - 1);
    return fields;
  }

  /** A data record that may hold quotes, b[from, end) (its terminator excluded). */
  quotedRecord(b: Buffer, from: number, end: number, delimiter: number): void {
    let field = 0;
    for (let start = from; ; field++) {
      let next: number;
      if (start < end && b[start] === QUOTE) {
        const close = closingQuote(b, start, end);
        if (paddedStart(b, start + 1, close) || paddedEnd(b, start + 1, close)) this.mark(field);
        next = close + 1;
        if (close >= end || (next < end && b[next] !== delimiter)) return this.markAll();
      } else {
        const found = b.indexOf(delimiter, start);
        next = found === -1 || found > end ? end : found;
        const quote = b.indexOf(QUOTE, start);
        if (quote !== -1 && quote < next) return this.markAll();
        if (paddedStart(b, start, next) || paddedEnd(b, start, next)) this.mark(field);
      }
      if (next >= end) return;
      start = next + 1;
    }
  }

  markAll(): void {
    this.padded.fill(1);
  }

  /** Field indexes (below the header's count) no record pads. */
  unpadded(): number[] {
    const out: number[] = [];
    this.padded.forEach((flag, i) => {
      if (flag === 0) out.push(i);
    });
    return out;
  }
}
