/**
 * A compact, JSON-ready column layout for tables of plain rows: every string column is stored as
 * a dictionary of its distinct values and one index per row, every number column as its values.
 * Loaders write tables with `encodeColumns`; pages and tests read them back with `decodeColumns`.
 *
 * @example
 * encodeColumns([{ month: "2026-01", n: 3 }, { month: "2026-01", n: 4 }])
 * // → { length: 2, columns: { month: { dictionary: ["2026-01"], index: [0, 0] }, n: { values: [3, 4] } } }
 */

export type ColumnValue = string | number | boolean | null;

export type EncodedColumn = { dictionary: (string | null)[]; index: number[] } | { values: (number | boolean | null)[] };

export interface EncodedTable {
  length: number;
  columns: Record<string, EncodedColumn>;
}

function encodeColumn(values: readonly ColumnValue[]): EncodedColumn {
  if (!values.some((v) => typeof v === "string")) return { values: values as (number | boolean | null)[] };
  const positions = new Map<string | null, number>();
  const dictionary: (string | null)[] = [];
  const index = values.map((value) => {
    const key = value === null ? null : String(value);
    let position = positions.get(key);
    if (position === undefined) {
      position = dictionary.length;
      positions.set(key, position);
      dictionary.push(key);
    }
    return position;
  });
  return { dictionary, index };
}

/** Rows (all with the keys of `names`) → columns. */
export function encodeColumns<T extends object>(rows: readonly T[], names: readonly (keyof T & string)[]): EncodedTable {
  const columns: Record<string, EncodedColumn> = {};
  for (const name of names) columns[name] = encodeColumn(rows.map((row) => (row[name] ?? null) as ColumnValue));
  return { length: rows.length, columns };
}

/** Columns → rows, each with every column of the table. */
export function decodeColumns<T>(table: EncodedTable): T[] {
  const names = Object.keys(table.columns);
  const rows: Record<string, ColumnValue>[] = Array.from({ length: table.length }, () => ({}));
  for (const name of names) {
    const column = table.columns[name]!;
    if ("dictionary" in column) column.index.forEach((position, i) => (rows[i]![name] = column.dictionary[position] ?? null));
    else column.values.forEach((value, i) => (rows[i]![name] = value));
  }
  return rows as T[];
}
