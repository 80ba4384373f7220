/**
 * Per-ticket facts: business durations and SLA statuses on hand-computed tickets (Moscow = UTC+3;
 * the tickets table holds UTC instants, so 09:00 MSK is written 06:00).
 */
import { describe, expect, it } from "vitest";
import { businessMinutesBetween } from "../loaders/calendar/business-calendar.ts";
import { createTicketFacts } from "../loaders/metrics/ticket-facts.ts";
import { loadSettings, type Settings } from "../loaders/settings.ts";
import { createSchemaTable, useMemoryDb } from "./helpers/duckdb.ts";

const settings: Settings = loadSettings();
const db = useMemoryDb();

interface Ticket {
  id: string;
  client?: string;
  priority: "emergency" | "standard" | "consultation";
  /** Moscow local "YYYY-MM-DDTHH:MM[:SS]" */
  created: string;
  response?: string;
  resolved?: string;
  category?: string | null;
  escalated?: boolean;
}

const utc = (mskLocal: string) => new Date(`${mskLocal}+03:00`).toISOString().replace("T", " ").replace("Z", "");
const q = (v: string | null | undefined) => (v === null || v === undefined ? "NULL" : `'${v}'`);

async function loadTickets(tickets: Ticket[]): Promise<void> {
  await createSchemaTable(db.connection, "tickets", { replace: true });
  if (tickets.length === 0) return;
  const values = tickets.map(
    (t) =>
      `(${q(t.id)}, ${q(t.client ?? "C1")}, ${q(utc(t.created))}, ${q(t.priority)}, ${q(t.response && utc(t.response))}, ${q(
        t.resolved && utc(t.resolved),
      )}, ${t.category === undefined ? q(`cat-${t.id}`) : q(t.category)}, ${t.escalated ?? "NULL"})`,
  );
  await db.connection.run(
    `INSERT INTO tickets (ticket_id, client_id, created_at, priority, first_response_at, resolved_at, category, escalated)
     VALUES ${values.join(",\n")}`,
  );
}

async function facts(asOfMsk: string, s: Settings = settings): Promise<Record<string, Record<string, unknown>>> {
  await createTicketFacts(db.connection, s, new Date(`${asOfMsk}+03:00`));
  const rows = (await db.connection.runAndReadAll(`SELECT * FROM ticket_facts`)).getRowObjects();
  return Object.fromEntries(rows.map((r) => [String(r.ticket_id), r as Record<string, unknown>]));
}

