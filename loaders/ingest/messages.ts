/**
 * Russian messages of rejected rows: each names the file, the line, the field, the value and
 * what was expected.
 */
import { SCHEMA, type ColumnSpec, type TableName } from "../schema.ts";
import type { YearSpan } from "./calendar-years.ts";
import { REJECT_CODES, type RejectCode } from "./reject-codes.ts";
import { CHRONOLOGY_RULES, MAX_OFFSET_MINUTES, MIN_YEAR, chronologyCode, maxYear } from "./rules.ts";

export interface MessageContext {
  table: TableName;
  /** the file name as the user sees it */
  fileName: string;
  line: number;
  field: string;
  value: string;
  code: RejectCode;
  /** duplicate_id: line of the first occurrence */
  firstLine?: number;
  /** malformed_row: DuckDB's error type and message */
  readerError?: { type: string; message: string };
  /** missing_required: the column is absent from the file's header */
  columnAbsent?: boolean;
  /** alias headers accepted for the field (for missing columns) */
  headerAliases?: readonly string[];
  nowLabel?: string;
  todayLabel?: string;
  /** year_not_in_calendar: the years the production calendar covers */
  calendarYears?: YearSpan | null;
}

const MAX_VALUE_CHARS = 120;
const RU_NUMBER = new Intl.NumberFormat("ru-RU");

export function quoteValue(value: string): string {
  const oneLine = value.replace(/\r?\n/g, "↵");
  return `«${oneLine.length > MAX_VALUE_CHARS ? oneLine.slice(0, MAX_VALUE_CHARS) + "…" : oneLine}»`;
}

function columnSpec(table: TableName, field: string): ColumnSpec | undefined {
  return SCHEMA[table].columns.find((c) => c.name === field);
}

function malformedDetail(error: { type: string; message: string } | undefined): string {
  if (!error) return "";
  const counts = /Expected Number of Columns:\s*(\d+)\s*Found:\s*(\d+)/i.exec(error.message);
  switch (error.type) {
    case "TOO MANY COLUMNS":
    case "MISSING COLUMNS":
      return counts ? `ожидалось полей: ${counts[1]}, найдено: ${counts[2]}` : "неверное число полей";
    case "UNQUOTED VALUE":
      return "кавычки не закрыты или после закрывающей кавычки есть лишние символы";
    case "INVALID ENCODING":
      return "текст не в кодировке UTF-8 / Windows-1251";
    case "LINE SIZE OVER MAXIMUM":
      return "строка длиннее допустимого (2 МБ)";
    default:
      return error.message.split("\n")[0] ?? "";
  }
}

/** The year as written in a date (ISO `2026-…` or day-first `05.10.26`), or null. */
export function writtenYear(value: string): string | null {
  const text = value.trim();
  return /^(\d+)-/.exec(text)?.[1] ?? /^\d{1,2}\.\d{1,2}\.(\d+)/.exec(text)?.[1] ?? null;
}

function yearDetail(ctx: MessageContext): string {
  const year = writtenYear(ctx.value);
  const last = ctx.todayLabel ? maxYear(ctx.todayLabel) : null;
  const range = last === null ? `не раньше ${MIN_YEAR}` : `от ${MIN_YEAR} до ${last}`;
  const twoDigits = year !== null && year.length <= 2 ? "; двузначный год не принимается — пишите год четырьмя цифрами" : "";
  return `${year === null ? "" : `прочитан год ${year}, `}допустимы годы ${range}${twoDigits}`;
}

function offsetDetail(value: string): string {
  const offset = /([+-]\d{2}(?::?\d{2})?)\s*$/.exec(value)?.[1];
  const hours = MAX_OFFSET_MINUTES / 60;
  return `${offset ? `смещение ${offset}: ` : ""}допустимо от −${hours}:00 до +${hours}:00`;
}

function expectation(ctx: MessageContext, spec: ColumnSpec | undefined): string {
  switch (ctx.code) {
    case "malformed_row":
      return malformedDetail(ctx.readerError);
    case "missing_required":
      if (ctx.columnAbsent) {
        const names = [ctx.field, ...(ctx.headerAliases ?? [])].map((n) => `«${n}»`).join(", ");
        return `в заголовке файла нет такого столбца (подходят: ${names})`;
      }
      return "поле обязательно";
    case "invalid_timestamp":
      return "ожидается ISO 8601 (2026-03-05T10:15:00+03:00) или дд.мм.гггг чч:мм[:сс]; без смещения — московское время";
    case "invalid_date":
      return "ожидается дата 2026-03-05 или 05.03.2026";
    case "invalid_type":
      if (spec?.type === "bool") return "ожидается да/нет, true/false или 1/0";
      if (spec?.type === "integer") return "ожидается целое число";
      return "ожидается число (дробная часть через запятую или точку)";
    case "unknown_enum":
      return `допустимо: ${(spec?.values ?? []).join(", ")} или русские названия из config/header-aliases.json`;
    case "duplicate_id":
      return ctx.firstLine ? `первое вхождение — строка ${ctx.firstLine}; строка отклонена` : "строка отклонена";
    case "unknown_reference":
      return ctx.field === "project_id" ? "такого проекта нет среди принятых проектов" : "такого клиента нет среди принятых клиентов";
    case "chronology":
    case "resolved_before_response": {
      const rule = CHRONOLOGY_RULES[ctx.table].find((r) => r.later === ctx.field && chronologyCode(r) === ctx.code);
      return rule ? `«${ctx.field}» не может быть раньше «${rule.earlier}»` : "";
    }
    case "year_out_of_range":
      return yearDetail(ctx);
    case "year_not_in_calendar": {
      const year = writtenYear(ctx.value);
      const span = ctx.calendarYears;
      const parts = [
        year === null ? null : `прочитан год ${year}`,
        span ? `производственный календарь (data/calendar) покрывает ${span.first}–${span.last}` : null,
        `срок SLA по этому году не посчитать — добавьте data/calendar/ru-${year ?? "ГГГГ"}.xml`,
      ];
      return parts.filter((part) => part !== null).join("; ");
    }
    case "invalid_offset":
      return offsetDetail(ctx.value);
    case "future_timestamp":
      return spec?.type === "date"
        ? `позже сегодняшнего дня (${ctx.todayLabel ?? ""})`
        : `позже момента проверки (${ctx.nowLabel ?? ""})`;
    case "negative_value":
      return "значение не может быть меньше нуля";
    case "out_of_range": {
      const [min, max] = [spec?.min, spec?.max].map((n) => (n === undefined ? undefined : RU_NUMBER.format(n)));
      if (min !== undefined && max !== undefined) return `допустимо от ${min} до ${max}`;
      if (min !== undefined) return `допустимо не меньше ${min}`;
      return `допустимо не больше ${max}`;
    }
    default:
      return "";
  }
}

export function rejectMessage(ctx: MessageContext): string {
  const spec = columnSpec(ctx.table, ctx.field);
  const where =
    ctx.field === "*"
      ? `${ctx.fileName}, строка ${ctx.line}`
      : `${ctx.fileName}, строка ${ctx.line}, поле «${ctx.field}»${spec ? ` (${spec.descriptionRu})` : ""}`;
  const value = ctx.value === "" ? "пусто" : quoteValue(ctx.value);
  const detail = expectation(ctx, spec);
  return `${where}: ${REJECT_CODES[ctx.code]} — ${value}${detail ? `; ${detail}` : ""}`;
}
