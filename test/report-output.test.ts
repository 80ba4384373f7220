/**
 * The output file of `report`: checked before anything is rendered (a path that cannot exist
 * fails at once, naming the path), written through a temporary file and a rename.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { OutputPathError, prepareOutputFile, writeOutputFile } from "../loaders/site/output-file.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), "report-out-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function runCli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; signal: string | null; output: string; ms: number }> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [`${ROOT}bin/support-analytics.js`, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c));
    child.stderr.on("data", (c: Buffer) => (output += c));
    const killer = setTimeout(() => child.kill("SIGKILL"), 45_000);
    child.on("close", (code, signal) => {
      clearTimeout(killer);
      resolve({ code, signal, output, ms: performance.now() - started });
    });
  });
}

describe("prepareOutputFile / writeOutputFile", () => {
  it("makes missing folders, leaves no probe behind and writes the bytes", () => {
    const target = prepareOutputFile(join(tmp, "a", "b", "deck.pptx"));
    expect(existsSync(join(tmp, "a", "b"))).toBe(true);
    expect(readdirSync(join(tmp, "a", "b"))).toEqual([]);
    writeOutputFile(target, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(target)]).toEqual([1, 2, 3]);
    expect(readdirSync(join(tmp, "a", "b"))).toEqual(["deck.pptx"]);
  });
  it("refuses a path under /proc, a folder as the file and a file as a folder, naming the path", () => {
    expect(() => prepareOutputFile("/proc/nonexistent/x.pdf")).toThrow(OutputPathError);
    expect(() => prepareOutputFile("/proc/nonexistent/x.pdf")).toThrow(/«\/proc\/nonexistent\/x\.pdf»/);
    mkdirSync(join(tmp, "folder.pdf"));
    expect(() => prepareOutputFile(join(tmp, "folder.pdf"))).toThrow(/папка/);
    writeFileSync(join(tmp, "file"), "keep");
    expect(() => prepareOutputFile(join(tmp, "file", "x.pdf"))).toThrow(/файл, а не папка/);
    expect(readFileSync(join(tmp, "file"), "utf8")).toBe("keep");
  });
  it("keeps an existing file until the new one is complete", () => {
    const target = prepareOutputFile(join(tmp, "old.pdf"));
    writeFileSync(target, "old");
    expect(readFileSync(target, "utf8")).toBe("old");
    writeOutputFile(target, Buffer.from("new"));
    expect(readFileSync(target, "utf8")).toBe("new");
  });
});

describe("support-analytics report: the output path is checked before rendering", () => {
  it("--out under /proc fails at once with a message naming the path", async () => {
    // CHROMIUM_PATH=/bin/false: were the path checked after rendering, the run would fail on Chromium instead
    const run = await runCli(["report", "--month", "2026-10", "--out", "/proc/nonexistent/x.pdf"], { CHROMIUM_PATH: "/bin/false" });
    expect(run.signal).toBeNull();
    expect(run.code).toBe(2);
    expect(run.output).toContain("Отчёт не создан");
    expect(run.output).toContain("«/proc/nonexistent/x.pdf»");
    expect(run.output).not.toContain("Chromium");
    expect(run.output).not.toContain("Сборка сайта");
    expect(run.ms).toBeLessThan(30_000);
  });
  it("an unknown extension is refused with exit code 2", async () => {
    const run = await runCli(["report", "--month", "2026-10", "--out", join(tmp, "r.docx")]);
    expect(run.code).toBe(2);
    expect(run.output).toContain(".pdf или .pptx");
  });
});
