/**
 * The hand-off of the data archive from the warm-up to the archive loader
 * (loaders/site/archive-handoff.ts), with real files and real processes: the archive serves one
 * build, the loader waits while a live warm-up computes it, and a dead or failed warm-up leaves
 * the loader to compute the archive itself.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { handoffPaths, publishArchive, takeArchive } from "../loaders/site/archive-handoff.ts";

const root = mkdtempSync(join(tmpdir(), "handoff-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let count = 0;
const freshDir = (): string => {
  const dir = join(root, String(count++));
  mkdirSync(dir);
  return dir;
};

describe("archive hand-off", () => {
  it("gives the published archive to the first taker only, and leaves no pending file", async () => {
    const dir = freshDir();
    await publishArchive(async () => new Uint8Array([80, 75, 1, 2]), dir);
    expect(existsSync(handoffPaths(dir).pending)).toBe(false);
    expect([...((await takeArchive(dir)) ?? [])]).toEqual([80, 75, 1, 2]);
    expect(await takeArchive(dir)).toBeNull();
  });

  it("publishes nothing when the computation fails, and says so by throwing", async () => {
    const dir = freshDir();
    await expect(
      publishArchive(async () => {
        throw new Error("bad data");
      }, dir),
    ).rejects.toThrow("bad data");
    expect(existsSync(handoffPaths(dir).pending)).toBe(false);
    expect(await takeArchive(dir)).toBeNull();
  });

  it("waits while a live warm-up process computes the archive, then takes it", async () => {
    const dir = freshDir();
    const { pending, archive } = handoffPaths(dir);
    // a separate process that publishes after 600 ms, as the warm-up does: archive renamed in, then pending removed
    const script = `setTimeout(() => { const fs = require("node:fs"); fs.writeFileSync(${JSON.stringify(archive + ".tmp")}, "PK-late"); fs.renameSync(${JSON.stringify(archive + ".tmp")}, ${JSON.stringify(archive)}); fs.rmSync(${JSON.stringify(pending)}); }, 600);`;
    const child = spawn(process.execPath, ["-e", script], { stdio: "ignore" });
    writeFileSync(pending, String(child.pid));
    const started = performance.now();
    const taken = await takeArchive(dir);
    expect(Buffer.from(taken!).toString()).toBe("PK-late");
    expect(performance.now() - started).toBeGreaterThanOrEqual(400);
  });

  it("does not wait for a warm-up whose process is gone, and then has no archive", async () => {
    const dir = freshDir();
    const child = spawn(process.execPath, ["-e", "0"], { stdio: "ignore" });
    await new Promise((resolve) => child.once("close", resolve));
    writeFileSync(handoffPaths(dir).pending, String(child.pid));
    const started = performance.now();
    expect(await takeArchive(dir, 30_000)).toBeNull();
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it("waits no longer than its limit for a warm-up that never finishes", async () => {
    const dir = freshDir();
    writeFileSync(handoffPaths(dir).pending, String(process.pid));
    const started = performance.now();
    expect(await takeArchive(dir, 300)).toBeNull();
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
