// Published reports: each published month's restatements (loaders/warehouse/restatements.ts),
// keyed by month, when the site reads a warehouse ($SUPPORT_ANALYTICS_DB); `{}` otherwise.
import { writeStdout } from "../../loaders/export/arrow.ts";
import { computeMonthKpis } from "../../loaders/metrics/month-kpis.ts";
import { closeDataset, openSiteDataset } from "../../loaders/site/dataset.ts";
import { DEFAULT_READ_WAIT_MS } from "../../loaders/warehouse/read.ts";
import { publishedMonths, publishedRestatements } from "../../loaders/warehouse/restatements.ts";
import { resolveWarehousePath } from "../../loaders/warehouse/store.ts";

const warehouse = resolveWarehousePath(undefined, { orDefault: false });
if (!warehouse || (await publishedMonths(warehouse, DEFAULT_READ_WAIT_MS)).length === 0) {
  await writeStdout("{}");
} else {
  const pipeline = await openSiteDataset();
  try {
    const kpis = (month: string) => computeMonthKpis(pipeline.connection, pipeline.settings, month, { now: pipeline.now });
    await writeStdout(JSON.stringify(await publishedRestatements(warehouse, pipeline.connection, kpis, DEFAULT_READ_WAIT_MS)));
  } finally {
    closeDataset(pipeline);
  }
}
