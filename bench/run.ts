/**
 * `npm run bench`: every speed and memory target of the product, printed as figures (never
 * asserted in timed tests). Each part can also run alone: `npx tsx bench/<part>.ts`.
 * Pass part names to run a subset: `npm run bench -- pipeline warehouse simulator backtest site`.
 */
const PARTS: Record<string, () => Promise<void>> = {
  pipeline: async () => (await import("./pipeline.ts")).benchPipeline(),
  warehouse: async () => (await import("./warehouse.ts")).benchWarehouse(),
  simulator: async () => (await import("./simulator.ts")).benchSimulator(),
  backtest: async () => (await import("./backtest.ts")).benchBacktest(),
  site: async () => (await import("./site.ts")).benchSite(),
};

const requested = process.argv.slice(2);
const names = requested.length > 0 ? requested : Object.keys(PARTS);
for (const name of names) {
  const part = PARTS[name];
  if (!part) {
    console.error(`Unknown benchmark part «${name}»; known: ${Object.keys(PARTS).join(", ")}`);
    process.exit(1);
  }
  console.log(`\n=== ${name} ===`);
  await part();
}
