/**
 * Definitions as data: every key of the KPI object is named (a definition, a target/status
 * companion or an auxiliary key), the README lists every key pattern, and «Методика» has an
 * anchor for every concrete key that has a definition.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { definitionFor, METRIC_DEFINITIONS } from "../loaders/metrics/definitions.ts";
import { keyNameRu, keyPatterns } from "../loaders/metrics/key-list.ts";
import { methodologyData } from "../loaders/metrics/methodology.ts";
import { computeMonthKpis, flattenKpis, type MonthKpis } from "../loaders/metrics/month-kpis.ts";
import { createTestDb, insertRows, msk, testSettings, type TestDb } from "./metrics-helpers.ts";

let db: TestDb;
let kpis: MonthKpis;
const settings = testSettings();

beforeAll(async () => {
  db = await createTestDb();
  await insertRows(db.connection, "clients", [{ client_id: "c1", name: "К", contract_start: "2025-01-01" }]);
  await insertRows(db.connection, "tickets", [
    { ticket_id: "T1", client_id: "c1", priority: "standard", created_at: msk("2026-03-02 10:00"), resolved_at: msk("2026-03-02 12:00") },
  ]);
  await insertRows(db.connection, "projects", [{ project_id: "P1", client_id: "c1", signed_at: "2026-03-01" }]);
  await insertRows(db.connection, "visits", [{ visit_id: "V1", engineer: "E", visited_at: "2026-03-03", client_id: "c1", kind: "audit" }]);
  await insertRows(db.connection, "payments", [{ invoice_id: "I1", client_id: "c1", issued_at: "2026-03-01", due_at: "2026-03-10" }]);
  kpis = await computeMonthKpis(db.connection, settings, "2026-03", { now: new Date("2026-04-10T00:00:00Z") });
});
afterAll(() => db?.close());

describe("metric definitions", () => {
  it("name every key pattern of the KPI object", () => {
    for (const pattern of keyPatterns(kpis)) expect(keyNameRu(pattern), pattern).not.toBeNull();
  });

  it("are listed in loaders/metrics/README.md", () => {
    const readme = readFileSync(new URL("../loaders/metrics/README.md", import.meta.url), "utf8");
    for (const pattern of keyPatterns(kpis)) expect(readme, pattern).toContain(`\`${pattern}\``);
  });

  it("every definition matches at least one key of the KPI object (or is the cohort table)", () => {
    const keys = Object.keys(flattenKpis(kpis));
    for (const def of METRIC_DEFINITIONS) {
      if (def.key.startsWith("cohort_retention")) continue;
      expect(keys.some((k) => definitionFor(k) === def), def.key).toBe(true);
    }
  });

  it("«Методика» anchors every concrete defined key and its target/status", () => {
    const data = methodologyData(settings);
    const anchors = new Set(data.definitions.flatMap((d) => d.anchors));
    for (const key of Object.keys(flattenKpis(kpis))) {
      if (definitionFor(key)) {
        expect(anchors.has(key), key).toBe(true);
      }
    }
    for (const key of ["sla.emergency.compliance", "tickets.total", "nps.score", "retention.logo_12m", "triggers", "workload", "triggers.second_engineer", "cohorts"]) {
      expect(anchors.has(key), key).toBe(true);
    }
    expect(new Set(data.definitions.map((d) => d.id)).size).toBe(data.definitions.length);
    const all = data.definitions.flatMap((d) => d.anchors);
    expect(new Set(all).size).toBe(all.length); // every anchor lands on one entry
    const sla = data.definitions.find((d) => d.key === "sla.<priority>.compliance")!;
    expect(sla.targets.map((t) => t.value)).toEqual([
      settings.sla.emergency.compliance_target,
      settings.sla.standard.compliance_target,
      settings.sla.consultation.compliance_target,
    ]);
  });
});
