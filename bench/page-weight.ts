/**
 * Page weight at 1× and 10× the sample: the site is built on the committed sample and on a sample
 * generated at ten times its volume (`npm run generate -- --as-of 2026-11-24 --tickets-per-month
 * 2920 --clients 2170`, 69,145 tickets), every page is opened in Chromium, and the bytes of the data
 * files it fetches (Framework's FileAttachments, /_file/…) are summed. «Техподдержка» is also opened
 * with its client filter on a client of the largest per-client file (the most it ever reads). Target:
 * ≤ 1.5 MB a page with every filter working. Figures only, nothing asserted. Run alone with
 * `npx tsx bench/page-weight.ts`; it rebuilds dist/.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildSite, DIST_DIR, PROJECT_ROOT } from "../loaders/site/build.ts";
import { launchChromium, waitForSettled } from "../loaders/site/chromium.ts";
import { serveStatic } from "../loaders/site/serve.ts";
import type { SupportCellsFile } from "../src/core/support-cells.ts";

const SAMPLE_10X_ARGS = ["--as-of", "2026-11-24", "--tickets-per-month", "2920", "--clients", "2170"];

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(2).replace(".", ",");
}

/** The 10× sample in the temporary folder (generated once; the generator is deterministic). */
function sample10x(): string {
  const dir = join(tmpdir(), "support-analytics-bench-10x");
  if (!existsSync(join(dir, "tickets.csv"))) {
    const done = spawnSync(process.execPath, ["--import", "tsx", "loaders/generate/main.ts", "--out", dir, ...SAMPLE_10X_ARGS], { cwd: PROJECT_ROOT, stdio: "inherit" });
    if (done.status !== 0) throw new Error("генерация 10× образца не удалась");
  }
  return dir;
}

/** /support?client=… for a client of the largest per-client file of the built site. */
function heaviestClientPath(): string {
  const dir = join(DIST_DIR, "_file", "data", "site");
  const files = readdirSync(dir);
  const shards = files
    .map((f) => ({ shard: /^support-client-(\d+)\./.exec(f)?.[1], size: statSync(join(dir, f)).size }))
    .filter((s) => s.shard !== undefined)
    .sort((a, b) => b.size - a.size);
  const cellsFile = files.find((f) => f.startsWith("support-cells.") && f.endsWith(".json"))!;
  const meta = (JSON.parse(readFileSync(join(dir, cellsFile), "utf8")) as SupportCellsFile).meta;
  const client = meta.clients.find((c) => String(c.shard) === shards[0]?.shard);
  return `/support?client=${encodeURIComponent(client?.id ?? "all")}`;
}

/** Bytes of the data files each [row, path] fetches, in the built site now in dist/. */
async function measure(paths: readonly (readonly [string, string])[]): Promise<Map<string, number>> {
  const server = await serveStatic(DIST_DIR);
  const browser = await launchChromium();
  const weights = new Map<string, number>();
  try {
    for (const [row, path] of paths) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      const sizes: Promise<number>[] = [];
      page.on("response", (response) => {
        if (new URL(response.url()).pathname.startsWith("/_file/")) sizes.push(response.body().then((b) => b.length).catch(() => 0));
      });
      await page.goto(`${server.url}${path}`, { waitUntil: "load" });
      await waitForSettled(page, 120_000);
      weights.set(row, (await Promise.all(sizes)).reduce((a, b) => a + b, 0));
      await context.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return weights;
}

export async function benchPageWeight(): Promise<void> {
  const config = (await import("../observablehq.config.ts")).default as { pages: { name: string; path: string }[] };
  const columns: Map<string, number>[] = [];
  for (const [label, dir] of [["1×", null], ["10×", sample10x()]] as const) {
    const started = performance.now();
    await buildSite({ clean: true, env: dir ? { SUPPORT_ANALYTICS_DATA: dir } : {} });
    console.log(`сборка на данных ${label}: ${((performance.now() - started) / 1000).toFixed(1)} с`);
    const paths = [...config.pages.map((p) => [p.path, p.path] as const), ["/support с фильтром по клиенту", heaviestClientPath()] as const];
    columns.push(await measure(paths));
  }
  const rows = [...columns[0]!.keys()];
  console.log(`\nданные страницы (сумма файлов /_file/…), МБ; цель ≤ 1,5 МБ при 10×`);
  console.log(`${"страница".padEnd(40)} ${"1×".padStart(7)} ${"10×".padStart(7)}`);
  for (const row of rows) console.log(`${row.padEnd(40)} ${mb(columns[0]!.get(row) ?? 0).padStart(7)} ${mb(columns[1]!.get(row) ?? 0).padStart(7)}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchPageWeight();
}
