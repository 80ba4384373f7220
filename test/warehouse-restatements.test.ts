// Restatements as data on a real warehouse file: October published from the October export, then
// the November export moves October's SLA figures. `metrics --json` carries them under
// `restatements`, the site's loader function keys them by month, and the report's note shows the
// loader's lines as they are.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeMonthKpis } from "../loaders/metrics/month-kpis.ts";
import { importExports } from "../loaders/warehouse/import.ts";
import { publishMonth } from "../loaders/warehouse/publish.ts";
import { openWarehousePipeline } from "../loaders/warehouse/read.ts";
import { publishedMonths, publishedRestatements, type RestatementsJson } from "../loaders/warehouse/restatements.ts";
import { restatementNoteText } from "../src/components/restatement-note.ts";
import { sampleMonths, writeMonthExports } from "./helpers/month-exports.ts";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const BIN = join(ROOT, "bin/support-analytics.js");
const CLOCK = new Date("2026-11-30T12:00:00Z");
let root: string;
let db: string;
let unpublished: string;
let months: string[];

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "warehouse-restatements-"));
  const dirs = writeMonthExports(join(root, "months"), sampleMonths().slice(-3));
  months = dirs;
  db = join(root, "w.duckdb");
  unpublished = join(root, "unpublished.duckdb");
  await importExports(dirs.slice(0, 2), { dbPath: db, waitMs: 1000, clock: CLOCK });
  await importExports(dirs.slice(0, 2), { dbPath: unpublished, waitMs: 1000, clock: CLOCK });
  await publishMonth(db, "2026-10", { clock: CLOCK, waitMs: 1000 });
  await importExports([dirs[2]!], { dbPath: db, waitMs: 1000, clock: CLOCK });
}, 180_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function metricsJson(...args: string[]): Promise<{ month: string; restatements: RestatementsJson | null }> {
  const { stdout } = await run(process.execPath, [BIN, "metrics", ...args, "--json"], { cwd: ROOT, timeout: 120_000 });
  return JSON.parse(stdout) as { month: string; restatements: RestatementsJson | null };
}

describe("metrics --json: restatements", () => {
  it("holds the latest publication and the SLA figures that moved, with the published and current values and the Russian line", async () => {
    const out = await metricsJson("--db", db, "--month", "2026-10");
    const r = out.restatements!;
    expect(r.publication_id).toBe(1);
    expect(r.as_of_published).toBe("2026-10-31T20:59:59.999Z");
    expect(r.published_at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    const sla = r.items.filter((i) => /^sla\.[a-z]+\.compliance$/.test(i.key));
    expect(sla.length).toBeGreaterThan(0);
    for (const item of sla) {
      const priority = item.key.split(".")[1]!;
      expect(item.current).toBe((out as unknown as { sla: Record<string, { compliance: number }> }).sla[priority]!.compliance);
      expect(item.published).not.toBe(item.current);
      expect(item.reasons).toContain("загружены выгрузки № 3");
      expect(item.line_ru).toMatch(/^после публикации пересчитано: SLA [а-я]+ \d+,\d % → \d+,\d % — .*после 31 октября 2026/);
    }
  }, 120_000);

  it("is null for a month never published, and without a warehouse", async () => {
    expect((await metricsJson("--db", db, "--month", "2026-09")).restatements).toBeNull();
    expect((await metricsJson("--data", months[0]!, "--month", "2026-09")).restatements).toBeNull();
  }, 120_000);
});

describe("publishedRestatements (the site's loader)", () => {
  it("keys each published month's restatements by month; a warehouse without publications gives {}", async () => {
    expect(await publishedMonths(db, 1000)).toEqual(["2026-10"]);
    expect(await publishedMonths(unpublished, 1000)).toEqual([]);
    const pipeline = await openWarehousePipeline(db, { clock: CLOCK });
    try {
      const kpis = (month: string) => computeMonthKpis(pipeline.connection, pipeline.settings, month, { now: pipeline.now });
      const all = await publishedRestatements(db, pipeline.connection, kpis, 1000);
      expect(Object.keys(all)).toEqual(["2026-10"]);
      expect(all["2026-10"]!.items.some((i) => i.key === "sla.standard.compliance" || i.key === "sla.all.compliance")).toBe(true);
      const json = await metricsJson("--db", db, "--month", "2026-10");
      expect(all["2026-10"]!.items).toEqual(json.restatements!.items);
    } finally {
      pipeline.connection.closeSync();
      pipeline.instance.closeSync();
    }
    const empty = await openWarehousePipeline(unpublished, { clock: CLOCK });
    try {
      const kpis = (month: string) => computeMonthKpis(empty.connection, empty.settings, month, { now: empty.now });
      expect(await publishedRestatements(unpublished, empty.connection, kpis, 1000)).toEqual({});
    } finally {
      empty.connection.closeSync();
      empty.instance.closeSync();
    }
  }, 180_000);
});

describe("the site's restatements.json (loaders/site/site-members.ts)", () => {
  const loader = join(ROOT, "loaders/site/member-cli.ts");
  const tsx = join(ROOT, "node_modules/.bin/tsx");
  const runLoader = async (dbPath: string | null) => {
    const env = { ...process.env };
    delete env.SUPPORT_ANALYTICS_DB;
    if (dbPath) env.SUPPORT_ANALYTICS_DB = dbPath;
    const { stdout } = await run(tsx, [loader, "restatements.json"], { cwd: ROOT, env, timeout: 120_000 });
    return JSON.parse(stdout) as Record<string, RestatementsJson>;
  };

  it("writes the published months' restatements from the warehouse, {} without a publication or without a warehouse", async () => {
    const all = await runLoader(db);
    expect(Object.keys(all)).toEqual(["2026-10"]);
    expect(all["2026-10"]!.items.length).toBeGreaterThan(0);
    expect(all["2026-10"]!.items.every((i) => i.line_ru.startsWith("после публикации пересчитано: "))).toBe(true);
    expect(await runLoader(unpublished)).toEqual({});
    expect(await runLoader(null)).toEqual({});
  }, 240_000);
});

describe("restatementNoteText (the report's note)", () => {
  const entry = {
    publication_id: 2,
    published_at: "2026-11-01T09:15:00Z",
    as_of_published: "2026-10-31T20:59:59.999Z",
    items: [{ key: "sla.standard.compliance", line_ru: "после публикации пересчитано: SLA стандартных 96,4 % → 94,7 % — 4 обращения нарушили лимит после 31 октября 2026" }],
  };

  it("shows the publication day and each line as the loader wrote it", () => {
    expect(restatementNoteText(entry)).toEqual({
      head: "Опубликовано 1 ноября 2026 (данные на 31 октября 2026); после публикации пересчитано:",
      lines: ["SLA стандартных 96,4 % → 94,7 % — 4 обращения нарушили лимит после 31 октября 2026"],
    });
  });

  it("says nothing changed when no figure moved, and nothing at all without a publication", () => {
    expect(restatementNoteText({ ...entry, items: [] })).toEqual({ head: "Опубликовано 1 ноября 2026 (данные на 31 октября 2026); с тех пор показатели не изменились", lines: [] });
    expect(restatementNoteText(undefined)).toBeNull();
  });
});
