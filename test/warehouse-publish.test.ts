// Published reports and restatements on a real warehouse: October published from the October
// export, then the November export resolves October's open tickets; the figures that moved are
// listed with the tickets that changed status after the publication and the imports since.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeMonthKpis } from "../loaders/metrics/month-kpis.ts";
import { importExports } from "../loaders/warehouse/import.ts";
import { monthRestatements, publishMonth, restatementLineRu, slaReasons, type Publication } from "../loaders/warehouse/publish.ts";
import { openWarehousePipeline } from "../loaders/warehouse/read.ts";
import { sampleMonths, writeMonthExports } from "./helpers/month-exports.ts";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const CLOCK = new Date("2026-11-30T12:00:00Z");
let root: string;
let db: string;

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), "warehouse-publish-"));
  const dirs = writeMonthExports(join(root, "months"), sampleMonths().slice(-3));
  db = join(root, "w.duckdb");
  await importExports(dirs.slice(0, 2), { dbPath: db, waitMs: 1000, clock: CLOCK });
  await publishMonth(db, "2026-10", { clock: CLOCK, waitMs: 1000 });
  await importExports([dirs[2]!], { dbPath: db, waitMs: 1000, clock: CLOCK });
}, 120_000);
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("restatements after publication", () => {
  it("lists the SLA figures that moved, with the tickets that changed status after 31 October and the import since", async () => {
    const pipeline = await openWarehousePipeline(db, { clock: CLOCK });
    try {
      const kpis = await computeMonthKpis(pipeline.connection, pipeline.settings, "2026-10", { now: pipeline.now });
      const found = await monthRestatements(db, pipeline.connection, kpis, 1000);
      expect(found!.publication.publicationId).toBe(1);
      expect(found!.publication.kpis.as_of).toBe("2026-10-31T20:59:59.999Z");
      const sla = found!.restatements.filter((r) => /^sla\.[a-z]+\.compliance$/.test(r.key));
      expect(sla.length).toBeGreaterThan(0);
      for (const r of sla) {
        const kpis = found!.publication.kpis as unknown as { sla: Record<string, { compliance: number }> };
        expect(r.published).toBe(kpis.sla[r.key.split(".")[1]!]!.compliance);
        expect(r.reasons.join("; ")).toMatch(/после 31 октября 2026/);
        expect(r.reasons).toContain("загружены выгрузки № 3");
      }
      expect(restatementLineRu(sla[0]!)).toMatch(/^после публикации пересчитано: SLA [а-я]+ \d+,\d % → \d+,\d % — \d+ обращени/);
    } finally {
      pipeline.connection.closeSync();
      pipeline.instance.closeSync();
    }
  });

  it("the Russian line: «SLA стандартных 96,4 % → 94,7 % — 4 обращения нарушили лимит после 31 октября 2026»", () => {
    const publication = {
      asOf: "2026-10-31T20:59:59.999Z",
      tickets: new Map([["A", ["standard", "open"]], ["B", ["standard", "open"]], ["C", ["standard", "met"]], ["D", ["standard", "open"]], ["E", ["standard", "open"]], ["F", ["emergency", "open"]]]),
    } as unknown as Publication;
    const current: [string, string, string | null][] = [["A", "standard", "breached"], ["B", "standard", "breached"], ["C", "standard", "met"], ["D", "standard", "breached"], ["E", "standard", "breached"], ["F", "emergency", "breached"]];
    const reasons = slaReasons(publication, current, "standard");
    expect(restatementLineRu({ key: "sla.standard.compliance", published: 0.964, current: 0.947, reasons })).toBe(
      "после публикации пересчитано: SLA стандартных 96,4 % → 94,7 % — 4 обращения нарушили лимит после 31 октября 2026",
    );
  });

  it("names a figure as «Методика» does and never shows two equal-looking values", () => {
    // 0.89712 and 0.89688 both read 89,7 %: the line shows them with two more decimals
    expect(restatementLineRu({ key: "tickets.resolved_without_escalation", published: 0.89712, current: 0.89688, reasons: [] })).toBe(
      "после публикации пересчитано: Решено без эскалации 89,712 % → 89,688 %",
    );
    expect(restatementLineRu({ key: "csat.mean", published: 4.412, current: 4.35, reasons: ["загружены выгрузки № 3"] })).toBe(
      "после публикации пересчитано: Удовлетворённость (CSAT) 4,41 → 4,35 — загружены выгрузки № 3",
    );
  });

  it("metrics --db prints the restatements under the month's summary", () => {
    const r = spawnSync(process.execPath, [join(ROOT, "bin/support-analytics.js"), "metrics", "--db", db, "--month", "2026-10"], { cwd: ROOT, encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Опубликовано \(№ 1, данные на 31 октября 2026\):\n  после публикации пересчитано: SLA/);
  });
});
