/**
 * Damaged exports for the validation rules: dates (two-digit and absurd years, years the
 * production calendar does not cover, impossible offsets), chronology (a resolution before the
 * first response), absurd numbers, and a header naming one column twice. Each case rewrites one
 * field (or one header name) of a row picked by code from data/sample/: the first clean row
 * (not planted invalid, no quotes) that the damage applies to.
 */
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RejectCode } from "../../loaders/ingest/reject-codes.ts";
import type { TableName } from "../../loaders/schema.ts";
import type { DamageCase } from "./case.ts";

/** A reject `validate` must report beyond the sample's planted ones. */
export interface ExpectedReject {
  file: TableName;
  line: number;
  field: string;
  code: RejectCode;
  /** texts the Russian message contains (besides «<file>.csv, строка N, поле «field»») */
  says: string[];
}

/** What validate, tickets and metrics do on a case. */
export interface RuleExpectation {
  /** the group of rules the case tests: 7 years out of range, 8 duplicate headers, 11 offsets, numbers and chronology */
  row: 7 | 8 | 11;
  validateExit: number;
  rejects: ExpectedReject[];
  /** ids of clients or projects rejected by the damage: rows referring to them may be rejected as unknown_reference too */
  cascadeIds?: string[];
  /** a file refused as a whole: its error (stderr on exit 2, else files[table].error) says these */
  fileError?: { table: TableName; says: string[] };
  /** tickets and metrics succeed afterwards (else they fail with fileError's text) */
  laterCommandsSucceed: boolean;
}

export interface RuleCase extends DamageCase {
  expect(sampleDir: string): RuleExpectation;
}

interface PickedRow {
  /** 1-based physical line */
  line: number;
  header: string[];
  fields: string[];
  get(column: string): string;
}

function fileLines(dir: string, table: TableName): string[] {
  return readFileSync(join(dir, `${table}.csv`), "utf8").split("\n");
}

function plantedLines(sampleDir: string, table: TableName): Set<number> {
  const planted = JSON.parse(readFileSync(join(sampleDir, "INVALID_ROWS.json"), "utf8")) as { file: string; line: number }[];
  return new Set(planted.filter((p) => p.file === table).map((p) => p.line));
}

/** The first clean row of `table` (all fields present, no quotes, not planted invalid) that `want` accepts. */
function pickRow(sampleDir: string, table: TableName, want: (row: PickedRow) => boolean = () => true): PickedRow {
  const lines = fileLines(sampleDir, table);
  const header = lines[0]!.split(",");
  const planted = plantedLines(sampleDir, table);
  for (let i = 1; i < lines.length; i++) {
    const text = lines[i]!;
    if (text === "" || text.includes('"') || planted.has(i + 1)) continue;
    const fields = text.split(",");
    if (fields.length !== header.length) continue;
    const row: PickedRow = { line: i + 1, header, fields, get: (column) => fields[header.indexOf(column)]! };
    if (want(row)) return row;
  }
  throw new Error(`no row of ${table}.csv fits the damage`);
}

function copySample(sampleDir: string, outDir: string): void {
  for (const name of readdirSync(sampleDir)) copyFileSync(join(sampleDir, name), join(outDir, name));
}

/** Copies the sample with the given fields of one row replaced. */
function rewriteRow(sampleDir: string, outDir: string, table: TableName, row: PickedRow, values: Record<string, string>): void {
  copySample(sampleDir, outDir);
  const lines = fileLines(sampleDir, table);
  const fields = [...row.fields];
  for (const [column, value] of Object.entries(values)) fields[row.header.indexOf(column)] = value;
  lines[row.line - 1] = fields.join(",");
  writeFileSync(join(outDir, `${table}.csv`), lines.join("\n"));
}

/** Copies the sample with one header name of `table` replaced. */
function renameHeader(sampleDir: string, outDir: string, table: TableName, from: string, to: string): void {
  copySample(sampleDir, outDir);
  const lines = fileLines(sampleDir, table);
  const header = lines[0]!.split(",");
  header[header.indexOf(from)] = to;
  lines[0] = header.join(",");
  writeFileSync(join(outDir, `${table}.csv`), lines.join("\n"));
}

/** A case that rewrites fields of one picked row. */
function rowCase(
  id: string,
  description: string,
  table: TableName,
  want: (row: PickedRow) => boolean,
  values: (row: PickedRow) => Record<string, string>,
  expectation: (row: PickedRow) => RuleExpectation,
): RuleCase {
  return {
    id,
    description,
    write: (sampleDir, outDir) => {
      const row = pickRow(sampleDir, table, want);
      rewriteRow(sampleDir, outDir, table, row, values(row));
    },
    expect: (sampleDir) => expectation(pickRow(sampleDir, table, want)),
  };
}

