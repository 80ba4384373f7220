import { mkdirSync, mkdtempSync, rmSync, writeFileSync, utimesSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseReportArgs } from "../loaders/cli/report.ts";
import { countPdfPages } from "../loaders/site/chromium.ts";
import { datasetFingerprint } from "../loaders/site/dataset.ts";
import { resolveStaticPath, serveStatic } from "../loaders/site/serve.ts";

const root = mkdtempSync(join(tmpdir(), "site-"));
mkdirSync(join(root, "_file"));
writeFileSync(join(root, "index.html"), "<p>home</p>");
writeFileSync(join(root, "support.html"), "<p>support</p>");
writeFileSync(join(root, "_file", "a.json"), "{}");
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("static server for dist/", () => {
  it("maps clean URLs and never leaves the root", () => {
    expect(resolveStaticPath(root, "/")).toBe(join(root, "index.html"));
    expect(resolveStaticPath(root, "/support?month=2026-10")).toBe(join(root, "support.html"));
    expect(resolveStaticPath(root, "/_file/a.json")).toBe(join(root, "_file", "a.json"));
    expect(resolveStaticPath(root, "/../../etc/passwd")).toBeNull();
    expect(resolveStaticPath(root, "/%2e%2e/%2e%2e/etc/passwd")).toBeNull();
    expect(resolveStaticPath(root, "/missing")).toBeNull();
  });
  it("serves files with their content type on 127.0.0.1", async () => {
    const server = await serveStatic(root);
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const page = await fetch(`${server.url}/support`);
      expect(page.headers.get("content-type")).toContain("text/html");
      expect(await page.text()).toBe("<p>support</p>");
      expect((await fetch(`${server.url}/nope`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});

describe("report command helpers", () => {
  it("parses and checks the arguments", () => {
    expect(parseReportArgs(["--month", "2026-10", "--out", "r.pdf"])).toEqual({ month: "2026-10", out: "r.pdf", format: "pdf", rebuild: false });
    expect(parseReportArgs(["--month", "2026-10", "--out", "deck.PPTX"]).format).toBe("pptx");
    expect(() => parseReportArgs(["--month", "2026-10", "--out", "r.docx"])).toThrow(/\.pdf или \.pptx/);
    expect(parseReportArgs(["--month", "2026-10", "--out", "r.pdf", "--rebuild", "--data", "d"])).toMatchObject({ rebuild: true, dataDir: "d" });
    expect(() => parseReportArgs(["--out", "r.pdf"])).toThrow(/--month/);
    expect(() => parseReportArgs(["--month", "2026-13", "--out", "r.pdf"])).toThrow(/ГГГГ-ММ/);
    expect(() => parseReportArgs(["--month", "2026-10"])).toThrow(/--out/);
    expect(() => parseReportArgs(["--month", "2026-10", "--out", "r.pdf", "--colour"])).toThrow(/--colour/);
  });
  it("counts PDF page objects, not the page tree", () => {
    const pdf = Buffer.from("%PDF-1.4\n1 0 obj << /Type /Pages /Kids [2 0 R 3 0 R] /Count 2 >>\n2 0 obj << /Type /Page >>\n3 0 obj <</Type/Page/Parent 1 0 R>>\n");
    expect(countPdfPages(pdf)).toBe(2);
  });
});

describe("site dataset cache key", () => {
  it("changes when a data file changes", () => {
    const data = mkdtempSync(join(tmpdir(), "data-"));
    writeFileSync(join(data, "tickets.csv"), "a");
    const before = datasetFingerprint(data);
    expect(datasetFingerprint(data)).toBe(before);
    writeFileSync(join(data, "tickets.csv"), "ab");
    utimesSync(join(data, "tickets.csv"), new Date(), new Date(Date.now() + 5000));
    expect(datasetFingerprint(data)).not.toBe(before);
    rmSync(data, { recursive: true, force: true });
  });
});
