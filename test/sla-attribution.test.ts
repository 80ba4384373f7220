/**
 * No ticket falls out of SLA compliance: on the committed sample (real pipeline, real DuckDB),
 * at several as-of moments and for every priority, the monthly KPIs (computeAllMonths) sum over
 * the months to
 * - Σ tickets = the tickets created up to as-of (each counts in exactly one month);
 * - Σ (met + breached) = those whose outcome is known at as-of (resolved, or past a limit or the
 *   response clock), Σ open = the others, still in progress with their outcome unknown;
 * - Σ in_progress = those not resolved at as-of;
 * the expected counts computed here from the CSV with the naive helpers (no code shared with
 * loaders/). A month is provisional exactly when a ticket of it is still in progress (or the
 * month is not over). The support page's filtered SLA (its cells, loaders/metrics/support-cells.ts) and
 * the report's breach facts count the same tickets as the KPI.
 */
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { computeAllMonths, type KpiTree, type MonthKpis } from "../loaders/metrics/month-kpis.ts";
import { runPipeline, type Pipeline } from "../loaders/pipeline.ts";
import { createTicketFacts } from "../loaders/metrics/ticket-facts.ts";
import { breachesByMonth } from "../loaders/metrics/sla.ts";
import { supportCells, ticketMonths } from "../loaders/metrics/support-cells.ts";
import { supportFigures } from "../src/core/support-figures.ts";
import { businessSeconds, readCalendar, readTickets, type NaiveSettings } from "./helpers/naive-kpis.ts";

const SAMPLE = fileURLToPath(new URL("../data/sample/", import.meta.url));
const CALENDAR = fileURLToPath(new URL("../data/calendar/", import.meta.url));
const LOADED_AT = new Date("2026-11-24T23:59:59+03:00");
const DAY_MS = 86_400_000;
const AS_OF_MOMENTS = [
  "2025-03-31T12:00:00+03:00", // mid-day, last day of a month
  "2025-08-31T23:59:00+03:00", // a month's last minute
  "2026-01-01T00:30:00+03:00", // the first half hour of a month (and of the New Year holidays)
  "2026-06-01T00:30:00+03:00", // the first half hour of a month
  "2026-11-24T23:59:00+03:00", // the end of the sample
];

let pipeline: Pipeline;
const kinds = readCalendar(CALENDAR, [2024, 2025, 2026, 2027]);
const tickets = readTickets(SAMPLE);

beforeAll(async () => {
  pipeline = await runPipeline(SAMPLE, { now: LOADED_AT });
}, 120_000);
afterAll(() => {
  pipeline?.connection.closeSync();
  pipeline?.instance.closeSync();
});

interface Expected {
  created: number;
  known: number;
  undecided: number;
  unresolved: number;
}

const at = (iso: string | undefined): number | null => (iso && iso.trim() ? Date.parse(iso) : null);

/** Per priority: tickets created by `asOf`, with their outcome known, unknown, and not resolved then. */
function expectedCounts(settings: NaiveSettings, asOf: number): Record<string, Expected> {
  const out: Record<string, Expected> = {};
  for (const priority of Object.keys(settings.sla)) out[priority] = { created: 0, known: 0, undecided: 0, unresolved: 0 };
  for (const t of tickets) {
    const created = at(t.created_at)!;
    if (created > asOf) continue;
    const rule = settings.sla[t.priority!]!;
    const counts = out[t.priority!]!;
    counts.created++;
    const resolved = at(t.resolved_at);
    if (resolved !== null && resolved <= asOf) {
      counts.known++;
      continue;
    }
    counts.unresolved++;
    const first = at(t.first_response_at);
    const answeredBy = first !== null && first <= asOf ? first : asOf;
    const responseFailed =
      rule.response_business_minutes !== undefined && businessSeconds(kinds, created, answeredBy) > rule.response_business_minutes * 60;
    const pastLimit =
      rule.limit_business_minutes !== undefined
        ? businessSeconds(kinds, created, asOf) > rule.limit_business_minutes * 60
        : asOf - created > rule.limit_calendar_days! * DAY_MS;
    if (responseFailed || pastLimit) counts.known++;
    else counts.undecided++;
  }
  return out;
}

