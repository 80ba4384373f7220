/**
 * `support-analytics validate [--data DIR | --db FILE] [--json] [--now ISO]`: read the exports, print
 * per-file accounting and every rejected row (with --db: what the warehouse's imports accepted and
 * rejected). Exit 0 when the required files were read (rejected rows
 * included), 2 when a required file is missing or unreadable, 1 on a usage error.
 */
import type { DataDirSource } from "../data-dir.ts";
import { openDatabase } from "../db.ts";
import { DataFileError, loadDataset, type ValidationReport } from "../ingest/load-dataset.ts";
import { REJECT_CODES } from "../ingest/reject-codes.ts";
import { SCHEMA, TABLE_NAMES } from "../schema.ts";
import { openWarehousePipeline } from "../warehouse/read.ts";
import { resolveRunData, type RunDataSource } from "../warehouse/run-data.ts";
import { WarehouseError } from "../warehouse/store.ts";
import { scanFlags, type FlagErrors } from "./args.ts";

export interface ValidateArgs {
  data?: string;
  db?: string;
  json: boolean;
  now?: Date;
}

export class UsageError extends Error {}

const VALIDATE_ERRORS: FlagErrors = {
  missingValue: (flag) => new UsageError(`после ${flag} нужно значение`),
  unknown: (arg) => new UsageError(`неизвестный параметр «${arg}»`),
};

export function parseValidateArgs(args: readonly string[]): ValidateArgs {
  const parsed: ValidateArgs = { json: false };
  scanFlags(
    args,
    (flag, value) => {
      if (flag === "--json") parsed.json = true;
      else if (flag === "--data") parsed.data = value();
      else if (flag === "--db") parsed.db = value();
      else if (flag === "--now") {
        const text = value();
        const now = new Date(text);
        if (Number.isNaN(now.getTime())) throw new UsageError(`--now: не удалось разобрать момент «${text}» (ожидается ISO 8601)`);
        parsed.now = now;
      } else return false;
      return true;
    },
    VALIDATE_ERRORS,
  );
  return parsed;
}

/** The documented JSON shape: files with their accounting, then the rejects. */
export function validationJson(report: ValidationReport): object {
  const files: Record<string, object> = {};
  for (const table of TABLE_NAMES) {
    const f = report.files[table];
    files[table] = {
      read: f.read,
      accepted: f.accepted,
      rejected: f.rejected,
      status: f.status,
      path: f.path,
      encoding: f.encoding,
      delimiter: f.delimiter,
      ...(f.error ? { error: f.error } : {}),
      ...(f.warning ? { warning: f.warning } : {}),
    };
  }
  return {
    files,
    rejects: report.rejects.map(({ file, line, field, value, code, message }) => ({ file, line, field, value, code, message })),
  };
}

type ReportSource = DataDirSource | "db-argument" | "db-env";

const SOURCE_RU: Record<ReportSource, string> = {
  "db-argument": "хранилище, параметр --db",
  "db-env": "хранилище, переменная SUPPORT_ANALYTICS_DB",
  argument: "параметр --data",
  env: "переменная SUPPORT_ANALYTICS_DATA",
  local: "папка data/local",
  sample: "встроенный пример data/sample",
};

const formatCount = (n: number): string => n.toLocaleString("ru-RU");

function delimiterLabel(delimiter: string | null): string {
  if (delimiter === null) return "—";
  return delimiter === "\t" ? "табуляция" : `«${delimiter}»`;
}

export function formatReportRu(report: ValidationReport, source: ReportSource): string {
  const rows = TABLE_NAMES.map((table) => {
    const f = report.files[table];
    const missing = f.status === "missing";
    return [
      table,
      SCHEMA[table].titleRu,
      missing ? "нет данных" : "прочитан",
      f.encoding ?? "—",
      delimiterLabel(f.delimiter),
      missing ? "—" : formatCount(f.read),
      missing ? "—" : formatCount(f.accepted),
      missing ? "—" : formatCount(f.rejected),
    ];
  });
  const header = ["Файл", "Содержимое", "Статус", "Кодировка", "Разделитель", "Прочитано", "Принято", "Отклонено"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (i >= 5 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join("  ").trimEnd();
  const out = [`Данные: ${report.dataDir} (${SOURCE_RU[source]})`, "", line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)];
  for (const table of TABLE_NAMES) {
    const { error, warning } = report.files[table];
    if (error) out.push(`  ${table}: ${error}`);
    if (warning) out.push(`  ${table}: ${warning}`);
  }
  out.push("");
  if (report.rejects.length === 0) {
    out.push("Отклонённых строк нет.");
  } else {
    const byCode = new Map<string, number>();
    for (const r of report.rejects) byCode.set(r.code, (byCode.get(r.code) ?? 0) + 1);
    out.push(`Отклонённые поля: ${formatCount(report.rejects.length)}`);
    for (const [code, count] of [...byCode].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))) {
      out.push(`  ${formatCount(count).padStart(7)}  ${code} — ${REJECT_CODES[code as keyof typeof REJECT_CODES]}`);
    }
    out.push("");
    for (const r of report.rejects) out.push(r.message);
  }
  return out.join("\n") + "\n";
}

/** The accounting and rejects the warehouse keeps from its imports. */
async function validateWarehouse(path: string, source: ReportSource, json: boolean): Promise<number> {
  try {
    const pipeline = await openWarehousePipeline(path);
    pipeline.connection.closeSync();
    pipeline.instance.closeSync();
    process.stdout.write(json ? JSON.stringify(validationJson(pipeline.report), null, 2) + "\n" : formatReportRu(pipeline.report, source));
    return 0;
  } catch (error) {
    if (error instanceof WarehouseError) {
      process.stderr.write(error.message + "\n");
      return 2;
    }
    throw error;
  }
}

export async function run(args: string[]): Promise<number> {
  let parsed: ValidateArgs;
  try {
    parsed = parseValidateArgs(args);
  } catch (error) {
    process.stderr.write(`validate: ${(error as Error).message}\nИспользование: support-analytics validate [--data ПАПКА | --db ФАЙЛ] [--json]\n`);
    return 1;
  }
  let resolved: RunDataSource;
  try {
    resolved = resolveRunData(parsed.data, parsed.db);
  } catch (error) {
    process.stderr.write(`validate: ${(error as Error).message}\n`);
    return 1;
  }
  if (resolved.kind === "warehouse") return validateWarehouse(resolved.path, resolved.source === "env" ? "db-env" : "db-argument", parsed.json);
  const { dir, source } = resolved;
  const { instance, connection } = await openDatabase();
  try {
    const report = await loadDataset(connection, dir, { now: parsed.now ?? new Date() });
    process.stdout.write(parsed.json ? JSON.stringify(validationJson(report), null, 2) + "\n" : formatReportRu(report, source));
    return 0;
  } catch (error) {
    if (error instanceof DataFileError) {
      process.stderr.write(error.message + "\n");
      return 2;
    }
    throw error;
  } finally {
    connection.closeSync();
    instance.closeSync?.();
  }
}
