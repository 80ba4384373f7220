const { runPipeline } = await import(process.cwd() + "/loaders/pipeline.ts");
const res: string[] = [];
for (let i = 0; i < 3; i++) {
  const c = process.cpuUsage(); const s = performance.now();
  const p = await runPipeline("/tmp/support-analytics-bench-1000000", { now: new Date(`2026-11-24T23:59:59+03:00`) });
  const u = process.cpuUsage(c);
  res.push(`${Math.round(performance.now() - s)}/${Math.round((u.user + u.system) / 1000)}`);
  p.connection.closeSync(); p.instance.closeSync();
}
console.log(process.cwd(), "ingest wall/cpu", res.join(" "));
