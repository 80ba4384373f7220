/**
 * `report` at an as-of: `--as-of` is read and checked with the other arguments, and the site the
 * report is rendered from is one judged at the moment asked for — dist/ only when it was built at
 * that moment (its data/site/as-of.json says so), else a site built at it in a folder of its own.
 * The command itself, with Chromium, is in test/browser/report-as-of.test.ts.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { builtSiteAsOf, parseReportArgs, reportSite } from "../loaders/cli/report.ts";

const X = new Date("2025-06-15T09:00:00.000Z");
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A built site's folder whose data/site/as-of.json carries `asOf` (none: no such file). */
function builtSite(asOf?: string): string {
  const dir = mkdtempSync(join(tmpdir(), "report-as-of-"));
  dirs.push(dir);
  mkdirSync(join(dir, "_file", "data", "site"), { recursive: true });
  writeFileSync(join(dir, "_file", "data", "site", "metrics.0a1b2c3d.json"), JSON.stringify({ asOf: "2000-01-01T00:00:00.000Z" }));
  if (asOf !== undefined) writeFileSync(join(dir, "_file", "data", "site", "as-of.61566647.json"), JSON.stringify({ asOf, timezone: "Europe/Moscow" }));
  return dir;
}

describe("report --as-of: the arguments", () => {
  it("takes an ISO moment, with or without an offset", () => {
    expect(parseReportArgs(["--month", "2025-06", "--out", "r.pdf", "--as-of", "2025-06-15T12:00"])).toMatchObject({ asOf: "2025-06-15T12:00" });
    expect(parseReportArgs(["--month", "2025-06", "--out", "r.pdf", "--as-of", "2025-06-15T12:00:00+03:00"]).asOf).toBe("2025-06-15T12:00:00+03:00");
  });

  it("refuses a value that is not a moment, a missing value, and --publish beside it", () => {
    expect(() => parseReportArgs(["--month", "2025-06", "--out", "r.pdf", "--as-of", "15.06.2025"])).toThrow(/--as-of: «15\.06\.2025» — не дата ISO 8601/);
    expect(() => parseReportArgs(["--month", "2025-06", "--out", "r.pdf", "--as-of"])).toThrow(/После --as-of нужно значение/);
    expect(() => parseReportArgs(["--month", "2025-06", "--out", "r.pdf", "--db", "w.duckdb", "--publish", "--as-of", "2025-06-15"])).toThrow(
      /не сочетается с --as-of/,
    );
  });

  it("refuses --publish while the environment fixes the as-of, and a moment there that is not one", () => {
    const publish = ["--month", "2025-06", "--out", "r.pdf", "--db", "w.duckdb", "--publish"];
    expect(() => parseReportArgs(publish, { SUPPORT_ANALYTICS_AS_OF: "2025-06-15T12:00" })).toThrow(/не сочетается с SUPPORT_ANALYTICS_AS_OF/);
    expect(() => parseReportArgs(publish, { SUPPORT_ANALYTICS_NOW: "2025-06-15T12:00" })).toThrow(/не сочетается с SUPPORT_ANALYTICS_AS_OF \/ SUPPORT_ANALYTICS_NOW/);
    expect(parseReportArgs(publish, {}).publish).toBe(true);
    expect(() => parseReportArgs(["--month", "2025-06", "--out", "r.pdf"], { SUPPORT_ANALYTICS_AS_OF: "вчера" })).toThrow(/SUPPORT_ANALYTICS_AS_OF: «вчера» — не дата ISO 8601/);
  });
});

describe("report --as-of: the site it is rendered from", () => {
  it("reads the moment a built site was judged at, or null", () => {
    expect(builtSiteAsOf(builtSite(X.toISOString()))).toBe(X.toISOString());
    expect(builtSiteAsOf(builtSite())).toBeNull();
    expect(builtSiteAsOf(join(tmpdir(), "no-such-site-folder"))).toBeNull();
  });

  it("dist/ only when it was built at the moment asked for; otherwise a site of its own", () => {
    const plain = { rebuild: false };
    expect(reportSite(plain, X, { exists: true, asOf: X.toISOString() })).toBe("dist");
    expect(reportSite(plain, X, { exists: true, asOf: "2026-11-24T20:59:59.999Z" })).toBe("as-of");
    expect(reportSite(plain, X, { exists: true, asOf: null })).toBe("as-of");
    expect(reportSite(plain, X, { exists: false, asOf: null })).toBe("as-of");
    expect(reportSite({ rebuild: false, dataDir: "d" }, X, { exists: true, asOf: X.toISOString() })).toBe("as-of");
    expect(reportSite({ rebuild: true }, X, { exists: true, asOf: X.toISOString() })).toBe("as-of");
  });

  it("without an as-of: dist/ as built, or rebuilt for other data, --rebuild or none built", () => {
    expect(reportSite({ rebuild: false }, null, { exists: true, asOf: "2026-11-24T20:59:59.999Z" })).toBe("dist");
    expect(reportSite({ rebuild: false, db: "w.duckdb" }, null, { exists: true, asOf: null })).toBe("rebuild");
    expect(reportSite({ rebuild: true }, null, { exists: true, asOf: null })).toBe("rebuild");
    expect(reportSite({ rebuild: false }, null, { exists: false, asOf: null })).toBe("rebuild");
  });
});
