/**
 * Global setup of the `browser` project: builds the site ONCE from a clean cache (as
 * `npm run build` does), serves dist/ on 127.0.0.1 at a random port and provides its URL to
 * the tests as `inject("siteUrl")`. Set SITE_REUSE_DIST=1 to skip the build when dist/ exists
 * (local iteration only).
 */
import type { TestProject } from "vitest/node";
import { buildSite, DIST_DIR, siteIsBuilt } from "../loaders/site/build.ts";
import { serveStatic } from "../loaders/site/serve.ts";

declare module "vitest" {
  export interface ProvidedContext {
    siteUrl: string;
    distDir: string;
    /** what `observable build` printed; null when the build was skipped (SITE_REUSE_DIST=1) */
    buildLog: string | null;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let buildLog: string | null = null;
  if (!(process.env.SITE_REUSE_DIST === "1" && siteIsBuilt())) {
    buildLog = (await buildSite({ clean: true })).output;
  }
  project.provide("buildLog", buildLog);
  const server = await serveStatic(DIST_DIR);
  project.provide("siteUrl", server.url);
  project.provide("distDir", DIST_DIR);
  return async () => {
    await server.close();
  };
}
