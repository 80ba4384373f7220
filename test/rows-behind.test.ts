/**
 * The rows the narrative names are the KPIs' own: on the committed sample, in every month, the
 * clients listed as lost are retention.logo_base − retention.logo_retained, the late projects are
 * the on-time rate's judged − on time, and the breach facts are the SLA KPI's breached tickets.
 * Plus the retention base's day boundaries and the days SLA breaches cluster on, on hand-made rows.
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { contextOf } from "./helpers/metric-context.ts";
import { lostClients } from "../loaders/metrics/clients.ts";
import { computeAllMonths, flattenKpis, type MonthKpis } from "../loaders/metrics/month-kpis.ts";
import { rowsBehindKpis, type RowsBehindKpis } from "../loaders/metrics/rows-behind.ts";
import { breachesByMonth } from "../loaders/metrics/sla.ts";
import { createTicketFacts } from "../loaders/metrics/ticket-facts.ts";
import { runPipeline, type Pipeline } from "../loaders/pipeline.ts";
import { generateNarrative } from "../src/components/narrative.ts";
import { createTestDb, insertRows, testSettings } from "./metrics-helpers.ts";

const SAMPLE = fileURLToPath(new URL("../data/sample/", import.meta.url));
const NOW = new Date("2026-11-24T23:59:59+03:00");

let pipeline: Pipeline;
let months: MonthKpis[];
let rows: RowsBehindKpis;

beforeAll(async () => {
  pipeline = await runPipeline(SAMPLE, { now: NOW });
  await createTicketFacts(pipeline.connection, pipeline.settings, NOW, "ticket_facts");
  months = await computeAllMonths(pipeline.connection, pipeline.settings, { now: NOW, factsTable: "ticket_facts" });
  rows = await rowsBehindKpis(pipeline.connection, pipeline.settings, NOW);
}, 120_000);
afterAll(() => {
  pipeline?.connection.closeSync();
  pipeline?.instance.closeSync();
});

const kpi = (m: MonthKpis, key: string) => flattenKpis(m as never)[key] as number | null;

describe("the rows behind the sample's figures, month by month", () => {
  it("lost clients listed = retention base − retained", () => {
    let lost = 0;
    for (const m of months) {
      const listed = rows.lost_clients.filter((c) => c.month === m.month);
      expect(listed.length, m.month).toBe(kpi(m, "retention.logo_base")! - kpi(m, "retention.logo_retained")!);
      lost += listed.length;
    }
    expect(lost).toBeGreaterThan(0);
  });

  it("late projects listed = judged × (1 − on-time rate)", () => {
    let late = 0;
    for (const m of months) {
      const month = rows.late_projects.find((p) => p.month === m.month);
      const rate = kpi(m, "projects.on_time_rate");
      if (rate === null) {
        expect(month, m.month).toBeUndefined();
        continue;
      }
      expect(month!.late.length, m.month).toBe(Math.round(month!.judged * (1 - rate)));
      expect(month!.late.every((p) => p.completed_at > p.due_at && p.completed_at.slice(0, 7) === m.month), m.month).toBe(true);
      late += month!.late.length;
    }
    expect(late).toBeGreaterThan(0);
  });

  it("breach facts = the SLA KPI's breached and judged tickets", () => {
    let compared = 0;
    for (const m of months) {
      for (const priority of Object.keys(pipeline.settings.sla)) {
        const facts = rows.sla_breaches.find((b) => b.month === m.month && b.priority === priority);
        const breached = kpi(m, `sla.${priority}.breached`) ?? 0;
        expect(facts?.breached ?? 0, `${m.month} ${priority}`).toBe(breached);
        // the densest days hold some of those breaches: a window exactly when there is one, never counting more
        expect([(facts?.cluster ?? null) !== null, (facts?.cluster?.count ?? 0) <= breached], `${m.month} ${priority}`).toEqual([breached > 0, true]);
        expect(facts?.judged ?? 0).toBe((kpi(m, `sla.${priority}.met`) ?? 0) + breached);
        compared++;
      }
    }
    expect(compared).toBe(months.length * 3);
  });

  it("the narrative names the lost clients and late projects of every month whose figure misses its target", () => {
    let named = 0;
    for (const m of months) {
      const items = generateNarrative({ month: m.month, months, settings: pipeline.settings, lostClients: rows.lost_clients, lateProjects: rows.late_projects });
      const retention = items.find((i) => i.key === "retention.logo_12m");
      const lost = rows.lost_clients.filter((c) => c.month === m.month);
      if (retention && retention.tone !== "ok" && retention.tone !== "none" && lost.length > 0) {
        expect(retention.text, m.month).toContain(lost[0]!.name);
        named++;
      }
      const projects = items.find((i) => i.key === "projects.on_time_rate");
      const late = rows.late_projects.find((p) => p.month === m.month)?.late ?? [];
      if (projects && projects.tone !== "ok" && projects.tone !== "none" && late.length > 0) {
        expect(projects.text, m.month).toContain(late[0]!.project_id);
        named++;
      }
    }
    expect(named).toBeGreaterThan(0);
  });
});

describe("lostClients: the retention base's boundaries", () => {
  it("March 2026: in the base when active on 31 March 2025; lost when gone by the month's end; latest first", async () => {
    const db = await createTestDb();
    try {
      const c = (client_id: string, contract_start: string, churned_at: string | null) => ({ client_id, name: client_id, contract_start, churned_at });
      await insertRows(db.connection, "clients", [
        c("Ранний", "2023-01-10", "2025-04-01"), // gone on the window's first day: in the base, lost
        c("Лес", "2024-06-01", "2026-03-31"), // gone on its last day: lost
        c("Север", "2022-05-05", "2025-11-12"),
        c("До окна", "2022-01-01", "2025-03-31"), // gone before the window: not in the base
        c("Новый", "2025-04-01", "2025-12-01"), // signed inside the window: not in the base
        c("Позже", "2020-01-01", "2026-04-01"), // retained
        c("Активный", "2020-01-01", null),
      ]);
      const context = await contextOf(db.connection, testSettings(), ["2026-03"], new Date("2026-04-10T12:00:00+03:00"));
      expect((await lostClients(context)).map((r) => `${r.name} ${r.churned_at}`)).toEqual(["Лес 2026-03-31", "Север 2025-11-12", "Ранний 2025-04-01"]);
    } finally {
      db.close();
    }
  });
});

describe("breachesByMonth: where a month's breaches cluster", () => {
  it("finds the 5 Moscow days holding most breached tickets, earliest on ties; none without breaches", async () => {
    const db = await createTestDb([]);
    try {
      await db.connection.run("CREATE TABLE facts (month VARCHAR, priority VARCHAR, met BOOLEAN, breached BOOLEAN, created_at TIMESTAMP)");
      const ticket = (priority: string, createdUtc: string, breached: boolean) => ({ month: "2026-03", priority, met: !breached, breached, created_at: createdUtc });
      await insertRows(db.connection, "facts", [
        ticket("standard", "2026-03-02 08:00:00", true),
        ticket("standard", "2026-03-09 21:30:00", true), // 10 March 00:30 in Moscow
        ticket("standard", "2026-03-10 12:00:00", true),
        ticket("standard", "2026-03-12 12:00:00", true),
        ticket("standard", "2026-03-14 20:59:00", true), // 14 March 23:59 in Moscow
        ticket("standard", "2026-03-20 12:00:00", true),
        ticket("standard", "2026-03-11 12:00:00", false),
        ticket("consultation", "2026-03-11 12:00:00", false),
      ]);
      const facts = await breachesByMonth(db.connection, "Europe/Moscow", "facts");
      expect(facts.map((f) => [f.priority, f.judged, f.breached, f.cluster])).toEqual([
        ["consultation", 1, 0, null],
        // 10, 10, 12, 14 March: 4 of the 6 within 10–14 March
        ["standard", 7, 6, { first: "2026-03-10", last: "2026-03-14", count: 4 }],
      ]);
    } finally {
      db.close();
    }
  });
});
