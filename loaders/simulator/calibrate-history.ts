/**
 * The calibration's history: which months it reads (the last HISTORY_MONTHS full months before
 * the scenario starts) and what each month of the data holds — tickets, emergencies, clients
 * active at any time of the month, new and churned clients, projects signed, visits made.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { addMonths, monthsBetween } from "../../src/core/months.ts";
import type { ObservedMonth } from "../../src/core/simulator/types.ts";
import { queryRows, type Row } from "../metrics/sql.ts";
import { LOCAL, num } from "./calibrate-sql.ts";

/** months of history the rates are taken from */
export const HISTORY_MONTHS = 12;

export interface HistoryWindow {
  /** first month with a ticket */
  firstMonth: string;
  fromMonth: string;
  toMonth: string;
  months: number;
  /** SQL date literals: the window's first day and the day after its last */
  from: string;
  toEx: string;
  /** SQL condition: a ticket created (Moscow time) inside the window */
  ticketWindow: string;
}

export function historyWindow(firstMonth: string, lastMonth: string, lastFull: string, tz: string): HistoryWindow {
  const toMonth = lastMonth < lastFull ? lastMonth : lastFull;
  const fromMonth = monthsBetween(firstMonth, toMonth) >= HISTORY_MONTHS ? addMonths(toMonth, -(HISTORY_MONTHS - 1)) : firstMonth;
  const months = monthsBetween(fromMonth, toMonth) + 1;
  const from = `DATE '${fromMonth}-01'`;
  const toEx = `DATE '${addMonths(toMonth, 1)}-01'`;
  const ticketWindow = `${LOCAL("created_at", tz)} >= ${from} AND ${LOCAL("created_at", tz)} < ${toEx}`;
  return { firstMonth, fromMonth, toMonth, months, from, toEx, ticketWindow };
}

/** the window's months as observed, their sums, and every month since the first (for the elasticity) */
export interface MonthlyHistory {
  monthlyAll: Row[];
  observed: ObservedMonth[];
  tickets: number;
  clientMonths: number;
  churned: number;
  projects: number;
  newClients: number;
  emergencies: number;
}

export async function readMonthlyHistory(
  connection: DuckDBConnection,
  window: HistoryWindow,
  tz: string,
  hasProjects: boolean,
  hasVisits: boolean,
): Promise<MonthlyHistory> {
  // each table grouped by month once (a scan per table, not per month), joined to the months
  const monthOf = (column: string): string => `date_trunc('month', ${column})::DATE`;
  const monthlyAll = await queryRows(
    connection,
    `WITH m AS (
       SELECT range::DATE AS ms, (range + INTERVAL 1 MONTH)::DATE AS me FROM range(DATE '${window.firstMonth}-01', ${window.toEx}, INTERVAL 1 MONTH)
     ),
     t AS (
       SELECT ${monthOf(LOCAL("created_at", tz))} AS ms, count(*) AS tickets, count(*) FILTER (WHERE priority = 'emergency') AS emergencies
       FROM tickets GROUP BY 1
     ),
     active AS (
       SELECT m.ms, count(c.contract_start) AS active FROM m
       LEFT JOIN clients c ON c.contract_start < m.me AND (c.churned_at IS NULL OR c.churned_at >= m.ms) GROUP BY m.ms
     ),
     started AS (SELECT ${monthOf("contract_start")} AS ms, count(*) AS n FROM clients GROUP BY 1),
     churned AS (SELECT ${monthOf("churned_at")} AS ms, count(*) AS n FROM clients WHERE churned_at IS NOT NULL GROUP BY 1)
     ${hasProjects ? `, signed AS (SELECT ${monthOf("signed_at")} AS ms, count(*) AS n FROM projects WHERE signed_at IS NOT NULL GROUP BY 1)` : ""}
     ${hasVisits ? `, visited AS (SELECT ${monthOf("visited_at")} AS ms, count(*) AS n FROM visits WHERE visited_at IS NOT NULL GROUP BY 1)` : ""}
     SELECT strftime(m.ms, '%Y-%m') AS month,
       coalesce(t.tickets, 0) AS tickets,
       coalesce(t.emergencies, 0) AS emergencies,
       active.active,
       coalesce(started.n, 0) AS new_clients,
       coalesce(churned.n, 0) AS churned,
       ${hasProjects ? "coalesce(signed.n, 0)" : "0"} AS projects,
       ${hasVisits ? "coalesce(visited.n, 0)" : "0"} AS visits
     FROM m
     LEFT JOIN t ON t.ms = m.ms
     JOIN active ON active.ms = m.ms
     LEFT JOIN started ON started.ms = m.ms
     LEFT JOIN churned ON churned.ms = m.ms
     ${hasProjects ? "LEFT JOIN signed ON signed.ms = m.ms" : ""}
     ${hasVisits ? "LEFT JOIN visited ON visited.ms = m.ms" : ""}
     ORDER BY m.ms`,
  );
  const history: MonthlyHistory = { monthlyAll, observed: [], tickets: 0, clientMonths: 0, churned: 0, projects: 0, newClients: 0, emergencies: 0 };
  for (const r of monthlyAll.slice(-window.months)) {
    const o: ObservedMonth = {
      month: String(r.month),
      tickets: num(r.tickets),
      activeClients: num(r.active),
      newClients: num(r.new_clients),
      churnedClients: num(r.churned),
      projects: num(r.projects),
      visits: num(r.visits),
    };
    history.observed.push(o);
    history.tickets += o.tickets;
    history.clientMonths += o.activeClients;
    history.churned += o.churnedClients;
    history.projects += o.projects;
    history.newClients += o.newClients;
    history.emergencies += num(r.emergencies);
  }
  return history;
}
