/**
 * A compact, JSON-ready column layout for tables of plain rows: every string column is stored as
 * a dictionary of its distinct values and one index per row, every number column as its values;
 * either list is stored as runs ([value, count, value, count, …]) when that is shorter, as it is for
 * the leading columns of sorted rows. Loaders write tables with `encodeColumns`; pages and tests read
 * them back with `decodeColumns`.
 *
 * @example
 * encodeColumns([{ month: "2026-01", n: 3 }, { month: "2026-01", n: 4 }])
 * // → { length: 2, columns: { month: { dictionary: ["2026-01"], index: [0, 0] }, n: { values: [3, 4] } } }
 */

export type ColumnValue = string | number | boolean | null;

type Cell = number | boolean | null;

/** `index` / `values` one per row, or `runs`: each value followed by how many rows in a row have it. */
export type EncodedColumn =
  | { dictionary: (string | null)[]; index: number[] }
  | { dictionary: (string | null)[]; runs: number[] }
  | { values: Cell[] }
  | { runs: Cell[] };

export interface EncodedTable {
  length: number;
  columns: Record<string, EncodedColumn>;
}

/** [value, count, …] of consecutive equal values, or null when that is not shorter than the list. */
function runsOf(list: readonly Cell[]): Cell[] | null {
  const runs: Cell[] = [];
  for (let i = 0; i < list.length; i++) {
    if (i > 0 && list[i] === list[i - 1]) (runs[runs.length - 1] as number)++;
    else runs.push(list[i]!, 1);
    if (runs.length >= list.length) return null;
  }
  return runs;
}

function expandRuns(runs: readonly Cell[]): Cell[] {
  const list: Cell[] = [];
  for (let i = 0; i < runs.length; i += 2) for (let n = 0; n < (runs[i + 1] as number); n++) list.push(runs[i]!);
  return list;
}

function encodeColumn(values: readonly ColumnValue[]): EncodedColumn {
  if (!values.some((v) => typeof v === "string")) {
    const runs = runsOf(values as Cell[]);
    return runs ? { runs } : { values: values as Cell[] };
  }
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
  const runs = runsOf(index) as number[] | null;
  return runs ? { dictionary, runs } : { dictionary, index };
}

/** Rows (all with the keys of `names`) → columns. */
export function encodeColumns<T extends object>(rows: readonly T[], names: readonly (keyof T & string)[]): EncodedTable {
  const lists: Record<string, ColumnValue[]> = {};
  for (const name of names) lists[name] = rows.map((row) => (row[name] ?? null) as ColumnValue);
  return encodeColumnLists(rows.length, lists);
}

/** Lists of `length` values by column name (in the table's column order) → columns; as encodeColumns of the same rows. */
export function encodeColumnLists(length: number, lists: Readonly<Record<string, readonly ColumnValue[]>>): EncodedTable {
  const columns: Record<string, EncodedColumn> = {};
  for (const [name, values] of Object.entries(lists)) columns[name] = encodeColumn(values);
  return { length, columns };
}

/** Columns → rows, each with every column of the table. */
export function decodeColumns<T>(table: EncodedTable): T[] {
  const names = Object.keys(table.columns);
  const rows: Record<string, ColumnValue>[] = Array.from({ length: table.length }, () => ({}));
  for (const name of names) {
    const column = table.columns[name]!;
    const list = "index" in column ? column.index : "values" in column ? column.values : expandRuns(column.runs);
    if ("dictionary" in column) list.forEach((position, i) => (rows[i]![name] = column.dictionary[position as number] ?? null));
    else list.forEach((value, i) => (rows[i]![name] = value));
  }
  return rows as T[];
}
