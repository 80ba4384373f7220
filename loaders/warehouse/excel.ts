/**
 * Excel exports as CSV text for the ordinary loader: an `.xlsx` workbook (exceljs) or Bitrix24's
 * «Экспорт в Excel», an HTML table saved as `.xls` (htmlparser2). The first non-empty row is the
 * header; empty rows are skipped; each CSV record remembers the sheet row it came from so rejects
 * name the sheet row.
 *
 * Date cells are wall-clock values (Excel keeps no time zone; exceljs returns them as UTC fields):
 * they are written without an offset — `YYYY-MM-DD` at midnight, else `YYYY-MM-DDTHH:MM:SS` —
 * so the loader reads them in the calendar's time zone like any other local time. Text cells
 * (text dates included) pass through as written.
 */
import { readFileSync, writeFileSync } from "node:fs";
import ExcelJS from "exceljs";
import { Parser } from "htmlparser2";
import iconv from "iconv-lite";

export interface SheetCsv {
  /** the sheet's name (the workbook's first sheet; «HTML» for an HTML table) */
  sheet: string;
  /** CSV physical line (1 = header) → sheet row (1-based) */
  sheetRowOfLine: Map<number, number>;
  /** the header fields as written */
  header: string[];
}

export type ExcelKind = "xlsx" | "html";

/** `.xlsx` by its zip signature, an HTML table by its markup; null: not an Excel export. */
export function excelKind(path: string): ExcelKind | null {
  const lower = path.toLowerCase();
  if (!lower.endsWith(".xlsx") && !lower.endsWith(".xls")) return null;
  const head = readFileSync(path).subarray(0, 512);
  if (head[0] === 0x50 && head[1] === 0x4b) return "xlsx";
  if (/<(html|table|meta|!doctype)/i.test(head.toString("latin1"))) return "html";
  return null;
}

const pad = (n: number, width = 2): string => String(n).padStart(width, "0");

/** A date cell's wall-clock text (its UTC fields). */
export function wallClockText(date: Date): string {
  const day = `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  const h = date.getUTCHours();
  const m = date.getUTCMinutes();
  const s = date.getUTCSeconds() + (date.getUTCMilliseconds() >= 500 ? 1 : 0);
  return h === 0 && m === 0 && s === 0 ? day : `${day}T${pad(h)}:${pad(m)}:${pad(Math.min(s, 59))}`;
}

/** The text of an exceljs cell value. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return wallClockText(value);
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (typeof value === "string") return value;
  if (typeof value === "object") {
    if ("richText" in value) return value.richText.map((part) => part.text).join("");
    if ("result" in value) return cellText(value.result as ExcelJS.CellValue);
    if ("text" in value) return String(value.text);
    if ("error" in value) return String(value.error);
  }
  return String(value);
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** Writes rows (with their sheet row numbers) as CSV; the first non-empty row is the header. */
export function writeRowsAsCsv(rows: readonly { sheetRow: number; cells: string[] }[], csvPath: string, sheet: string): SheetCsv {
  const nonEmpty = rows.filter((r) => r.cells.some((c) => c.trim() !== ""));
  const header = nonEmpty[0]?.cells ?? [];
  const width = header.length;
  const sheetRowOfLine = new Map<number, number>();
  const lines: string[] = [];
  let line = 1;
  for (const row of nonEmpty) {
    sheetRowOfLine.set(line, row.sheetRow);
    const cells = row.cells.length < width ? [...row.cells, ...Array(width - row.cells.length).fill("")] : row.cells;
    const text = cells.map(csvField).join(",");
    lines.push(text);
    line += (text.match(/\r\n|\n|\r/g)?.length ?? 0) + 1;
  }
  writeFileSync(csvPath, lines.join("\n") + "\n", "utf8");
  return { sheet, sheetRowOfLine, header };
}

/** The first worksheet of an `.xlsx` file as CSV. */
export async function xlsxToCsv(path: string, csvPath: string): Promise<SheetCsv> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.readFile(path);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error("в книге нет листов");
  const rows: { sheetRow: number; cells: string[] }[] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: string[] = [];
    for (let column = 1; column <= row.cellCount; column++) cells.push(cellText(row.getCell(column).value));
    rows.push({ sheetRow: rowNumber, cells });
  });
  return writeRowsAsCsv(rows, csvPath, sheet.name);
}

function htmlCharset(bytes: Buffer): string {
  const head = bytes.subarray(0, 2048).toString("latin1");
  return /charset\s*=\s*["']?\s*(windows-1251|cp1251)/i.test(head) ? "win1251" : "utf8";
}

const LINE_BREAK = "\u0000";

/** The rows of the first `<table>` of an HTML document: every `<tr>` is a sheet row, `<td>`/`<th>` its cells. */
export function htmlTableRows(html: string): { sheetRow: number; cells: string[] }[] {
  const rows: { sheetRow: number; cells: string[] }[] = [];
  let depth = 0;
  let done = false;
  let row: string[] | null = null;
  let cell: string | null = null;
  const parser = new Parser(
    {
      onopentag(name) {
        if (done) return;
        if (name === "table") depth++;
        else if (depth === 1 && name === "tr") row = [];
        else if (depth === 1 && (name === "td" || name === "th") && row) cell = "";
        else if (name === "br" && cell !== null) cell += LINE_BREAK;
      },
      ontext(text) {
        if (cell !== null) cell += text;
      },
      onclosetag(name) {
        if (done) return;
        if ((name === "td" || name === "th") && row && cell !== null) {
          row.push(cell.replace(/\s+/g, " ").trim().replaceAll(` ${LINE_BREAK}`, LINE_BREAK).replaceAll(LINE_BREAK, "\n"));
          cell = null;
        } else if (name === "tr" && row) {
          rows.push({ sheetRow: rows.length + 1, cells: row });
          row = null;
        } else if (name === "table" && --depth === 0) done = true;
      },
    },
    { decodeEntities: true, lowerCaseTags: true },
  );
  parser.write(html);
  parser.end();
  return rows;
}

/** Bitrix24's «Экспорт в Excel» (an HTML table in a `.xls` file) as CSV. */
export function htmlXlsToCsv(path: string, csvPath: string): SheetCsv {
  const bytes = readFileSync(path);
  const html = iconv.decode(bytes, htmlCharset(bytes));
  const rows = htmlTableRows(html);
  if (rows.length === 0) throw new Error("в файле нет HTML-таблицы");
  return writeRowsAsCsv(rows, csvPath, "HTML");
}

export async function excelToCsv(path: string, kind: ExcelKind, csvPath: string): Promise<SheetCsv> {
  return kind === "xlsx" ? xlsxToCsv(path, csvPath) : htmlXlsToCsv(path, csvPath);
}
