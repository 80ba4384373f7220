import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";
import { SCHEMA, duckdbType, type TableName } from "../loaders/schema.ts";
import { loadSettings } from "../loaders/settings.ts";
import { calibrate } from "../loaders/simulator/calibrate.ts";
import { businessDays } from "../loaders/calendar/business-calendar.ts";
import type { Calibration } from "../src/core/simulator/types.ts";

/**
 * Hand-made history, Nov 2026 – Jan 2027 (now = 10 Feb 2027): 14 tickets, 3 clients, 2 projects,
 * 4 visits. Every expected number below is computed by hand from these rows.
 */
let instance: DuckDBInstance;
let connection: DuckDBConnection;
let cal: Calibration;
const settings = loadSettings();

async function createTable(name: TableName, rows: string[]): Promise<void> {
  const cols = SCHEMA[name].columns.map((c) => `${c.name} ${duckdbType(c)}`).join(", ");
  await connection.run(`CREATE TABLE ${name} (${cols})`);
  if (rows.length > 0) await connection.run(`INSERT INTO ${name} VALUES ${rows.join(", ")}`);
}

const MONDAYS = ["2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23", "2026-11-30", "2026-12-07", "2026-12-14", "2026-12-21", "2026-12-28", "2027-01-04", "2027-01-11", "2027-01-18", "2027-01-25"];
const STANDARD_EFFORTS = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];

beforeAll(async () => {
  instance = await DuckDBInstance.create(":memory:");
  connection = await instance.connect();
  await connection.run("SET TimeZone='UTC'");
  const tickets = MONDAYS.map((day, i) => {
    const priority = i < 2 ? "emergency" : i < 12 ? "standard" : "consultation";
    const effort = priority === "standard" ? String(STANDARD_EFFORTS[i - 2]) : "NULL";
    // 07:00 UTC = 10:00 Moscow
    return `('T${i}', 'C1', TIMESTAMP '${day} 07:00:00', '${priority}', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, ${effort})`;
  });
  // 30 Nov 22:30 UTC = Tuesday 1 Dec 01:30 in Moscow: counts in December, hour 1, Tuesday
  tickets.push(`('T13', 'C2', TIMESTAMP '2026-11-30 22:30:00', 'consultation', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`);
  await createTable("tickets", tickets);
  await createTable("clients", [
    `('C1', 'Один', NULL, DATE '2026-01-01', NULL, NULL, NULL)`,
    `('C2', 'Два', NULL, DATE '2026-12-15', NULL, NULL, NULL)`,
    `('C3', 'Три', NULL, DATE '2025-05-01', DATE '2026-12-20', NULL, NULL)`,
  ]);
  await createTable("projects", [
    `('P1', 'C1', DATE '2026-11-10', NULL, NULL, NULL, NULL, NULL, NULL, NULL)`,
    `('P2', 'C2', DATE '2026-12-05', NULL, NULL, NULL, NULL, NULL, NULL, NULL)`,
  ]);
  await createTable("visits", [
    `('V1', 'Инженер', DATE '2026-11-12', 'C1', 'P1', 'audit', 3, 1)`,
    `('V2', 'Инженер', DATE '2026-12-10', 'C2', 'P2', 'installation', 5, 2)`,
    `('V3', 'Инженер', DATE '2027-01-15', 'C1', NULL, 'maintenance', 1, 1)`,
    `('V4', 'Инженер', DATE '2026-12-20', 'C3', NULL, 'emergency', NULL, NULL)`,
  ]);
  cal = await calibrate(connection, { now: new Date("2027-02-10T12:00:00Z"), settings });
});

afterAll(() => {
  connection?.closeSync();
});

