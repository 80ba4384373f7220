// The warehouse against real processes: a second writer waits or gets a clear message; an import
// killed (SIGKILL) while it reads an export or while it writes leaves the file exactly as before, and usable.
import { spawn, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SAMPLE_DIR } from "./helpers/month-exports.ts";
import { warehouseChecksum } from "./helpers/warehouse.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(ROOT, "bin/support-analytics.js");
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "warehouse-proc-"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

function cli(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A folder export of `tickets` synthetic tickets of November 2026 on the sample's clients. */
function bigExport(dir: string, tickets: number): string {
  mkdirSync(dir, { recursive: true });
  copyFileSync(join(SAMPLE_DIR, "clients.csv"), join(dir, "clients.csv"));
  const lines = ["ticket_id,client_id,created_at,priority,first_response_at,resolved_at"];
  for (let i = 0; i < tickets; i++) {
    const day = String(1 + (i % 20)).padStart(2, "0");
    lines.push(`X-${i},C-${String(1 + (i % 200)).padStart(4, "0")},2026-11-${day}T10:00:00+03:00,standard,2026-11-${day}T10:30:00+03:00,`);
  }
  writeFileSync(join(dir, "tickets.csv"), lines.join("\n") + "\n");
  return dir;
}

describe("one writer at a time", () => {
  it("a second process waits a bounded time, then says the warehouse is busy; a reader waits and goes through once the file is free", async () => {
    const db = join(root, "lock.duckdb");
    expect(cli(["import", SAMPLE_DIR, "--db", db]).status).toBe(0);
    const again = cli(["import", SAMPLE_DIR, "--db", db]);
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/tickets\.csv: уже загружен \(загрузка № 1\) — пропущен/);
    expect(again.stdout).toMatch(/ничего не изменилось/);
    const holder = spawn(
      process.execPath,
      ["--input-type=module", "-e", `import { DuckDBInstance } from "@duckdb/node-api";
        const i = await DuckDBInstance.create(process.argv[1]); process.stdout.write("locked\\n");
        setInterval(() => {}, 1000);`, db],
      { cwd: ROOT, stdio: ["ignore", "pipe", "inherit"] },
    );
    await new Promise<void>((resolve) => holder.stdout!.on("data", (d: Buffer) => d.toString().includes("locked") && resolve()));
    const busy = cli(["import", join(SAMPLE_DIR, "nps.csv"), "--db", db, "--wait", "0.5"]);
    expect(busy.status).toBe(2);
    expect(busy.stderr).toMatch(/хранилище не изменено.*занято другим процессом \(PID \d+\)/);
    // a reader waits (up to 30 s) while the holder keeps the file, and goes through once it exits
    const reader = spawn(process.execPath, [BIN, "metrics", "--db", db, "--month", "2026-10", "--json"], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    reader.stdout!.on("data", (d: Buffer) => (out += d.toString()));
    const exited = new Promise<number | null>((resolve) => reader.on("exit", (code) => resolve(code)));
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(reader.exitCode).toBeNull();
    holder.kill();
    expect(await exited).toBe(0);
    expect(JSON.parse(out).month).toBe("2026-10");
  }, 90_000);
});

/** Starts `import big --db db` and SIGKILLs it `delayMs` after its stderr first matches `at`; resolves with its stderr then. */
function importKilled(big: string, db: string, at: RegExp, delayMs: number): { killedAt: Promise<string>; stdout: () => string; exit: Promise<unknown> } {
  const child = spawn(process.execPath, [BIN, "import", big, "--db", db], { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  const exit = new Promise((resolve) => child.on("exit", (_code, s) => resolve(s)));
  const killedAt = new Promise<string>((resolve) => {
    let stderr = "";
    let armed = false;
    child.stderr!.on("data", (d: Buffer) => {
      stderr += d.toString();
      if (armed || !at.test(stderr)) return;
      armed = true;
      setTimeout(() => {
        child.kill("SIGKILL");
        resolve(stderr);
      }, delayMs);
    });
  });
  return { killedAt, stdout: () => stdout, exit };
}

describe("killed mid-import", () => {
  it("SIGKILL while the export is being read leaves the warehouse exactly as before", async () => {
    const db = join(root, "kill-reading.duckdb");
    expect(cli(["import", SAMPLE_DIR, "--db", db]).status).toBe(0);
    const before = await warehouseChecksum(db);
    const big = bigExport(join(root, "big-reading"), 400_000);
    const run = importKilled(big, db, /Чтение/, 300);
    const killedAt = await run.killedAt;
    expect(await run.exit).toBe("SIGKILL");
    expect(killedAt).not.toMatch(/запись/);
    expect(await warehouseChecksum(db)).toBe(before);
    const again = cli(["import", big, "--db", db, "--json"]);
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).imports[0].tables[0]).toMatchObject({ table: "tickets", new: 400_000 });
  }, 180_000);

  it("SIGKILL after the import starts writing leaves the warehouse exactly as before", async () => {
    const db = join(root, "kill.duckdb");
    expect(cli(["import", SAMPLE_DIR, "--db", db]).status).toBe(0);
    const before = await warehouseChecksum(db);
    const big = bigExport(join(root, "big"), 400_000);
    const run = importKilled(big, db, /запись: tickets/, 0);
    const killedAt = await run.killedAt;
    expect(await run.exit).toBe("SIGKILL");
    expect(killedAt).not.toMatch(/фиксация/);
    expect(run.stdout()).toBe("");
    expect(await warehouseChecksum(db)).toBe(before);
    // the file is whole: the same export imports afterwards
    const again = cli(["import", big, "--db", db, "--json"]);
    expect(again.status, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).imports[0].tables[0]).toMatchObject({ table: "tickets", new: 400_000 });
  }, 180_000);
});

