/**
 * Where a run reads its data: a warehouse file or a folder of exports. First match wins:
 * `--db FILE`; `--data DIR`; $SUPPORT_ANALYTICS_DB (a warehouse); then the folder precedence of
 * loaders/data-dir.ts ($SUPPORT_ANALYTICS_DATA, data/local/, data/sample/). The default warehouse
 * file (data/local/warehouse.duckdb) is read only when named by `--db` or the variable, so a
 * folder of exports is never shadowed by an old warehouse.
 */
import { resolveDataDir, type DataDirSource } from "../data-dir.ts";
import { runPipeline, type Pipeline, type PipelineOptions } from "../pipeline.ts";
import { openWarehousePipeline } from "./read.ts";
import { DB_ENV_VAR, resolveWarehousePath, WarehouseError } from "./store.ts";

export type RunDataSource =
  | { kind: "warehouse"; path: string; source: "argument" | "env" }
  | { kind: "folder"; dir: string; source: DataDirSource };

export function resolveRunData(data: string | undefined, db: string | undefined): RunDataSource {
  if (data && db) throw new WarehouseError("Укажите что-то одно: --data (папка с выгрузками) или --db (хранилище)");
  if (db) return { kind: "warehouse", path: resolveWarehousePath(db, { orDefault: false })!, source: "argument" };
  if (!data) {
    const fromEnv = resolveWarehousePath(undefined, { orDefault: false });
    if (fromEnv) return { kind: "warehouse", path: fromEnv, source: "env" };
  }
  const { dir, source } = resolveDataDir(data);
  return { kind: "folder", dir, source };
}

/** The pipeline of a run over the resolved data (a warehouse file or a folder). */
export async function openRunPipeline(data: string | undefined, db: string | undefined, options: PipelineOptions = {}): Promise<Pipeline> {
  const resolved = resolveRunData(data, db);
  return resolved.kind === "warehouse" ? openWarehousePipeline(resolved.path, options) : runPipeline(resolved.dir, options);
}

export { DB_ENV_VAR };
