/**
 * The per-project table the «Внедрение» page reads (loaders/site/page-data.ts projectsArrow):
 * `on_time` follows the definition of projects.on_time_rate (completed = trained, else handed
 * over; on time when completed ≤ due_at), TTV is signed → trained in calendar days; the late
 * projects the narrative names (lateProjects) are the ones the KPI counts. The facts
 * behind the monthly narrative's CSAT and escalation sentences (ticketDrivers) count the same
 * tickets as the KPIs.
 */
import { tableFromIPC } from "apache-arrow";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Pipeline } from "../loaders/pipeline.ts";
import { projectsArrow, ticketDrivers } from "../loaders/site/page-data.ts";
import { contextOf } from "./helpers/metric-context.ts";
import { latestEventDay } from "../loaders/as-of.ts";
import { lateProjects, projectsByMonth } from "../loaders/metrics/projects.ts";
import { createTicketFacts } from "../loaders/metrics/ticket-facts.ts";
import { computeMonthKpis, flattenKpis } from "../loaders/metrics/month-kpis.ts";
import { createTestDb, insertRows, msk, testSettings, type TestDb } from "./metrics-helpers.ts";

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
    const dataDay = await latestEventDay(db.connection, "Europe/Moscow");
    const pipeline = { connection: db.connection, settings: testSettings(), now: new Date("2026-04-10T12:00:00+03:00"), latestEventDay: dataDay };
    const bytes = await projectsArrow(pipeline as unknown as Pipeline);
    const rows = tableFromIPC(bytes).toArray().map((r) => r.toJSON() as Record<string, unknown>);
    const byId = Object.fromEntries(rows.map((r) => [r.project_id, r]));
    expect(Object.fromEntries(rows.map((r) => [r.project_id, r.on_time]))).toEqual({ P1: true, P2: false, P3: true, P4: null, P5: null });
    expect(Number(byId.P1!.ttv_days)).toBe(14);
    expect(byId.P3!.ttv_days).toBeNull();
  });
});

describe("the projects behind the on-time rate (lateProjects)", () => {
  it("judges the projects completed in the month with a due date and lists the late ones with their client and days", async () => {
    const context = await contextOf(db.connection, testSettings(), ["2026-02", "2026-03"], new Date("2026-04-10T12:00:00+03:00"));
    expect(await lateProjects(context)).toEqual([
      {
        month: "2026-03",
        judged: 3,
        late: [{ month: "2026-03", project_id: "P2", client_name: "ЖК Один", completed_by: "training", completed_at: "2026-03-21", due_at: "2026-03-20" }],
      },
    ]);
    const kpi = (await projectsByMonth(context))!.get("2026-03")!;
    expect([kpi.on_time_known, kpi.on_time_rate]).toEqual([3, 2 / 3]);
  });
});

describe("what lies behind CSAT and escalations (ticketDrivers)", () => {
  let drivers: TestDb;
  beforeAll(async () => {
    drivers = await createTestDb();
    const settings = testSettings();
    await insertRows(drivers.connection, "clients", [{ client_id: "c1", name: "ЖК Один", contract_start: "2025-01-01" }]);
    const t = (id: string, createdMsk: string, fields: Record<string, unknown>) => ({
      ticket_id: id, client_id: "c1", priority: "standard", created_at: msk(createdMsk), resolved_at: msk(createdMsk.replace(/ \d\d:\d\d$/, " 17:59")), ...fields,
    });
    await insertRows(drivers.connection, "tickets", [
      t("T1", "2026-03-02 10:00", { csat: 5, escalated: false, category: "Биллинг" }),
      t("T2", "2026-03-03 10:00", { csat: 3, escalated: true, category: "Шлагбаум" }),
      t("T3", "2026-03-04 10:00", { csat: 2, escalated: true, category: "Шлагбаум" }),
      t("T4", "2026-03-05 10:00", { csat: 1, escalated: true, category: "Биллинг" }),
      t("T5", "2026-03-06 10:00", { csat: 1, escalated: false, category: " " }), // blank category: counted, names none
      t("T6", "2026-03-10 10:00", { csat: 4, escalated: null, category: "Биллинг" }),
      t("T7", "2026-03-11 10:00", { escalated: true, category: "Биллинг" }), // no score
      // 31 March 23:30 in Moscow is 20:30 UTC: a March ticket; 1 April 00:30 Moscow is still 31 March in UTC: an April one
      t("T8", "2026-03-31 23:30", { csat: 3, escalated: false, category: "Приложение", resolved_at: msk("2026-04-01 10:00") }),
      t("T9", "2026-04-01 00:30", { csat: 2, escalated: true, category: "Приложение" }),
    ]);
    await createTicketFacts(drivers.connection, settings, new Date("2026-04-20T12:00:00+03:00"));
  });
  afterAll(() => drivers.close());

  it("counts low scores and escalations per month with their top category, as the KPIs count the tickets", async () => {
    const rows = await ticketDrivers({ connection: drivers.connection } as unknown as Pipeline);
    expect(rows).toEqual([
      {
        month: "2026-03",
        csat_responses: 7, // T1–T6, T8
        csat_low: 5, // T2, T3, T4, T5, T8 (3 and lower)
        csat_low_top_category: "Шлагбаум", // Шлагбаум 2 (T2, T3), Биллинг 1, Приложение 1, blank 1
        csat_low_top_count: 2,
        escalated: 4, // T2, T3, T4, T7
        escalated_top_category: "Биллинг", // Биллинг 2 (T4, T7) = Шлагбаум 2 (T2, T3): the first by name
        escalated_top_count: 2,
      },
      { month: "2026-04", csat_responses: 1, csat_low: 1, csat_low_top_category: "Приложение", csat_low_top_count: 1, escalated: 1, escalated_top_category: "Приложение", escalated_top_count: 1 },
    ]);
    const settings = testSettings();
    const march = await computeMonthKpis(drivers.connection, settings, "2026-03", { now: new Date("2026-04-20T12:00:00+03:00") });
    const kpi = flattenKpis(march as unknown as Parameters<typeof flattenKpis>[0]);
    expect([kpi["csat.responses"], kpi["tickets.escalated"]]).toEqual([7, 4]);
  });
});
