// «Загрузки»: the import log of the warehouse the site is built from ($SUPPORT_ANALYTICS_DB), or
// `warehouse: null` when the site reads a folder of exports.
import { writeStdout } from "../../loaders/export/arrow.ts";
import { readImportLog } from "../../loaders/warehouse/import-log.ts";
import { resolveWarehousePath } from "../../loaders/warehouse/store.ts";

const warehouse = resolveWarehousePath(undefined, { orDefault: false });
const imports = warehouse ? await readImportLog(warehouse) : [];
await writeStdout(JSON.stringify({ warehouse, imports }));
