/**
 * Rejects and warnings of the physical-record scan (physical-records.ts) as users read them, and
 * text made safe for a terminal (no control characters from a damaged or binary file).
 */
import { pluralRu } from "../../src/core/format.ts";
import type { TableName } from "../schema.ts";
import { quoteValue } from "./messages.ts";
import { MAX_RECORD_BYTES, MAX_RECORD_LABEL, type PhysicalReject } from "./physical-records.ts";
import { REJECT_CODES, type Reject } from "./reject-codes.ts";

/** `text` without control characters: CR, tab and the rest become visible marks or spaces; LF is kept. */
export function printable(text: string): string {
  return text
    .replace(/\r\n/g, "\n")
    .replace(/\r/g, "␍")
    .replace(/\t/g, " ")
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, "�");
}

const mb = (bytes: number) => (bytes / (1 << 20)).toLocaleString("ru-RU", { maximumFractionDigits: 1 });

const lineWord = (n: number): string => pluralRu(n, ["строку", "строки", "строк"]);

function detail(r: PhysicalReject): string {
  switch (r.code) {
    case "unterminated_quote": {
      const last = r.line + r.spannedLines - 1;
      const swallowed =
        r.quoteEnd === "end_of_file"
          ? `кавычка не закрыта до конца файла: поле поглотило бы ${r.spannedLines} ${lineWord(r.spannedLines)} (${r.line}–${last})`
          : r.quoteEnd === "limit"
            ? `кавычка не закрыта в пределах ${MAX_RECORD_LABEL}: поле поглотило бы более ${r.spannedLines} ${lineWord(r.spannedLines)}`
            : `поле поглотило бы ${r.spannedLines} ${lineWord(r.spannedLines)} (${r.line}–${last}), а следующая строка сама разбирается как запись`;
      return `${swallowed}; отклонена только строка ${r.line}, чтение продолжено со строки ${r.line + 1}`;
    }
    case "line_too_long":
      return `длина ${mb(r.bytes)} МБ при допустимых ${MAX_RECORD_LABEL} (${MAX_RECORD_BYTES.toLocaleString("ru-RU")} байт) на запись`;
    case "invalid_encoding":
      return "файл прочитан как UTF-8 (остальные строки в этой кодировке), строка отклонена; неверные байты показаны как «�»";
  }
}

export function physicalReject(table: TableName, fileName: string, r: PhysicalReject): Reject {
  const value = printable(r.preview);
  return {
    file: table,
    line: r.line,
    field: "*",
    value,
    code: r.code,
    message: `${fileName}, строка ${r.line}: ${REJECT_CODES[r.code]} — ${quoteValue(value)}; ${detail(r)}`,
  };
}

/** The file-level warning about lines with invalid UTF-8 bytes, naming them (the first ten). */
export function invalidUtf8Warning(rejects: readonly PhysicalReject[]): string | null {
  const lines = rejects.filter((r) => r.code === "invalid_encoding").map((r) => r.line);
  if (lines.length === 0) return null;
  const shown = lines.slice(0, 10).join(", ");
  const more = lines.length > 10 ? ` и ещё ${lines.length - 10}` : "";
  return `файл в UTF-8, но в ${lines.length === 1 ? "строке" : "строках"} ${shown}${more} есть байты не UTF-8: эти строки отклонены`;
}
