/**
 * The calibration's history: which months it reads (the last HISTORY_MONTHS full months before
 * the scenario starts) and what each month of the data holds — tickets, emergencies, clients
 * active at any time of the month, new and churned clients, projects signed, visits made.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import { addMonths, monthsBetween } from "../../src/core/months.ts";
import type { ObservedMonth } from "../../src/core/simulator/types.ts";
import { LOCAL, num, rows, type Row } from "./calibrate-sql.ts";

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
  const monthlyAll = await rows(
    connection,
    `WITH m AS (
       SELECT range::DATE AS ms, (range + INTERVAL 1 MONTH)::DATE AS me FROM range(DATE '${window.firstMonth}-01', ${window.toEx}, INTERVAL 1 MONTH)
     )
     SELECT strftime(ms, '%Y-%m') AS month,
       (SELECT count(*) FROM tickets t WHERE ${LOCAL("t.created_at", tz)} >= ms AND ${LOCAL("t.created_at", tz)} < me) AS tickets,
       (SELECT count(*) FROM tickets t WHERE t.priority = 'emergency' AND ${LOCAL("t.created_at", tz)} >= ms AND ${LOCAL("t.created_at", tz)} < me) AS emergencies,
       (SELECT count(*) FROM clients c WHERE c.contract_start < me AND (c.churned_at IS NULL OR c.churned_at >= ms)) AS active,
       (SELECT count(*) FROM clients c WHERE c.contract_start >= ms AND c.contract_start < me) AS new_clients,
       (SELECT count(*) FROM clients c WHERE c.churned_at >= ms AND c.churned_at < me) AS churned,
       ${hasProjects ? "(SELECT count(*) FROM projects p WHERE p.signed_at >= ms AND p.signed_at < me)" : "0"} AS projects,
       ${hasVisits ? "(SELECT count(*) FROM visits v WHERE v.visited_at >= ms AND v.visited_at < me)" : "0"} AS visits
     FROM m ORDER BY ms`,
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
