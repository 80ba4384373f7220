/** Reading a warehouse file in tests. */
import { DuckDBInstance } from "@duckdb/node-api";

/** A checksum of every table of a warehouse file (content, not layout). */
export async function warehouseChecksum(path: string): Promise<string> {
  const instance = await DuckDBInstance.create(path, { access_mode: "READ_ONLY" });
  const connection = await instance.connect();
  try {
    const names = (await connection.runAndReadAll("SELECT table_name FROM information_schema.tables ORDER BY 1")).getRows().map((r) => String(r[0]));
    const parts: string[] = [];
    for (const name of names) {
      const row = (await connection.runAndReadAll(`SELECT count(*)::VARCHAR, coalesce(sum(hash(t)), 0)::VARCHAR FROM "${name}" t`)).getRows()[0]!;
      parts.push(`${name}:${row[0]}:${row[1]}`);
    }
    return parts.join("|");
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}
