const { runPipeline } = await import("./loaders/pipeline.ts");
const now = new Date(`2026-11-24T23:59:59+03:00`);
const p = await runPipeline("/tmp/support-analytics-bench-1000000", { now });
for (const t of ["tickets", "clients", "projects", "visits", "nps", "payments"]) await p.connection.run(`COPY ${t} TO '/tmp/perf/${t}.parquet'`);