const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+03:00$/;
const isoTicket = (row: PickedRow) => ISO_WITH_OFFSET.test(row.get("created_at"));
const answeredAndResolved = (row: PickedRow) =>
  isoTicket(row) && ISO_WITH_OFFSET.test(row.get("first_response_at")) && ISO_WITH_OFFSET.test(row.get("resolved_at"));

/** `2024-12-12T17:53:18+03:00` → `12.12.24 17:53` (Excel's short date). */
function twoDigitYear(iso: string): string {
  return `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(2, 4)} ${iso.slice(11, 16)}`;
}

/** An instant written as in the sample (Moscow, +03:00) `hours` later. */
function laterMoscow(iso: string, hours: number): string {
  const moscow = new Date(Date.parse(iso) + (hours + 3) * 3_600_000);
  return `${moscow.toISOString().slice(0, 19)}+03:00`;
}

const accepted = (row: 7 | 8 | 11): RuleExpectation => ({ row, validateExit: 0, rejects: [], laterCommandsSucceed: true });
const rejected = (row: 7 | 8 | 11, ...rejects: ExpectedReject[]): RuleExpectation => ({ row, validateExit: 0, rejects, laterCommandsSucceed: true });

export const CASES: RuleCase[] = [
  rowCase(
    "rules-two-digit-year",
    "One ticket's created_at written with a two-digit year (dd.mm.yy hh:mm), as Excel shortens dates.",
    "tickets",
    isoTicket,
    (row) => ({ created_at: twoDigitYear(row.get("created_at")) }),
    (row) =>
      rejected(7, {
        file: "tickets",
        line: row.line,
        field: "created_at",
        code: "year_out_of_range",
        says: [`прочитан год ${row.get("created_at").slice(2, 4)}`, "двузначный год не принимается"],
      }),
  ),
  rowCase(
    "rules-year-0001",
    "One ticket's created_at is 0001-01-01 (a placeholder date).",
    "tickets",
    isoTicket,
    () => ({ created_at: "0001-01-01" }),
    (row) =>
      rejected(7, { file: "tickets", line: row.line, field: "created_at", code: "year_out_of_range", says: ["прочитан год 0001", "допустимы годы от 2000 до 2027"] }),
  ),
  rowCase(
    "rules-far-future-due-date",
    "One invoice's due_at (a planned date, allowed in the future) is in the year 2999.",
    "payments",
    () => true,
    () => ({ due_at: "2999-12-31" }),
    (row) => rejected(7, { file: "payments", line: row.line, field: "due_at", code: "year_out_of_range", says: ["прочитан год 2999"] }),
  ),
  rowCase(
    "rules-year-outside-calendar",
    "One ticket created in 2001, a year the production calendar (data/calendar) does not cover.",
    "tickets",
    isoTicket,
    () => ({ created_at: "2001-06-01T10:00:00+03:00" }),
    (row) =>
      rejected(7, {
        file: "tickets",
        line: row.line,
        field: "created_at",
        code: "year_not_in_calendar",
        says: ["прочитан год 2001", "покрывает 2024–2027", "data/calendar/ru-2001.xml"],
      }),
  ),
  {
    id: "rules-year-2000-outside-tickets",
    description: "The earliest accepted year (2000) in a client's contract_start, an NPS answer and a visit: accepted, and nothing later fails.",
    write: (sampleDir, outDir) => {
      copySample(sampleDir, outDir);
      const edits: Array<[TableName, string, string]> = [
        ["clients", "contract_start", "2000-01-01"],
        ["nps", "answered_at", "2000-01-03"],
        ["visits", "visited_at", "2000-01-04"],
      ];
      for (const [table, column, value] of edits) {
        const row = pickRow(sampleDir, table, (r) => table !== "clients" || r.get("churned_at") === "");
        const lines = fileLines(outDir, table);
        const fields = [...row.fields];
        fields[row.header.indexOf(column)] = value;
        lines[row.line - 1] = fields.join(",");
        writeFileSync(join(outDir, `${table}.csv`), lines.join("\n"));
      }
    },
    expect: () => accepted(7),
  },
  {
    id: "rules-duplicate-created-at",
    description: "tickets.csv's header names created_at twice: the category column is headed «Дата создания», an alias of created_at.",
    write: (sampleDir, outDir) => renameHeader(sampleDir, outDir, "tickets", "category", "Дата создания"),
    expect: (sampleDir) => {
      const header = fileLines(sampleDir, "tickets")[0]!.split(",");
      const says = [
        "столбец «created_at» указан в заголовке дважды",
        `столбец ${header.indexOf("created_at") + 1} («created_at»)`,
        `столбец ${header.indexOf("category") + 1} («Дата создания»)`,
      ];
      return { row: 8, validateExit: 2, rejects: [], fileError: { table: "tickets", says }, laterCommandsSucceed: false };
    },
  },
  {
    id: "rules-duplicate-score",
    description: "nps.csv (an optional file) has its comment column headed «score» too.",
    write: (sampleDir, outDir) => renameHeader(sampleDir, outDir, "nps", "comment", "score"),
    expect: (sampleDir) => {
      const header = fileLines(sampleDir, "nps")[0]!.split(",");
      const says = [`столбец ${header.indexOf("score") + 1} («score») и столбец ${header.indexOf("comment") + 1} («score»)`];
      return { row: 8, validateExit: 0, rejects: [], fileError: { table: "nps", says }, laterCommandsSucceed: true };
    },
  },
  rowCase(
    "rules-offset-plus-25",
    "One ticket's created_at carries the impossible offset +25:00.",
    "tickets",
    isoTicket,
    (row) => ({ created_at: row.get("created_at").replace("+03:00", "+25:00") }),
    (row) => rejected(11, { file: "tickets", line: row.line, field: "created_at", code: "invalid_offset", says: ["смещение +25:00", "от −14:00 до +14:00"] }),
  ),
  rowCase(
    "rules-response-after-resolution",
    "One ticket's first response is an hour after its resolution.",
    "tickets",
    answeredAndResolved,
    (row) => ({ first_response_at: laterMoscow(row.get("resolved_at"), 1) }),
    (row) =>
      rejected(11, {
        file: "tickets",
        line: row.line,
        field: "resolved_at",
        code: "resolved_before_response",
        says: ["Решено раньше первого ответа", "«resolved_at» не может быть раньше «first_response_at»"],
      }),
  ),
  rowCase(
    "rules-effort-absurd",
    "One ticket's effort_minutes is 99999999999999999999.",
    "tickets",
    (row) => row.get("effort_minutes") !== "",
    () => ({ effort_minutes: "99999999999999999999" }),
    (row) => rejected(11, { file: "tickets", line: row.line, field: "effort_minutes", code: "out_of_range", says: ["допустимо от 0 до 10 080"] }),
  ),
  {
    id: "rules-absurd-numbers",
    description: "Absurd values in every other bounded numeric column: mrr_rub, amount_rub, critical_remarks, onsite_hours, travel_hours.",
    write: (sampleDir, outDir) => {
      copySample(sampleDir, outDir);
      for (const [table, row, values] of absurdEdits(sampleDir)) {
        const lines = fileLines(outDir, table);
        const fields = [...row.fields];
        for (const [column, value] of Object.entries(values)) fields[row.header.indexOf(column)] = value;
        lines[row.line - 1] = fields.join(",");
        writeFileSync(join(outDir, `${table}.csv`), lines.join("\n"));
      }
    },
    expect: (sampleDir) => {
      const rejects: ExpectedReject[] = [];
      const bounds: Record<string, string> = {
        mrr_rub: "до 100 000 000",
        amount_rub: "до 100 000 000",
        critical_remarks: "до 1 000",
        onsite_hours: "до 24",
        travel_hours: "до 24",
      };
      for (const [table, row, values] of absurdEdits(sampleDir)) {
        for (const column of Object.keys(values)) {
          rejects.push({ file: table, line: row.line, field: column, code: "out_of_range", says: [bounds[column]!] });
        }
      }
      const edits = absurdEdits(sampleDir);
      const cascadeIds = [edits[0]![1].get("client_id"), edits[2]![1].get("project_id")];
      return { ...rejected(11, ...rejects), cascadeIds };
    },
  },
];

/** The rows and values of the «absurd numbers» case. */
function absurdEdits(sampleDir: string): Array<[TableName, PickedRow, Record<string, string>]> {
  return [
    ["clients", pickRow(sampleDir, "clients"), { mrr_rub: "1000000000000" }],
    ["payments", pickRow(sampleDir, "payments"), { amount_rub: "1000000000000" }],
    ["projects", pickRow(sampleDir, "projects"), { critical_remarks: "5000" }],
    ["visits", pickRow(sampleDir, "visits"), { onsite_hours: "25", travel_hours: "48" }],
  ];
}
