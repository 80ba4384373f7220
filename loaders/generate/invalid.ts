/**
 * Deliberately invalid rows for the «Качество данных» page, each with the reason code the
 * ingestion is expected to give. Planted rows are EXTRA lines: removing them leaves exactly the
 * sample generated with `--no-invalid`. Each planted row has exactly one problem.
 */
import type { RejectCode } from "../ingest/reject-codes.ts";
import type { TableName } from "../schema.ts";
import { csvLine, type CsvWriter } from "./csv.ts";
import { formatTimestamp, SECONDS_PER_DAY } from "./time.ts";
import { ticketFields } from "./ticket-csv.ts";
import type { Ticket } from "./tickets.ts";

export interface InvalidRow {
  file: TableName;
  /** 1-based line in the file, the header is line 1 */
  line: number;
  /** canonical column, or "*" for the whole row */
  field: string;
  code: RejectCode;
}

/** A planted row for a small table: inserted before the valid row at `beforeIndex`. */
export interface PlantedRow {
  beforeIndex: number;
  /** formatted fields, or a raw line when the row is malformed */
  fields?: string[];
  rawLine?: string;
  field: string;
  code: RejectCode;
}

/** Write valid rows with planted rows inserted; returns the planted rows' line numbers. */
export function writeWithPlanted(
  writer: CsvWriter,
  file: TableName,
  rows: readonly string[][],
  planted: readonly PlantedRow[],
): InvalidRow[] {
  const sorted = planted.slice().sort((a, b) => a.beforeIndex - b.beforeIndex);
  const result: InvalidRow[] = [];
  let next = 0;
  const flushUpTo = (index: number) => {
    while (next < sorted.length && sorted[next]!.beforeIndex <= index) {
      const row = sorted[next++]!;
      const line = row.rawLine !== undefined ? writer.writeLine(row.rawLine) : writer.writeRow(row.fields!);
      result.push({ file, line, field: row.field, code: row.code });
    }
  };
  rows.forEach((fields, index) => {
    flushUpTo(index);
    writer.writeRow(fields);
  });
  flushUpTo(Number.POSITIVE_INFINITY);
  return result;
}

/** Column index of a canonical column in a tickets row. */
const TICKET_COLUMN = {
  ticket_id: 0,
  client_id: 1,
  created_at: 2,
  priority: 3,
  first_response_at: 4,
  resolved_at: 5,
  escalated: 8,
  category: 9,
  csat: 11,
  effort_minutes: 12,
} as const;

interface TicketDefect {
  /** share of the file after which the row is planted */
  at: number;
  field: string;
  code: RejectCode;
  /** needs a resolved neighbour */
  needsResolved?: boolean;
  apply(fields: string[], created: number): string[] | string;
}

/**
 * Plants invalid tickets while the valid ones stream through. A planted row takes a free ticket
 * number from a gap in the numbering (so no valid id moves) and sits between its neighbours in time.
 */
export class TicketPlanter {
  readonly planted: InvalidRow[] = [];
  private readonly defects: TicketDefect[];
  private next = 0;
  private written = 0;
  private previous: Ticket | null = null;
  private readonly recent: Ticket[] = [];

  constructor(
    private readonly writer: CsvWriter,
    private readonly totalTickets: number,
    private readonly clientId: (index: number) => string,
    unknownClientId: string,
    private readonly futureCreated: number,
  ) {
    const set = (column: keyof typeof TICKET_COLUMN, value: string) => (fields: string[]) => {
      fields[TICKET_COLUMN[column]] = value;
      return fields;
    };
    this.defects = [
      { at: 0.08, field: "priority", code: "unknown_enum", apply: set("priority", "Низкий") },
      { at: 0.15, field: "created_at", code: "invalid_timestamp", apply: set("created_at", "#ЗНАЧ!") },
      { at: 0.22, field: "client_id", code: "unknown_reference", apply: set("client_id", unknownClientId) },
      {
        at: 0.3,
        field: "resolved_at",
        code: "chronology",
        apply: (fields, created) => {
          fields[TICKET_COLUMN.first_response_at] = "";
          fields[TICKET_COLUMN.resolved_at] = formatTimestamp(created - 2 * 3600 - 15 * 60);
          fields[TICKET_COLUMN.csat] = "";
          return fields;
        },
      },
      { at: 0.38, field: "csat", code: "out_of_range", needsResolved: true, apply: set("csat", "7") },
      { at: 0.45, field: "client_id", code: "missing_required", apply: set("client_id", "") },
      {
        at: 0.52,
        field: "*",
        code: "malformed_row",
        // an unquoted comma inside the category: one field too many
        apply: (fields) => {
          fields[TICKET_COLUMN.category] = "Не открывается шлагбаум";
          return csvLine(fields).replace(",Не открывается шлагбаум,", ",Не открывается шлагбаум, калитка,");
        },
      },
      { at: 0.6, field: "effort_minutes", code: "negative_value", apply: set("effort_minutes", "-45") },
      { at: 0.68, field: "escalated", code: "invalid_type", apply: set("escalated", "возможно") },
    ];
  }

