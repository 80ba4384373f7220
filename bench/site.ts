/**
 * Site benchmark: prints the clean builds of the sample and of 10× the sample beside
 * Framework's build of the same pages (bench/site-build.ts), the home
 * page's total transfer (sum of response body sizes) and the time from navigation start to the
 * first chart SVG in Chromium on localhost. Targets: ≤ 15 s and ≤ 25 s, < 1.5 MB, < 1.5 s. Then each page's data
 * at 1× and 10× the sample (page-weight.ts, which builds the site again on both). Figures only,
 * nothing asserted. Run alone with `npx tsx bench/site.ts` (add --no-build to reuse dist/).
 */
import { buildSite, DIST_DIR, siteIsBuilt } from "../loaders/site/build.ts";
import { benchSiteBuild } from "./site-build.ts";
import { launchChromium, waitForSettled } from "../loaders/site/chromium.ts";
import { serveStatic } from "../loaders/site/serve.ts";
import { benchPageWeight } from "./page-weight.ts";

function mb(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(2).replace(".", ",");
}

export async function benchSite(options: { build?: boolean } = {}): Promise<void> {
  const build = options.build ?? !process.argv.includes("--no-build");
  if (build) {
    await benchSiteBuild();
  } else if (!siteIsBuilt()) {
    await buildSite({ clean: true });
  } else {
    console.log("npm run build: пропущено (--no-build), используется dist/");
  }
  const server = await serveStatic(DIST_DIR);
  const browser = await launchChromium();
  try {
    const runs: { transfer: number; firstChartMs: number; requests: number }[] = [];
    for (let run = 0; run < 3; run++) {
      const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
      const page = await context.newPage();
      await page.addInitScript(() => {
        const w = window as unknown as { __firstChartMs?: number };
        new MutationObserver((_, observer) => {
          if (document.querySelector("svg[class^='plot']")) {
            w.__firstChartMs = performance.now();
            observer.disconnect();
          }
        }).observe(document, { childList: true, subtree: true });
      });
      const sizes: Promise<number>[] = [];
      page.on("response", (response) => sizes.push(response.body().then((b) => b.length).catch(() => 0)));
      await page.goto(`${server.url}/`, { waitUntil: "load" });
      await waitForSettled(page);
      await page.waitForFunction(() => (window as unknown as { __firstChartMs?: number }).__firstChartMs !== undefined);
      const firstChartMs = await page.evaluate(() => (window as unknown as { __firstChartMs: number }).__firstChartMs);
      const transfer = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
      runs.push({ transfer, firstChartMs, requests: sizes.length });
      await context.close();
    }
    const best = runs.reduce((a, b) => (b.firstChartMs < a.firstChartMs ? b : a));
    const median = [...runs].sort((a, b) => a.firstChartMs - b.firstChartMs)[1]!;
    console.log(`главная страница: ${mb(best.transfer)} МБ за ${best.requests} запросов (цель < 1,5 МБ)`);
    console.log(`первый график: ${median.firstChartMs.toFixed(0)} мс после начала навигации (медиана 3 загрузок; лучшая ${best.firstChartMs.toFixed(0)} мс; цель < 1500 мс)`);
  } finally {
    await browser.close();
    await server.close();
  }
  await benchPageWeight();
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchSite();
}
