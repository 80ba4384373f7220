/** SQL text built in the Node code: the one way a string value becomes a SQL literal. */

/** `O'Neil` → `'O''Neil'`: a single-quoted SQL string literal, quotes doubled. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

/** An instant as DuckDB's plain UTC TIMESTAMP text: `2026-10-31 21:00:00.000`. */
export function utcTimestampText(instant: Date): string {
  return instant.toISOString().replace("T", " ").replace("Z", "");
}

/** An instant as a UTC TIMESTAMP literal: `TIMESTAMP '2026-10-31 21:00:00.000'`. */
export function utcTimestampLiteral(instant: Date): string {
  return `TIMESTAMP ${sqlString(utcTimestampText(instant))}`;
}
