/**
 * `support-analytics import ПУТЬ... [--db ФАЙЛ] [--json] [--wait СЕКУНД]`: adds exports (folders or
 * single files, CSV or Excel) to the warehouse (loaders/warehouse/import.ts). Exit 0 when imported
 * (or already there), 2 when an export or the warehouse cannot be used (nothing is changed), 1 on a
 * usage error.
 */
import { DataFileError } from "../ingest/load-dataset.ts";
import { importExports, type ImportOutcome, type ImportSummary } from "../warehouse/import.ts";
import { DB_ENV_VAR, WarehouseError, resolveWarehousePath } from "../warehouse/store.ts";
import { scanFlags } from "./args.ts";

const HELP = `Использование: support-analytics import ПУТЬ... [--db ФАЙЛ] [--json] [--wait СЕКУНД]

Добавляет выгрузки (папки или отдельные файлы CSV, .xlsx, .xls из «Экспорт в Excel» Битрикс24)
в хранилище — файл DuckDB. Повторная загрузка того же файла ничего не меняет; из двух версий
строки остаётся строка более новой выгрузки (по её дате данных); загрузка целиком или никак.

  --db ФАЙЛ        файл хранилища (по умолчанию $${DB_ENV_VAR}, иначе data/local/warehouse.duckdb)
  --json           вывести итог одним объектом JSON
  --wait СЕКУНД    сколько ждать, пока хранилище занято другим процессом (по умолчанию 30)
`;

interface ImportArgs {
  paths: string[];
  db?: string;
  json: boolean;
  waitSeconds: number;
  help: boolean;
}

function parseImportArgs(argv: readonly string[]): ImportArgs {
  const out: ImportArgs = { paths: [], json: false, waitSeconds: 30, help: false };
  scanFlags(
    argv,
    (flag, value) => {
      if (flag === "--json") out.json = true;
      else if (flag === "--help" || flag === "-h") out.help = true;
      else if (flag === "--db") out.db = value();
      else if (flag === "--wait") {
        const text = value();
        out.waitSeconds = Number(text.replace(",", "."));
        if (!Number.isFinite(out.waitSeconds) || out.waitSeconds < 0) throw new Error(`--wait: ожидается число секунд, получено «${text}»`);
      } else if (!flag.startsWith("-")) out.paths.push(flag);
      else return false;
      return true;
    },
    { missingValue: (flag) => new Error(`Параметру ${flag} нужно значение`), unknown: (arg) => new Error(`Неизвестный параметр «${arg}»`) },
  );
  if (!out.help && out.paths.length === 0) throw new Error("Укажите хотя бы одну папку или файл с выгрузками");
  return out;
}

const count = (n: number): string => n.toLocaleString("ru-RU");
const day = (iso: string | null): string => (iso === null ? "—" : iso.split("-").reverse().join("."));

function formatOutcome(o: ImportOutcome): string[] {
  const lines: string[] = [];
  for (const f of o.files) {
    const name = f.sheet ? `${f.path} (лист «${f.sheet}»)` : f.path;
    lines.push(
      f.alreadyImportId !== null
        ? `${name}: уже загружен${f.alreadyImportId > 0 ? ` (загрузка № ${f.alreadyImportId})` : " (в этой же команде)"} — пропущен`
        : `${name}: ${f.table}, sha256 ${f.sha256.slice(0, 12)}…`,
    );
  }
  if (o.importId === null) {
    lines.push("  ничего не изменилось");
    return lines;
  }
  lines.push(`  загрузка № ${o.importId}: период ${day(o.periodFrom)} – ${day(o.periodTo)}, данные на ${day(o.periodTo)}`);
  for (const t of o.tables) {
    lines.push(
      `  ${t.table}: прочитано ${count(t.read)}, принято ${count(t.accepted)}, отклонено ${count(t.rejected)}; ` +
        `новых ${count(t.new)}, обновлено ${count(t.updated)}, без изменений ${count(t.unchanged)}, старее хранимых ${count(t.older)}`,
    );
  }
  for (const r of o.rejects.slice(0, 20)) lines.push(`    ${r.message}`);
  if (o.rejects.length > 20) lines.push(`    … и ещё ${count(o.rejects.length - 20)} отклонённых полей (сохранены в хранилище)`);
  return lines;
}

export function formatImportSummary(summary: ImportSummary): string {
  const lines = [`Хранилище: ${summary.dbPath}`];
  if (summary.backup) lines.push(`Схема хранилища обновлена; копия прежнего файла: ${summary.backup}`);
  for (const o of summary.imports) lines.push(...formatOutcome(o));
  return lines.join("\n") + "\n";
}

export async function run(argv: string[]): Promise<number> {
  let args: ImportArgs;
  try {
    args = parseImportArgs(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${HELP}`);
    return 1;
  }
  if (args.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const dbPath = resolveWarehousePath(args.db, { orDefault: true })!;
  try {
    const summary = await importExports(args.paths, {
      dbPath,
      waitMs: args.waitSeconds * 1000,
      onProgress: args.json ? undefined : (line) => process.stderr.write(line + "\n"),
    });
    process.stdout.write(args.json ? JSON.stringify(summary, null, 2) + "\n" : formatImportSummary(summary));
    return 0;
  } catch (error) {
    if (error instanceof DataFileError || error instanceof WarehouseError) {
      process.stderr.write(`Загрузка не выполнена, хранилище не изменено. ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}
