/**
 * The CSV of a chart's data for Russian Excel: UTF-8 with BOM, «;» as separator, decimal comma,
 * dates ISO, booleans да/нет, formula-like cells neutralised (pure).
 */
import type { ExportColumn, ExportRow } from "./types.js";

export const CSV_BOM = "\ufeff";
export const CSV_SEPARATOR = ";";

/** A text cell that a spreadsheet would run as a formula gets a leading apostrophe. */
export function neutralizeCell(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? "'" + text : text;
}

function isoOfDate(date: Date): string {
  const iso = date.toISOString();
  return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso.replace(".000Z", "Z");
}

/** One value as CSV text (before quoting): numbers with a decimal comma, dates ISO, booleans да/нет. */
export function csvValue(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value).replace(".", ",") : "";
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "boolean") return value ? "да" : "нет";
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? "" : isoOfDate(value);
  return neutralizeCell(String(value));
}

/** Quotes a cell when it holds the separator, a quote or a line break. */
export function csvQuote(text: string, separator = CSV_SEPARATOR): string {
  return text.includes(separator) || /["\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function columnsOf(rows: readonly ExportRow[]): ExportColumn[] {
  const keys = new Set<string>();
  for (const row of rows) for (const key of Object.keys(row)) keys.add(key);
  return [...keys].map((key) => ({ key, label: key }));
}

/** The whole CSV file as a string, BOM first, CRLF line ends. */
export function toCsv(rows: readonly ExportRow[], columns: readonly ExportColumn[] = columnsOf(rows)): string {
  const lines = [columns.map((c) => csvQuote(neutralizeCell(c.label))).join(CSV_SEPARATOR)];
  for (const row of rows) lines.push(columns.map((c) => csvQuote(csvValue(row[c.key]))).join(CSV_SEPARATOR));
  return CSV_BOM + lines.join("\r\n") + "\r\n";
}
