/** SQL text built in the Node code: the one way a string value becomes a SQL literal. */

/** `O'Neil` → `'O''Neil'`: a single-quoted SQL string literal, quotes doubled. */
export function sqlString(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}
