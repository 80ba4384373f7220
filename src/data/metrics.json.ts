// The metrics engine for the dashboard pages: every month's KPIs (loaders/metrics/month-kpis.ts),
// cohort retention, the plan check («Проверка допущений») and the scaling triggers by month.
import { writeStdout } from "../../loaders/export/arrow.ts";
import { cohortRetentionAsOf, computeAllMonths } from "../../loaders/metrics/month-kpis.ts";
import { planCheck } from "../../loaders/metrics/plan-check.ts";
import { closeDataset, openSiteDataset } from "../../loaders/site/dataset.ts";
import { resolveRunData } from "../../loaders/warehouse/run-data.ts";

const pipeline = await openSiteDataset();
try {
  const settings = pipeline.settings;
  const months = await computeAllMonths(pipeline.connection, settings, { now: pipeline.now });
  const cohorts = await cohortRetentionAsOf(pipeline.connection, settings, pipeline.now);
  const history = months.flatMap((m) =>
    Object.entries(m.triggers as Record<string, Record<string, unknown>>).map(([name, t]) => ({
      month: m.month,
      name,
      fired: t.fired,
      near: t.near,
      value: t.value,
      threshold: t.threshold,
      nearness: t.nearness,
    })),
  );
  await writeStdout(
    JSON.stringify({
      generatedAt: new Date().toISOString(),
      dataDir: pipeline.dataDir,
      dataSource: resolveRunData(undefined, undefined).kind,
      asOf: pipeline.now.toISOString(),
      months,
      cohorts,
      planCheck: planCheck(settings),
      triggers: { latest: months.at(-1)?.triggers ?? null, history },
    }),
  );
} finally {
  closeDataset(pipeline);
}