const slaNode = (month: MonthKpis, priority: string) => (month.sla as KpiTree)[priority] as KpiTree;

describe("every ticket counts in exactly one month, judged as of the as-of moment", () => {
  for (const [index, iso] of AS_OF_MOMENTS.entries()) {
    it(`as of ${iso}`, async () => {
      const asOf = new Date(iso);
      const settings = pipeline.settings as unknown as NaiveSettings;
      const months = await computeAllMonths(pipeline.connection, pipeline.settings, { now: asOf, factsTable: `facts_${index}` });
      const expected = expectedCounts(settings, asOf.getTime());
      let totalCreated = 0;
      for (const priority of Object.keys(settings.sla)) {
        const sum = { tickets: 0, decided: 0, open: 0, inProgress: 0 };
        for (const month of months) {
          const node = slaNode(month, priority);
          sum.tickets += Number(node.tickets);
          sum.decided += Number(node.met) + Number(node.breached);
          sum.open += Number(node.open);
          sum.inProgress += Number(node.in_progress);
          expect(Number(node.met) + Number(node.breached) + Number(node.open), `${month.month} ${priority}`).toBe(node.tickets);
          expect(node.provisional, `${month.month} ${priority}`).toBe(Number(node.in_progress) > 0);
        }
        const e = expected[priority]!;
        expect(sum, `${iso} ${priority}`).toEqual({ tickets: e.created, decided: e.known, open: e.undecided, inProgress: e.unresolved });
        totalCreated += e.created;
      }
      expect(totalCreated).toBeGreaterThan(0);
      for (const month of months) {
        expect(month.provisional, month.month).toBe(month.partial || Number(slaNode(month, "all").in_progress) > 0);
      }
    }, 120_000);
  }

  it("October 2026 as of 24 November 23:59 MSK: 216 of 228 standard tickets within the limit", async () => {
    const months = await computeAllMonths(pipeline.connection, pipeline.settings, {
      now: new Date("2026-11-24T23:59:00+03:00"),
      factsTable: "facts_october",
    });
    const october = months.find((m) => m.month === "2026-10")!;
    const standard = slaNode(october, "standard");
    expect([standard.tickets, standard.met, standard.breached, standard.open]).toEqual([228, 216, 12, 0]);
    expect(standard.compliance).toBeCloseTo(216 / 228, 12);
    expect(standard.compliance_status).toBe("miss");
  }, 120_000);

  it("the support page's SLA and the report's breach facts equal the KPI in every month and priority", async () => {
    const asOf = new Date("2026-11-24T23:59:00+03:00");
    await createTicketFacts(pipeline.connection, pipeline.settings, asOf, "ticket_facts");
    const months = await computeAllMonths(pipeline.connection, pipeline.settings, { now: asOf, factsTable: "ticket_facts" });
    const source = { connection: pipeline.connection, factsTable: "ticket_facts", now: asOf, timezone: pipeline.settings.calendar.timezone };
    const cells = await supportCells(source, {}, { byClient: false, months: [], binnings: { response: {}, resolution: {} } });
    const span = await ticketMonths(source);
    const filter = { from: span[0]!, to: span.at(-1)!, priority: "all", segment: "all", client: "all" };
    const page = new Map(supportFigures(cells, filter, { repeatsFrom: "", binnings: { response: {}, resolution: {} } }).sla.map((r) => [`${r.month}|${r.priority}`, r]));
    const facts = new Map((await breachesByMonth(pipeline.connection, pipeline.settings.calendar.timezone)).map((r) => [`${r.month}|${r.priority}`, r]));
    let compared = 0;
    for (const month of months) {
      for (const priority of Object.keys(pipeline.settings.sla)) {
        const node = slaNode(month, priority);
        const id = `${month.month}|${priority}`;
        const judged = Number(node.met) + Number(node.breached);
        expect([page.get(id)?.judged ?? 0, page.get(id)?.breached ?? 0], id).toEqual([judged, node.breached]);
        expect([facts.get(id)?.judged ?? 0, facts.get(id)?.breached ?? 0], id).toEqual([judged, node.breached]);
        compared++;
      }
    }
    expect(compared).toBe(24 * 3);
  }, 120_000);
});