describe("simulator calibration from the typed tables", () => {
  it("history window: the full months before now, in Moscow time", () => {
    expect(cal.history).toEqual({ fromMonth: "2026-11", toMonth: "2027-01", months: 3, tickets: 14 });
    expect(cal.observed.map((o) => [o.month, o.tickets, o.activeClients, o.newClients, o.churnedClients, o.projects, o.visits])).toEqual([
      ["2026-11", 5, 2, 0, 0, 1, 1],
      ["2026-12", 5, 3, 1, 1, 1, 2],
      ["2027-01", 4, 2, 0, 0, 0, 1],
    ]);
    expect(cal.baseScenario.startMonth).toBe("2027-03");
  });

  it("rates: tickets per client-month, churn, projects, clients now", () => {
    const s = cal.baseScenario;
    expect(s.tickets.perClientMonth).toBeCloseTo(14 / 7, 12);
    expect(s.clients.churnRatePerMonth).toBeCloseTo(1 / 7, 12);
    expect(s.projects.perMonth).toBeCloseTo(2 / 3, 12);
    expect(s.clients.newClientsPerProject).toBeCloseTo(0.5, 12);
    expect(s.clients.initial).toBe(2);
  });

  it("project duration: signed → handover (else training), both days counted, from ≥ 5 finished projects; else the setting with a note", async () => {
    // the fixture's two projects are unfinished: the setting, and a note saying why
    expect(cal.baseScenario.projects.weeks).toBe(settings.workload.implementation_manager.project_weeks_default);
    expect(cal.notes.some((n) => n.startsWith("Длительность проекта: в данных 0 завершённых проектов"))).toBe(true);
    await connection.run("BEGIN TRANSACTION");
    try {
      await connection.run(`INSERT INTO projects (project_id, client_id, signed_at, trained_at, handed_over_at) VALUES
        ('F1', 'C1', DATE '2026-11-02', DATE '2026-11-20', DATE '2026-11-29'),  -- 28 days
        ('F2', 'C1', DATE '2026-11-16', DATE '2026-12-10', NULL),               -- 25 days (training)
        ('F3', 'C1', DATE '2026-12-01', NULL, DATE '2026-12-21'),               -- 21 days
        ('F4', 'C1', DATE '2027-01-05', DATE '2027-01-30', DATE '2027-02-03'),  -- 30 days
        ('F5', 'C1', DATE '2026-12-10', DATE '2027-01-02', DATE '2027-01-10'),  -- 32 days
        ('F6', 'C1', DATE '2026-10-01', DATE '2026-10-20', DATE '2026-10-25')   -- signed before the history window`);
      const withDurations = await calibrate(connection, { now: new Date("2027-02-10T12:00:00Z"), settings });
      expect(withDurations.baseScenario.projects.weeks).toBeCloseTo((28 + 25 + 21 + 30 + 32) / 5 / 7, 12);
      expect(withDurations.notes.some((n) => n.startsWith("Длительность проекта"))).toBe(false);
    } finally {
      await connection.run("ROLLBACK");
    }
  });

  it("priority mix, weekday and hour profiles", () => {
    const s = cal.baseScenario;
    expect(s.tickets.priorityMix.emergency).toBeCloseTo(2 / 14, 12);
    expect(s.tickets.priorityMix.standard).toBeCloseTo(10 / 14, 12);
    expect(s.tickets.priorityMix.consultation).toBeCloseTo(2 / 14, 12);
    // 13 Mondays and 13 Tuesdays in the 92 days; Mon 13 tickets, Tue 1; Mon–Fri mean = (1 + 1/13)/5
    const mean = (1 + 1 / 13) / 5;
    expect(s.tickets.weekdayProfile[0]).toBeCloseTo(1 / mean, 10);
    expect(s.tickets.weekdayProfile[1]).toBeCloseTo(1 / 13 / mean, 10);
    expect(s.tickets.weekdayProfile.slice(2)).toEqual([0, 0, 0, 0, 0]);
    expect(s.tickets.hourProfile[10]).toBeCloseTo((13 * 24) / 14, 10);
    expect(s.tickets.hourProfile[1]).toBeCloseTo(24 / 14, 10);
    expect(s.tickets.seasonalProfile).toEqual(new Array(12).fill(1));
    expect(cal.notes.some((n) => n.includes("сезонность"))).toBe(true);
  });

  it("lognormal effort fit: mu, sigma of ln(effort); too few efforts fall back to settings with a note", () => {
    const logs = STANDARD_EFFORTS.map(Math.log);
    const mu = logs.reduce((a, b) => a + b, 0) / logs.length;
    const sigma = Math.sqrt(logs.reduce((a, b) => a + (b - mu) ** 2, 0) / (logs.length - 1));
    const effort = cal.baseScenario.effort;
    if (effort.distribution !== "lognormal") throw new Error("lognormal expected");
    expect(effort.byPriority.standard.mu).toBeCloseTo(mu, 10);
    expect(effort.byPriority.standard.sigma).toBeCloseTo(sigma, 10);
    // emergency: no efforts → the settings' mean, sigma 0.8
    expect(effort.byPriority.emergency.sigma).toBe(0.8);
    expect(Math.exp(effort.byPriority.emergency.mu + 0.32)).toBeCloseTo(settings.workload.support_manager.default_effort_minutes.emergency, 8);
    expect(cal.effortSamples).toEqual({ emergency: 0, standard: 10, consultation: 0 });
    expect(cal.notes.some((n) => n.includes("«emergency»"))).toBe(true);
  });

  it("engineer visits: per project by kind, maintenance per client-quarter, per emergency ticket, hours per visit", () => {
    const s = cal.baseScenario;
    expect(s.projects.visitsPerProject).toEqual({ audit: 0.5, installation: 0.5, commissioning: 0, training: 0 });
    expect(s.maintenanceVisitsPerClientPerQuarter).toBeCloseTo(3 / 7, 12);
    expect(s.emergencyVisitsPerEmergencyTicket).toBeCloseTo(1 / 2, 12);
    // onsite + travel (data, else settings) + preparation 2.5 + paperwork 1.5
    expect(s.engineer.hoursPerVisit.audit).toBeCloseTo(8, 12);
    expect(s.engineer.hoursPerVisit.installation).toBeCloseTo(11, 12);
    expect(s.engineer.hoursPerVisit.maintenance).toBeCloseTo(6, 12);
    expect(s.engineer.hoursPerVisit.emergency).toBeCloseTo(2 + 1.5 + 4, 12);
  });

  it("calendar for 37 months from the start month; years without a production calendar are marked and named", () => {
    expect(cal.calendar.months.length).toBe(37);
    expect(cal.calendar.months[0]!.month).toBe("2027-03");
    expect(cal.calendar.workdayStartMinute).toBe(540);
    expect(cal.calendar.months[0]!.source).toBe("production");
    const approx = cal.calendar.months.filter((m) => m.source === "weekdays").map((m) => m.month.slice(0, 4));
    expect(new Set(approx)).toEqual(new Set(["2028", "2029", "2030"]));
    // a month without a production calendar: the norm is its weekdays × 8 h (February 2028: 21 weekdays)
    const feb2028 = cal.calendar.months.find((m) => m.month === "2028-02")!;
    expect([feb2028.source, feb2028.workingMinutesByDay.filter((m) => m > 0).length, feb2028.staffNormMinutes]).toEqual(["weekdays", 21, 21 * 8 * 60]);
    expect(cal.notes.some((n) => n.includes("2028"))).toBe(true);
    expect(cal.baseScenario.staff.support_manager).toBe(settings.workload.headcount.support_manager);
  });

  it("checks that the history's effort fits into the support managers' time (load = tickets × mean effort / capacity)", () => {
    const logs = STANDARD_EFFORTS.map(Math.log);
    const mu = logs.reduce((a, b) => a + b, 0) / logs.length;
    const variance = logs.reduce((a, b) => a + (b - mu) ** 2, 0) / (logs.length - 1);
    const meanStandard = Math.exp(mu + variance / 2);
    // emergency and consultation efforts fall back to the settings' means
    const fallback = settings.workload.support_manager.default_effort_minutes;
    const meanEffort = (2 / 14) * fallback.emergency + (10 / 14) * meanStandard + (2 / 14) * fallback.consultation;
    // capacity: the staff's legal norm, as the workload KPI: 57 working days × 8 h, 3 November 2026 shortened by 1 h
    const days = businessDays("2026-11-01", "2027-01-31", settings.calendar).filter((d) => d.kind !== "off");
    expect([days.length, days.filter((d) => d.kind === "short").map((d) => d.date)]).toEqual([57, ["2026-11-03"]]);
    const workMinutes = (57 * 8 - 1) * 60;
    const expected = (14 * meanEffort) / (1 * workMinutes * settings.workload.productive_share);
    expect(cal.supportUtilizationHistory).toBeCloseTo(expected, 10);
    expect(cal.notes.some((n) => n.includes("больше рабочего времени"))).toBe(false);
  });
});
