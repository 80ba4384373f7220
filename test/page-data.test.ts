/**
 * The per-project table the «Внедрение» page reads (loaders/site/page-data.ts projectsArrow):
 * `on_time` follows the definition of projects.on_time_rate (completed = trained, else handed
 * over; on time when completed ≤ due_at), TTV is signed → trained in calendar days.
 */
import { tableFromIPC } from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Pipeline } from "../loaders/pipeline.ts";
import { projectsArrow } from "../loaders/site/page-data.ts";
import { createTestDb, insertRows, type TestDb } from "./metrics-helpers.ts";

let db: TestDb;
beforeAll(async () => {
  db = await createTestDb();
  await insertRows(db.connection, "clients", [{ client_id: "c1", name: "ЖК Один", contract_start: "2025-01-01" }]);
  const p = (id: string, fields: Record<string, unknown>) => ({ project_id: id, client_id: "c1", signed_at: "2026-03-01", due_at: "2026-03-20", ...fields });
  await insertRows(db.connection, "projects", [
    // trained before the due date, handed over after it: on time (completion is the training)
    p("P1", { trained_at: "2026-03-15", handed_over_at: "2026-03-25" }),
    // trained after the due date: late
    p("P2", { trained_at: "2026-03-21", handed_over_at: "2026-03-22" }),
    // no training recorded, handed over on the due date: on time («within» includes the bound)
    p("P3", { handed_over_at: "2026-03-20" }),
    // not completed: unknown
    p("P4", {}),
    // no due date: unknown
    p("P5", { due_at: null, trained_at: "2026-03-10" }),
  ]);
});
afterAll(() => db.close());

describe("projects table of the «Внедрение» page", () => {
  it("on_time and TTV as the KPI definitions say", async () => {
    const bytes = await projectsArrow({ connection: db.connection } as unknown as Pipeline);
    const rows = tableFromIPC(bytes).toArray().map((r) => r.toJSON() as Record<string, unknown>);
    const byId = Object.fromEntries(rows.map((r) => [r.project_id, r]));
    expect(Object.fromEntries(rows.map((r) => [r.project_id, r.on_time]))).toEqual({ P1: true, P2: false, P3: true, P4: null, P5: null });
    expect(Number(byId.P1!.ttv_days)).toBe(14);
    expect(byId.P3!.ttv_days).toBeNull();
  });
});
