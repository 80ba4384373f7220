/**
 * Arrow IPC (from the data loaders) → plain row objects for Plot, tables and CSV: timestamp and
 * date columns become Date, everything else stays as Arrow gives it (numbers, strings, booleans, null).
 */
import { tableFromIPC, DataType } from "apache-arrow";

export function rowsFromIpc<T = Record<string, unknown>>(buffer: ArrayBuffer | Uint8Array): T[] {
  const table = tableFromIPC(buffer instanceof Uint8Array ? buffer : new Uint8Array(buffer));
  const fields = table.schema.fields;
  const columns = fields.map((f) => table.getChild(f.name)!);
  const isTime = fields.map((f) => DataType.isTimestamp(f.type) || DataType.isDate(f.type));
  const rows: T[] = new Array(table.numRows);
  for (let i = 0; i < table.numRows; i++) {
    const row: Record<string, unknown> = {};
    for (let c = 0; c < fields.length; c++) {
      const value = columns[c]!.get(i);
      row[fields[c]!.name] = value === null || value === undefined ? null : isTime[c] ? new Date(Number(value)) : typeof value === "bigint" ? Number(value) : value;
    }
    rows[i] = row as T;
  }
  return rows;
}
