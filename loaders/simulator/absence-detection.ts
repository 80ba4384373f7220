/**
 * Absences found in the history, not told: for the roles whose daily work the data shows — the
 * support manager (tickets: created for and answered by the assignee; a resolution may come days later and the export keeps one assignee) and the senior
 * engineer (visits) — the role's person is the one who did most of its work in the window; an
 * absence is a run of at least MIN_ABSENCE_WORKING_DAYS working days of the production calendar,
 * inside the person's active period, on which that person did none of the role's work while
 * someone else did some of it (a cover), or of at least MIN_UNCOVERED_WORKING_DAYS when nobody did.
 * The base scenario schedules each found absence on the same dates of the following years.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { FoundAbsence, ScheduledLeave, SimRole, WorkingCalendar } from "../../src/core/simulator/types.ts";
import { queryRows } from "../metrics/sql.ts";

/** shortest covered run of idle working days that counts as an absence (a working week) */
export const MIN_ABSENCE_WORKING_DAYS = 5;
/** shortest run with nobody doing the role's work (two working weeks: quiet days are not a leave) */
export const MIN_UNCOVERED_WORKING_DAYS = 10;


interface RoleActivity {
  role: SimRole;
  /** SQL: (person, day) of every piece of the role's work in [from, toEx) */
  sql: (from: string, toEx: string, tz: string) => string;
}

const LOCAL_DAY = (column: string, tz: string): string => `CAST(timezone('${tz}', ${column}::TIMESTAMPTZ) AS DATE)`;

export const ROLE_ACTIVITY: RoleActivity[] = [
  {
    role: "support_manager",
    sql: (from, toEx, tz) =>
      ["created_at", "first_response_at"]
        .map((c) => `SELECT assignee AS person, ${LOCAL_DAY(c, tz)} AS day FROM tickets WHERE assignee IS NOT NULL AND ${c} IS NOT NULL`)
        .map((q) => `SELECT * FROM (${q}) WHERE day >= DATE '${from}' AND day < DATE '${toEx}'`)
        .join(" UNION ALL "),
  },
  {
    role: "senior_engineer",
    sql: (from, toEx) => `SELECT engineer AS person, visited_at AS day FROM visits WHERE visited_at >= DATE '${from}' AND visited_at < DATE '${toEx}'`,
  },
];

function isoDay(dayIndex: number): string {
  return new Date(dayIndex * 86_400_000).toISOString().slice(0, 10);
}

function dayIndexOf(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
}

/** The working days of a calendar, as day numbers since 1970-01-01. */
export function workingDays(calendar: WorkingCalendar): number[] {
  const out: number[] = [];
  for (const m of calendar.months) {
    const first = dayIndexOf(`${m.month}-01`);
    m.workingMinutesByDay.forEach((minutes, d) => {
      if (minutes > 0) out.push(first + d);
    });
  }
  return out;
}

/**
 * Runs of working days without the person's activity. `own`: days the person worked; `others`:
 * days someone else did the role's work (name → days).
 */
export function idleRuns(days: readonly number[], own: ReadonlySet<number>, others: ReadonlyMap<string, ReadonlySet<number>>): { from: number; to: number; workingDays: number; coveredBy: string[] }[] {
  const active = days.filter((d) => own.has(d));
  if (active.length === 0) return [];
  const first = active[0]!;
  const last = active.at(-1)!;
  const out: { from: number; to: number; workingDays: number; coveredBy: string[] }[] = [];
  let run: number[] = [];
  const close = (): void => {
    if (run.length > 0) {
      const coveredBy = [...others].filter(([, set]) => run.some((d) => set.has(d))).map(([name]) => name).sort();
      const min = coveredBy.length > 0 ? MIN_ABSENCE_WORKING_DAYS : MIN_UNCOVERED_WORKING_DAYS;
      if (run.length >= min) out.push({ from: run[0]!, to: run.at(-1)!, workingDays: run.length, coveredBy });
    }
    run = [];
  };
  for (const d of days) {
    if (d <= first || d >= last) continue;
    if (own.has(d)) close();
    else run.push(d);
  }
  close();
  return out;
}

/** Absences of every role the data shows, in the window [fromMonth, toEx). */
export async function findAbsences(connection: DuckDBConnection, calendar: WorkingCalendar, from: string, toEx: string, tz: string, tables: ReadonlySet<string>): Promise<FoundAbsence[]> {
  const days = workingDays(calendar);
  const found: FoundAbsence[] = [];
  for (const activity of ROLE_ACTIVITY) {
    if (!tables.has(activity.role === "senior_engineer" ? "visits" : "tickets")) continue;
    const r = await queryRows(connection, `SELECT DISTINCT person, strftime(day, '%Y-%m-%d') AS day FROM (${activity.sql(from, toEx, tz)})`);
    const byPerson = new Map<string, Set<number>>();
    for (const row of r) {
      const person = String(row.person);
      if (!byPerson.has(person)) byPerson.set(person, new Set());
      byPerson.get(person)!.add(dayIndexOf(String(row.day)));
    }
    if (byPerson.size === 0) continue;
    // the role's person: the one with the most working days of activity
    const [person, own] = [...byPerson].sort((a, b) => b[1].size - a[1].size || a[0].localeCompare(b[0]))[0]!;
    const others = new Map([...byPerson].filter(([name]) => name !== person));
    for (const run of idleRuns(days, own, others)) {
      found.push({
        role: activity.role,
        person,
        from: isoDay(run.from),
        to: isoDay(run.to),
        workingDays: run.workingDays,
        calendarDays: run.to - run.from + 1,
        coveredBy: run.coveredBy,
      });
    }
  }
  return found;
}

/** Each found absence on the same dates of the years after it, within [startMonth, startMonth + months). */
export function scheduleFromFound(found: readonly FoundAbsence[], startMonth: string, months: number): ScheduledLeave[] {
  const [sy, sm] = startMonth.split("-").map(Number) as [number, number];
  const firstIndex = sy * 12 + sm - 1;
  const out: ScheduledLeave[] = [];
  for (const a of found) {
    for (let years = 1; years <= 4; years++) {
      const y = Number(a.from.slice(0, 4)) + years;
      const index = y * 12 + Number(a.from.slice(5, 7)) - 1;
      if (index >= firstIndex && index < firstIndex + months) out.push({ role: a.role, start: `${y}${a.from.slice(4)}`, days: a.calendarDays });
    }
  }
  return out.sort((a, b) => a.start.localeCompare(b.start) || a.role.localeCompare(b.role));
}
