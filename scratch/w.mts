import { runPipeline } from "/work/main/loaders/pipeline.ts";
import { computeAllMonths } from "/work/main/loaders/metrics/month-kpis.ts";
const p = await runPipeline("/work/main/data/sample", { now: new Date("2026-11-24T21:00:00Z") });
const months = await computeAllMonths(p.connection, p.settings, { now: p.now });
for (const m of months as any[]) console.log(m.month, m.tickets.total, Object.entries(m.workload).map(([r, w]: any) => `${r}:${Math.round(w.utilization*100)}%`).join(" "));