describe("business durations", () => {
  it("weekends, holidays, shortened days, working Saturdays, the New Year", async () => {
    await loadTickets([
      // 08:59 MSK (05:59 UTC) is before opening: response 09:15 → 15 min, resolved 13:00 → 240
      { id: "boundary", priority: "emergency", created: "2026-03-02T08:59", response: "2026-03-02T09:15", resolved: "2026-03-02T13:00" },
      // Saturday 7 Mar 2026; Monday 9 Mar is a transferred holiday → counts from Tue 09:00
      { id: "weekend", priority: "standard", created: "2026-03-07T12:00", resolved: "2026-03-10T10:30" },
      // Thu 30 Apr 2026 is shortened (ends 17:00): 16–17 + Mon 4 May 09–10
      { id: "short", priority: "standard", created: "2026-04-30T16:00", resolved: "2026-05-04T10:00" },
      // Fri 27 Dec 2024 17–18, Sat 28 Dec working 540, 30 Dec – 8 Jan off, Thu 9 Jan 09–12
      { id: "saturday", priority: "standard", created: "2024-12-27T17:00", resolved: "2025-01-09T12:00" },
      // 30 Dec 2025 17–18, 31 Dec – 11 Jan off, 12 Jan 09–10
      { id: "newyear", priority: "consultation", created: "2025-12-30T17:00", resolved: "2026-01-12T10:00" },
      // Sat 1 Nov 2025: shortened working Saturday (09–17): 16:30–17:00, then Wed 5 Nov 09:00–09:30
      { id: "nov1", priority: "standard", created: "2025-11-01T16:30", resolved: "2025-11-05T09:30" },
      // created and resolved outside hours
      { id: "night", priority: "emergency", created: "2026-03-11T19:00", resolved: "2026-03-12T09:00" },
    ]);
    const f = await facts("2026-06-01T00:00");
    const minutes = (id: string) => [f[id]!.response_business_minutes, f[id]!.resolution_business_minutes];
    expect(minutes("boundary")).toEqual([15, 240]);
    expect(minutes("weekend")).toEqual([90, 90]); // no first response → answered at resolution
    expect(minutes("short")).toEqual([120, 120]);
    expect(minutes("saturday")).toEqual([780, 780]);
    expect(minutes("newyear")).toEqual([120, 120]);
    expect(minutes("nov1")).toEqual([60, 60]);
    expect(minutes("night")).toEqual([0, 0]);
    expect(f.newyear!.resolution_calendar_hours).toBe(13 * 24 - 7); // 30 Dec 17:00 → 12 Jan 10:00
    expect(f.saturday!.resolution_calendar_hours).toBe(12 * 24 + 19);
    expect(f.short!.resolution_calendar_hours).toBe(4 * 24 - 6);
    expect(f.boundary!.month).toBe("2026-03");
    expect(f.newyear!.month).toBe("2025-12");
  });

  it("months are Moscow-local: 31 Jan 22:00 UTC is February", async () => {
    await loadTickets([{ id: "m", priority: "standard", created: "2026-02-01T01:00" }]);
    const f = await facts("2026-02-02T00:00");
    expect(f.m!.month).toBe("2026-02");
    expect(f.m!.created_at).toBeDefined();
  });

  it("24x7 mode counts every minute", async () => {
    await loadTickets([{ id: "w", priority: "standard", created: "2026-03-07T12:00", resolved: "2026-03-10T10:30" }]);
    const s: Settings = { ...settings, calendar: { ...settings.calendar, mode: "24x7" } };
    const f = await facts("2026-06-01T00:00", s);
    expect(f.w!.resolution_business_minutes).toBe(70 * 60 + 30);
    expect(f.w!.resolution_calendar_hours).toBe(70.5);
  });

  it("a ticket in a year without a calendar is an error naming the year", async () => {
    await loadTickets([{ id: "old", priority: "standard", created: "2023-12-29T10:00", resolved: "2024-01-09T10:00" }]);
    await expect(createTicketFacts(db.connection, settings, new Date("2024-02-01T00:00:00Z"))).rejects.toThrow(
      "Производственный календарь не содержит 2023 год: добавьте data/calendar/ru-2023.xml",
    );
  });
});

