// «Качество данных»: the validation report of the exports the site is built from (per-file
// accounting and every rejected row), with the Russian reasons and table titles the page shows.
import { writeStdout } from "../../loaders/export/arrow.ts";
import { DataFileError } from "../../loaders/ingest/load-dataset.ts";
import { REJECT_CODES } from "../../loaders/ingest/reject-codes.ts";
import { SCHEMA, TABLE_NAMES } from "../../loaders/schema.ts";
import { resolveDataDir } from "../../loaders/data-dir.ts";
import { closeDataset, openSiteDataset } from "../../loaders/site/dataset.ts";
import { resolveWarehousePath, WarehouseError } from "../../loaders/warehouse/store.ts";

try {
  const source = resolveWarehousePath(undefined, { orDefault: false }) ? "warehouse" : resolveDataDir().source;
  const pipeline = await openSiteDataset();
  try {
    const { dataDir, files, rejects } = pipeline.report;
    await writeStdout(
      JSON.stringify({
        dataDir,
        dataSource: source,
        asOf: pipeline.now.toISOString(),
        files,
        rejects,
        reasons: REJECT_CODES,
        tables: Object.fromEntries(TABLE_NAMES.map((t) => [t, { titleRu: SCHEMA[t].titleRu, required: SCHEMA[t].required }])),
      }),
    );
  } finally {
    closeDataset(pipeline);
  }
} catch (error) {
  if (error instanceof DataFileError || error instanceof WarehouseError) {
    process.stderr.write(error.message + "\n");
    process.exit(2);
  }
  throw error;
}
