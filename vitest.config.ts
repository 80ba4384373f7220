import { defineConfig } from "vitest/config";

// Two projects: `unit` (fast, Node only) and `browser` (builds the site once in
// test/global-setup.ts, serves dist/ on localhost and drives Debian's chromium through
// playwright-core). `npm test` runs both; `npx vitest run --project unit` runs one.
const BROWSER_TESTS = ["test/browser/**/*.test.ts", "test/build*.test.ts"];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 240_000,
    fileParallelism: true,
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/**/*.test.ts", "src/components/**/*.test.ts", "loaders/**/*.test.ts"],
          exclude: ["**/node_modules/**", ...BROWSER_TESTS],
        },
      },
      {
        extends: true,
        test: {
          name: "browser",
          include: BROWSER_TESTS,
          globalSetup: ["test/global-setup.ts"],
          testTimeout: 120_000,
          // one Chromium per file on a 2-core machine: run the files one after another
          fileParallelism: false,
        },
      },
    ],
  },
});