  /** Called before each valid ticket is written. */
  beforeTicket(ticket: Ticket): void {
    const previous = this.previous;
    const defect = this.defects[this.next];
    if (
      previous &&
      defect &&
      this.written >= defect.at * this.totalTickets &&
      ticket.idNumber > previous.idNumber + 1 &&
      ticket.created > previous.created &&
      (!defect.needsResolved || !Number.isNaN(ticket.resolved))
    ) {
      const created = previous.created + Math.floor((ticket.created - previous.created) / 2);
      const base = ticketFields({ ...ticket, idNumber: previous.idNumber + 1, created }, this.clientId(ticket.clientIndex));
      const result = defect.apply(base, created);
      const line = typeof result === "string" ? this.writer.writeLine(result) : this.writer.writeRow(result);
      this.planted.push({ file: "tickets", line, field: defect.field, code: defect.code });
      this.next++;
    }
    // an exact duplicate of a row written a while ago (a re-export glued onto the file)
    if (this.duplicatePending() && this.recent.length === DUPLICATE_LAG) {
      const line = this.writer.writeRow(ticketFields(this.recent[0]!, this.clientId(this.recent[0]!.clientIndex)));
      this.planted.push({ file: "tickets", line, field: "ticket_id", code: "duplicate_id" });
      this.duplicateDone = true;
    }
  }

  private duplicateDone = false;

  private duplicatePending(): boolean {
    return !this.duplicateDone && this.written >= DUPLICATE_AT * this.totalTickets;
  }

  /** Called after each valid ticket is written. */
  afterTicket(ticket: Ticket): void {
    this.previous = ticket;
    this.written++;
    if (this.written >= DUPLICATE_AT * this.totalTickets - DUPLICATE_LAG && !this.duplicateDone) {
      this.recent.push(ticket);
      if (this.recent.length > DUPLICATE_LAG) this.recent.shift();
    }
  }

  /**
   * After the last valid ticket: defects that found no gap (tiny samples) follow the last ticket,
   * then a ticket dated a year after the as-of date.
   */
  finish(): void {
    const last = this.previous;
    if (!last) return;
    let idNumber = last.idNumber;
    for (; this.next < this.defects.length; this.next++) {
      const defect = this.defects[this.next]!;
      const base = ticketFields(
        { ...last, idNumber: ++idNumber, firstResponse: last.created, resolved: last.created },
        this.clientId(last.clientIndex),
      );
      const result = defect.apply(base, last.created);
      const line = typeof result === "string" ? this.writer.writeLine(result) : this.writer.writeRow(result);
      this.planted.push({ file: "tickets", line, field: defect.field, code: defect.code });
    }
    if (!this.duplicateDone && this.recent.length > 0) {
      const line = this.writer.writeRow(ticketFields(this.recent[0]!, this.clientId(this.recent[0]!.clientIndex)));
      this.planted.push({ file: "tickets", line, field: "ticket_id", code: "duplicate_id" });
      this.duplicateDone = true;
    }
    const fields = ticketFields(
      {
        ...last,
        idNumber: idNumber + 1,
        created: this.futureCreated,
        firstResponse: NaN,
        resolved: NaN,
        csat: 0,
      },
      this.clientId(last.clientIndex),
    );
    const line = this.writer.writeRow(fields);
    this.planted.push({ file: "tickets", line, field: "created_at", code: "future_timestamp" });
  }
}

const DUPLICATE_AT = 0.75;
const DUPLICATE_LAG = 25;

/** 10:30 Moscow, 365 days after the as-of date. */
export function futureTicketCreated(asOfDay: number): number {
  return (asOfDay + 365) * SECONDS_PER_DAY + 10 * 3600 + 30 * 60;
}
