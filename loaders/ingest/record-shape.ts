/**
 * The shape of one CSV record as the physical-record scan (physical-records.ts) sees it: where it
 * ends, how many lines and fields it has, whether its quotes are sound; and the rewrite that
 * quotes a field holding a bare CR.
 */
export const LF = 10;
export const CR = 13;
const QUOTE = 34;

/** What one record looks like, scanned from its start in the window. */
export interface RecordShape {
  /** window index of the terminating newline, or the window's end */
  end: number;
  /** the record ends at a newline (false: at the end of the file or of the limit) */
  complete: boolean;
  lines: number;
  fields: number;
  trailingDelimiter: boolean;
  /** a quote is still open where the record stops */
  openQuote: boolean;
  /** characters follow a closing quote before the next delimiter */
  junkAfterQuote: boolean;
  /** a CR outside quotes that does not end the line */
  bareCr: boolean;
  /** the record does not end within MAX_RECORD_BYTES */
  overLimit: boolean;
  /** 0-based line of the record where its first quoted field spanning lines closes (-1: none) */
  firstSpanClose: number;
}

/** Scans one record from window index `from`; `singleLine` stops at the first newline even inside quotes. */
export function scanRecord(b: Buffer, from: number, limit: number, nl: number, delimiter: number, singleLine: boolean): RecordShape {
  const shape: RecordShape = {
    end: limit,
    complete: false,
    lines: 1,
    fields: 1,
    trailingDelimiter: false,
    openQuote: false,
    junkAfterQuote: false,
    bareCr: false,
    overLimit: false,
    firstSpanClose: -1,
  };
  let fieldStart = true;
  let afterQuote = false;
  for (let i = from; i < limit; i++) {
    const c = b[i]!;
    if (c === nl) {
      shape.end = i;
      shape.complete = true;
      return shape;
    }
    if (afterQuote) {
      afterQuote = false;
      if (c !== delimiter && !(c === CR && b[i + 1] === nl)) shape.junkAfterQuote = true;
    }
    if (c !== CR) shape.trailingDelimiter = c === delimiter;
    if (c === delimiter) {
      shape.fields++;
      fieldStart = true;
      continue;
    }
    if (c === QUOTE && fieldStart) {
      // inside a quoted field: jump from quote to quote
      let j = i + 1;
      const linesBefore = shape.lines;
      let newline = b.indexOf(nl, j); // the next newline at or after j (-1: none), kept between quotes
      for (;;) {
        const close = b.indexOf(QUOTE, j);
        const stop = close === -1 || close >= limit ? limit : close;
        for (; newline !== -1 && newline < stop; newline = b.indexOf(nl, newline + 1)) {
          if (singleLine) return { ...shape, end: newline, complete: true, openQuote: true };
          shape.lines++;
        }
        if (stop === limit) return { ...shape, openQuote: true };
        if (b[close + 1] === QUOTE && close + 1 < limit) {
          j = close + 2;
          continue;
        }
        i = close;
        break;
      }
      if (shape.lines > linesBefore && shape.firstSpanClose === -1) shape.firstSpanClose = shape.lines - 1;
      afterQuote = true;
      fieldStart = false;
      continue;
    }
    if (c === CR && !(b[i + 1] === nl && nl === LF)) shape.bareCr = true;
    fieldStart = false;
  }
  return shape;
}

export const SIMPLE_LINE: RecordShape = {
  end: 0,
  complete: true,
  lines: 1,
  fields: 0,
  trailingDelimiter: false,
  openQuote: false,
  junkAfterQuote: false,
  bareCr: false,
  overLimit: false,
  firstSpanClose: -1,
};

/** Rewrites a record so that each unquoted field holding a bare CR is quoted (its text unchanged). */
export function quoteBareCrFields(record: string, delimiter: string): string {
  const out: string[] = [];
  let field = "";
  let quoted = false;
  let inQuotes = false;
  const flush = () => {
    out.push(!quoted && field.includes("\r") ? `"${field.replace(/"/g, '""')}"` : field);
    field = "";
    quoted = false;
  };
  for (let i = 0; i < record.length; i++) {
    const ch = record[i]!;
    if (inQuotes) {
      field += ch;
      if (ch === '"') {
        if (record[i + 1] === '"') field += record[++i];
        else inQuotes = false;
      }
    } else if (ch === delimiter) flush();
    else {
      if (ch === '"' && field === "") {
        quoted = true;
        inQuotes = true;
      }
      field += ch;
    }
  }
  flush();
  return out.join(delimiter);
}