describe("SLA status", () => {
  it("emergency: 15 business minutes to respond and 240 to resolve, bounds inclusive", async () => {
    await loadTickets([
      { id: "e15", priority: "emergency", created: "2026-03-02T10:00", response: "2026-03-02T10:15", resolved: "2026-03-02T14:00" },
      { id: "e16", priority: "emergency", created: "2026-03-02T10:00", response: "2026-03-02T10:16", resolved: "2026-03-02T10:30" },
      { id: "e15s", priority: "emergency", created: "2026-03-02T10:00", response: "2026-03-02T10:15:01", resolved: "2026-03-02T10:30" },
      { id: "e241", priority: "emergency", created: "2026-03-02T10:00", response: "2026-03-02T10:05", resolved: "2026-03-02T14:01" },
      // over the night: 17:50 → next day 09:05 is 15 business minutes
      { id: "enight", priority: "emergency", created: "2026-03-02T17:50", response: "2026-03-03T09:05", resolved: "2026-03-03T09:30" },
      // no first response: resolved in 10 minutes counts as answered then
      { id: "enoresp", priority: "emergency", created: "2026-03-02T10:00", resolved: "2026-03-02T10:10" },
    ]);
    const f = await facts("2026-06-01T00:00");
    const view = (id: string) => [f[id]!.response_met, f[id]!.met, f[id]!.on_target, f[id]!.breached, f[id]!.sla_status];
    expect(view("e15")).toEqual([true, true, true, false, "on_target"]);
    expect(view("e16")).toEqual([false, false, false, true, "breached"]);
    expect(view("e15s")).toEqual([false, false, false, true, "breached"]);
    expect(f.e15s!.response_business_minutes).toBeCloseTo(15 + 1 / 60, 12);
    expect(view("e241")).toEqual([true, false, false, true, "breached"]);
    expect(view("enight")).toEqual([true, true, true, false, "on_target"]);
    expect(f.enight!.resolution_business_minutes).toBe(40);
    expect(view("enoresp")).toEqual([true, true, true, false, "on_target"]);
  });

  it("standard and consultation: business target, 5 calendar days limit", async () => {
    await loadTickets([
      // 2 Mar 09:00 → 5 Mar 15:20 = 3 × 540 + 380 = 2000 business minutes, 78 h 20 min
      { id: "s2000", priority: "standard", created: "2026-03-02T09:00", resolved: "2026-03-05T15:20" },
      { id: "c2000", priority: "consultation", created: "2026-03-02T09:00", resolved: "2026-03-05T15:20" },
      // exactly 1440 business minutes: 2 Mar 09:00 → 4 Mar 15:00 (540 + 540 + 360)
      { id: "s1440", priority: "standard", created: "2026-03-02T09:00", resolved: "2026-03-04T15:00" },
      { id: "s1441", priority: "standard", created: "2026-03-02T09:00", resolved: "2026-03-04T15:01" },
      // exactly 5 × 24 h → met; one second more → breached
      { id: "s120h", priority: "standard", created: "2026-03-02T09:00", resolved: "2026-03-07T09:00" },
      { id: "s120h1s", priority: "standard", created: "2026-03-02T09:00", resolved: "2026-03-07T09:00:01" },
      // within the business target but past the calendar limit (holidays): breached, not on target
      { id: "sholiday", priority: "standard", created: "2024-12-27T17:00", resolved: "2025-01-09T12:00" },
    ]);
    const f = await facts("2026-06-01T00:00");
    const status = (id: string) => f[id]!.sla_status;
    expect(f.s2000!.resolution_business_minutes).toBe(2000);
    expect(f.s2000!.resolution_calendar_hours).toBeCloseTo(78 + 20 / 60, 12);
    expect(status("s2000")).toBe("met");
    expect(status("c2000")).toBe("on_target");
    expect(f.s1440!.resolution_business_minutes).toBe(1440);
    expect(status("s1440")).toBe("on_target");
    expect(status("s1441")).toBe("met");
    expect(status("s120h")).toBe("met"); // within 5 × 24 h, but 5 × 540 = 2700 business minutes > 1440
    expect(status("s120h1s")).toBe("breached");
    expect(status("sholiday")).toBe("breached");
    expect(f.sholiday!.resolution_business_minutes).toBe(780);
    expect([f.sholiday!.met, f.sholiday!.on_target, f.sholiday!.breached]).toEqual([false, false, true]);
  });

  it("open tickets are judged at as-of: past the limit breached, within it open", async () => {
    await loadTickets([
      // as of Mon 9 Mar 2026 12:00 MSK
      { id: "s5d", priority: "standard", created: "2026-03-04T12:00" }, // exactly 5 × 24 h → open
      { id: "s5d1s", priority: "standard", created: "2026-03-04T11:59:59" }, // 1 s more → breached
      // emergency, no response: Mon 9 Mar is a holiday → Fri 6 Mar 17:50 has 10 business minutes → open
      { id: "e10", priority: "emergency", created: "2026-03-06T17:50" },
      // Fri 17:44 → 16 business minutes, no response → response clock failed → breached
      { id: "e16", priority: "emergency", created: "2026-03-06T17:44" },
      // answered in time, open 10 business minutes → open
      { id: "eresp", priority: "emergency", created: "2026-03-06T17:50", response: "2026-03-06T17:55" },
      // resolved after as-of → still open as of then
      { id: "later", priority: "consultation", created: "2026-03-06T10:00", response: "2026-03-06T10:30", resolved: "2026-03-10T10:00" },
      // created after as-of → does not exist yet
      { id: "future", priority: "standard", created: "2026-03-09T12:00:01" },
    ]);
    const f = await facts("2026-03-09T12:00");
    expect(Object.keys(f).sort()).toEqual(["e10", "e16", "eresp", "later", "s5d", "s5d1s"]);
    expect(f.s5d!.sla_status).toBe("open");
    expect(f.s5d!.age_business_minutes).toBe(360 + 540 + 540); // 4 Mar 12–18, 5 and 6 Mar; 9 Mar is a holiday
    expect(f.s5d1s!.sla_status).toBe("breached");
    expect([f.e10!.sla_status, f.e10!.age_business_minutes, f.e10!.response_met]).toEqual(["open", 10, null]);
    expect([f.e16!.sla_status, f.e16!.age_business_minutes, f.e16!.response_met]).toEqual(["breached", 16, false]);
    expect([f.eresp!.sla_status, f.eresp!.response_business_minutes, f.eresp!.response_met]).toEqual(["open", 5, true]);
    expect(f.later!.sla_status).toBe("open");
    expect(f.later!.resolution_business_minutes).toBeNull();
    expect(f.later!.resolution_calendar_hours).toBeNull();
    expect(f.later!.response_business_minutes).toBe(30);
    expect(f.later!.age_business_minutes).toBe(480);
  });

  it("an emergency ticket open past 240 business minutes is breached even if answered", async () => {
    await loadTickets([
      { id: "e", priority: "emergency", created: "2026-03-02T09:00", response: "2026-03-02T09:05" },
    ]);
    expect((await facts("2026-03-02T13:00")).e!.sla_status).toBe("open"); // exactly 240
    expect((await facts("2026-03-02T13:01")).e!.sla_status).toBe("breached");
  });
});

