/**
 * The rejected rows of one checked export as the user reads them: each with its file line, field,
 * value, reason code and Russian message (rows DuckDB could not parse, rows with the wrong number
 * of fields, rejected fields, physical rejects), and the file's accounting report.
 */
import { localDayOf as localDay } from "../../src/core/format.ts";
import type { TableName } from "../schema.ts";
import type { AliasConfig } from "./aliases.ts";
import type { YearSpan } from "./calendar-years.ts";
import { recordText } from "./line-index.ts";
import type { FileReport } from "./load-dataset.ts";
import { rejectMessage } from "./messages.ts";
import { invalidUtf8Warning, physicalReject } from "./physical-rejects.ts";
import type { Reject } from "./reject-codes.ts";
import type { TableCheck } from "./table-check.ts";
import type { OpenedTableFile } from "./table-file.ts";

/** How «now» and «today» read in the messages about dates in the future or outside the calendar. */
export interface RejectClock {
  now: Date;
  zone: string;
  calendarYears: YearSpan | null;
}

function localLabel(date: Date, zone: string): string {
  const text = new Intl.DateTimeFormat("ru-RU", {
    timeZone: zone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  }).format(date);
  return `${text.replace(",", "")} (${zone})`;
}

function malformedReject(table: TableName, fileName: string, line: number, value: string, readerError: { type: string; message: string }): Reject {
  return {
    file: table,
    line,
    field: "*",
    value,
    code: "malformed_row",
    message: rejectMessage({ table, fileName, line, field: "*", value, code: "malformed_row", readerError }),
  };
}

/** Every reject of the file, in the order: unparsed rows, rejected rows (by ordinal, field), physical rejects. */
export function tableRejects(table: TableName, file: OpenedTableFile, check: TableCheck, aliases: AliasConfig, clock: RejectClock): Reject[] {
  const { fileName, headerFields, mapping } = file;
  const { lookup } = check;
  const problemByOrdinal = new Map(check.fieldProblems.map((p) => [p.ordinal, p]));
  const labels = { nowLabel: localLabel(clock.now, clock.zone), todayLabel: localDay(clock.now, clock.zone), calendarYears: clock.calendarYears };
  const rejects: Reject[] = [];
  for (const m of check.malformed) {
    const value = m.csvLine.replace(/^[\r\n]+/, "").replace(/[\r\n]+$/, "");
    rejects.push(malformedReject(table, fileName, lookup.lineOfByte(m.position), value, { type: m.errorType, message: m.errorMessage }));
  }
  for (const x of check.long) {
    const line = lookup.lineOfOrdinal(x.ord);
    const problem = problemByOrdinal.get(x.ord);
    if (problem) {
      rejects.push(
        malformedReject(table, fileName, line, recordText(file.readPath, check.index, problem.record), {
          type: problem.fields > headerFields.length ? "TOO MANY COLUMNS" : "MISSING COLUMNS",
          message: `Expected Number of Columns: ${headerFields.length} Found: ${problem.fields}`,
        }),
      );
      continue;
    }
    const value = x.value ?? "";
    const columnAbsent = x.code === "missing_required" && mapping.columnIndex[x.field] === undefined;
    rejects.push({
      file: table,
      line,
      field: x.field,
      value,
      code: x.code,
      message: rejectMessage({
        table,
        fileName,
        line,
        field: x.field,
        value,
        code: x.code,
        firstLine: x.otherOrd === null ? undefined : lookup.lineOfOrdinal(x.otherOrd),
        columnAbsent,
        headerAliases: aliases.columns[table]?.[x.field] ?? [],
        ...labels,
      }),
    });
  }
  for (const r of file.physical.rejects) rejects.push(physicalReject(table, fileName, r));
  return rejects;
}

/** The file's accounting: read = accepted + rejected, counting unparsed rows and physical rejects. */
export function tableReport(file: OpenedTableFile, check: TableCheck): FileReport {
  const physical = file.physical.rejects.length;
  const warnings = [
    invalidUtf8Warning(file.physical.rejects),
    check.lookup.consistent ? null : "номера строк могут быть неточны: разбор файла и DuckDB разошлись в числе записей",
  ].filter((w): w is string => w !== null);
  return {
    path: file.path,
    status: "ok",
    encoding: file.encoding,
    delimiter: file.delimiter,
    read: check.parsed + check.malformed.length + physical,
    accepted: check.accepted,
    rejected: check.rejectedOrds.size + check.malformed.length + physical,
    ...(warnings.length > 0 ? { warning: warnings.join("; ") } : {}),
    columns: file.mapping.columnHeader,
    ignoredColumns: file.mapping.unmapped,
  };
}