describe("the site's data loaders on a warehouse", () => {
  it("«Загрузки» lists each import with its files and changes; without a warehouse it says so", async () => {
    const db = join(root, "site.duckdb");
    expect(cli(["import", SAMPLE_DIR, "--db", db]).status).toBe(0);
    expect(cli(["import", SAMPLE_DIR, "--db", db]).status).toBe(0);
    const loader = join(ROOT, "loaders/site/member-cli.ts");
    const tsx = join(ROOT, "node_modules/.bin/tsx");
    const withDb = spawnSync(tsx, [loader, "imports.json"], { cwd: ROOT, encoding: "utf8", env: { ...process.env, SUPPORT_ANALYTICS_DB: db } });
    expect(withDb.status, withDb.stderr).toBe(0);
    const log = JSON.parse(withDb.stdout);
    expect(log.warehouse).toBe(db);
    expect(log.imports).toHaveLength(1);
    expect(log.imports[0].files.map((f: { table: string }) => f.table).sort()).toEqual(["clients", "nps", "payments", "projects", "tickets", "visits"]);
    expect(log.imports[0].tables.find((t: { table: string }) => t.table === "tickets")).toMatchObject({ read: 7036, accepted: 7025, rejected: 11, new: 7025 });
    const env = { ...process.env };
    delete env.SUPPORT_ANALYTICS_DB;
    const without = spawnSync(tsx, [loader, "imports.json"], { cwd: ROOT, encoding: "utf8", env });
    expect(JSON.parse(without.stdout)).toEqual({ warehouse: null, imports: [] });
    const validate = cli(["validate", "--db", db, "--json"]);
    expect(validate.status, validate.stderr).toBe(0);
    const report = JSON.parse(validate.stdout);
    expect(report.files.tickets).toMatchObject({ read: 7036, accepted: 7025, rejected: 11, status: "ok" });
    expect(report.rejects.find((r: { line: number }) => r.line === 572).message).toMatch(/^tickets\.csv, строка 572/);
    const both = cli(["tickets", "--db", db, "--data", SAMPLE_DIR, "--json"]);
    expect(both.status).toBe(1);
    expect(both.stderr).toMatch(/Укажите что-то одно: --data .* или --db/);
  }, 60_000);
});