describe("repeats", () => {
  it("same client and category within 30 days", async () => {
    await loadTickets([
      { id: "a1", client: "C1", priority: "standard", created: "2026-01-12T10:00", category: "Доступ" },
      { id: "a2", client: "C1", priority: "standard", created: "2026-02-11T10:00", category: "Доступ" }, // 30 days → repeat
      { id: "a3", client: "C1", priority: "standard", created: "2026-03-13T10:00:01", category: "Доступ" }, // 30 d 1 s → not
      { id: "b1", client: "C1", priority: "standard", created: "2026-01-13T10:00", category: "Оплата" }, // other category
      { id: "c1", client: "C2", priority: "standard", created: "2026-01-14T10:00", category: "Доступ" }, // other client
      { id: "n1", client: "C1", priority: "standard", created: "2026-01-15T10:00", category: null },
      { id: "n2", client: "C1", priority: "standard", created: "2026-01-16T10:00", category: null }, // unknown
    ]);
    const f = await facts("2026-04-01T00:00");
    const repeat = Object.fromEntries(Object.entries(f).map(([id, r]) => [id, r.is_repeat]));
    expect(repeat).toEqual({ a1: false, a2: true, a3: false, b1: false, c1: false, n1: null, n2: null });
  });
});

describe("SQL against the reference", () => {
  it("ticket facts equal businessMinutesBetween on 500 random tickets", async () => {
    let seed = 7;
    const next = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const base = Date.parse("2024-01-01T00:00:00Z");
    const tickets: Ticket[] = [];
    const pairs: [Date, Date][] = [];
    for (let i = 0; i < 500; i++) {
      const a = new Date(base + Math.floor(next() * 1400 * 86_400) * 1000);
      const b = new Date(a.getTime() + Math.floor(next() * 20 * 86_400) * 1000);
      pairs.push([a, b]);
      const msk = (d: Date) => new Date(d.getTime() + 3 * 3_600_000).toISOString().slice(0, 19);
      tickets.push({ id: `t${i}`, priority: "standard", created: msk(a), resolved: msk(b) });
    }
    await loadTickets(tickets);
    const f = await facts("2027-12-31T00:00");
    pairs.forEach(([a, b], i) => {
      expect(f[`t${i}`]!.resolution_business_minutes).toBeCloseTo(businessMinutesBetween(a, b, settings.calendar), 9);
    });
  });
});
