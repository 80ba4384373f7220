/**
 * The ticket flow's calibration from the history window: the priority mix, the weekday and
 * hour-of-day profiles, the seasonal multipliers, the lognormal effort per priority, and whether
 * the history's effort fitted into the support managers' working time.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Settings } from "../settings.ts";
import { daysInMonth } from "../../src/core/months.ts";
import { staffNormMinutesOf } from "../../src/core/simulator/working-calendar.ts";
import { PRIORITY_NAMES, type LognormalEffort, type ObservedMonth, type PriorityName, type Scenario, type WorkingCalendar } from "../../src/core/simulator/types.ts";
import { lognormalWithMean, simulatorSettings } from "./defaults.ts";
import { seasonalRelativeErrors, shrinkSeasonal } from "./seasonal.ts";
import { queryRows } from "../metrics/sql.ts";
import { LOCAL, num } from "./calibrate-sql.ts";
import type { HistoryWindow } from "./calibrate-history.ts";

/** least efforts of a priority for a lognormal fit */
export const MIN_EFFORT_SAMPLES = 10;

export async function priorityMix(connection: DuckDBConnection, window: HistoryWindow): Promise<Record<PriorityName, number> | null> {
  const mix = await queryRows(connection, `SELECT priority, count(*) AS n FROM tickets WHERE ${window.ticketWindow} GROUP BY priority`);
  const mixTotal = mix.reduce((a, r) => a + num(r.n), 0);
  if (mixTotal === 0) return null;
  const out = {} as Record<PriorityName, number>;
  for (const p of PRIORITY_NAMES) out[p] = num(mix.find((r) => r.priority === p)?.n ?? 0) / mixTotal;
  return out;
}

/** tickets per date of each ISO weekday, relative to the Mon–Fri mean; null without weekday tickets */
export async function weekdayProfile(connection: DuckDBConnection, window: HistoryWindow, tz: string): Promise<number[] | null> {
  const weekday = await queryRows(
    connection,
    `WITH d AS (SELECT range::DATE AS day FROM range(${window.from}, ${window.toEx}, INTERVAL 1 DAY)),
          days AS (SELECT isodow(day) AS dow, count(*) AS n FROM d GROUP BY 1),
          t AS (SELECT isodow(${LOCAL("created_at", tz)}) AS dow, count(*) AS n FROM tickets WHERE ${window.ticketWindow} GROUP BY 1)
     SELECT days.dow, coalesce(t.n, 0) / days.n AS per_day FROM days LEFT JOIN t USING (dow) ORDER BY days.dow`,
  );
  const perDay = Array.from({ length: 7 }, (_, i) => num(weekday.find((r) => num(r.dow) === i + 1)?.per_day ?? 0));
  const weekdayMean = (perDay[0]! + perDay[1]! + perDay[2]! + perDay[3]! + perDay[4]!) / 5;
  return weekdayMean > 0 ? perDay.map((v) => v / weekdayMean) : null;
}

/** share of tickets per local hour, relative to the mean hour; null without tickets */
export async function hourProfile(connection: DuckDBConnection, window: HistoryWindow, tz: string): Promise<number[] | null> {
  const hours = await queryRows(connection, `SELECT hour(${LOCAL("created_at", tz)}) AS h, count(*) AS n FROM tickets WHERE ${window.ticketWindow} GROUP BY 1`);
  const byHour = Array.from({ length: 24 }, (_, h) => num(hours.find((r) => num(r.h) === h)?.n ?? 0));
  const hourTotal = byHour.reduce((a, b) => a + b, 0);
  return hourTotal > 0 ? byHour.map((v) => (v * 24) / hourTotal) : null;
}

/**
 * Tickets per (weighted) client-month of each calendar month over the overall rate, shrunk toward
 * the mean by each month's Poisson noise (seasonal.ts), with the multipliers' relative errors.
 */
export function seasonalProfile(
  observed: readonly ObservedMonth[],
  overallRate: number,
  clientWeightOf: (clients: number) => number,
): { profile: number[]; relativeError: number[] } {
  const seasonal = new Array<number>(12).fill(0);
  const counts = new Array<number>(12).fill(0);
  const monthTickets = new Array<number>(12).fill(0);
  const monthDays = new Array<number>(12).fill(0);
  for (const o of observed) {
    if (o.activeClients === 0) continue;
    const i = Number(o.month.slice(5, 7)) - 1;
    seasonal[i]! += o.tickets / clientWeightOf(o.activeClients) / overallRate;
    counts[i]!++;
    monthTickets[i]! += o.tickets;
    monthDays[i] = daysInMonth(o.month);
  }
  const measured = seasonal.map((v, i) => (counts[i]! > 0 ? v / counts[i]! : 1));
  const days = monthDays.map((d, i) => d || daysInMonth(`2001-${String(i + 1).padStart(2, "0")}`));
  return { profile: shrinkSeasonal(measured, monthTickets, days), relativeError: seasonalRelativeErrors(measured, monthTickets, days) };
}

/** lognormal effort per priority (mu, sigma of ln effort_minutes); too few values → the settings' mean */
export async function fitEffort(
  connection: DuckDBConnection,
  window: HistoryWindow,
  settings: Settings,
  effortSamples: Record<PriorityName, number>,
  notes: string[],
): Promise<Record<PriorityName, LognormalEffort>> {
  const effort = await queryRows(
    connection,
    `SELECT priority, count(*) AS n, avg(ln(effort_minutes)) AS mu, stddev_samp(ln(effort_minutes)) AS sigma
     FROM tickets WHERE ${window.ticketWindow} AND effort_minutes > 0 GROUP BY priority`,
  );
  const byPriority = {} as Record<PriorityName, LognormalEffort>;
  for (const p of PRIORITY_NAMES) {
    const r = effort.find((x) => x.priority === p);
    const n = num(r?.n ?? 0);
    effortSamples[p] = n;
    if (n >= MIN_EFFORT_SAMPLES && num(r!.sigma) > 0) byPriority[p] = { mu: num(r!.mu), sigma: num(r!.sigma) };
    else {
      byPriority[p] = lognormalWithMean(settings.workload.support_manager.default_effort_minutes[p], simulatorSettings(settings).effort_sigma_default);
      notes.push(`Трудозатраты «${p}»: в данных ${n} значений (нужно ≥ ${MIN_EFFORT_SAMPLES}) — среднее из настроек.`);
    }
  }
  return byPriority;
}

/**
 * The history's effort over the support managers' working time (the staff's norm, as the workload
 * KPI and the simulator's utilization); above 1 the note says the model will miss SLA from the start.
 */
export function supportUtilizationOf(
  scenario: Scenario,
  byPriority: Record<PriorityName, LognormalEffort>,
  historyCalendar: WorkingCalendar,
  tickets: number,
  months: number,
  notes: string[],
): number | null {
  const workMinutes = historyCalendar.months.reduce((a, m) => a + staffNormMinutesOf(m), 0);
  const mixTotal = PRIORITY_NAMES.reduce((a, p) => a + scenario.tickets.priorityMix[p], 0) || 1;
  const meanEffort = PRIORITY_NAMES.reduce(
    (a, p) => a + (scenario.tickets.priorityMix[p] / mixTotal) * Math.exp(byPriority[p].mu + byPriority[p].sigma ** 2 / 2),
    0,
  );
  const capacityMinutes = scenario.staff.support_manager * workMinutes * scenario.productiveShare;
  const utilization = capacityMinutes > 0 ? (tickets * meanEffort) / capacityMinutes : null;
  if (utilization !== null && utilization > 1) {
    const hoursPerMonth = (tickets * meanEffort) / 60 / months;
    const capacityPerMonth = capacityMinutes / 60 / months;
    notes.push(
      `Трудозатраты по данным (в среднем ${Math.round(meanEffort)} мин на обращение, ${Math.round(hoursPerMonth)} ч в месяц) больше рабочего времени менеджеров ТП ` +
        `(${Math.round(capacityPerMonth)} ч в месяц: штат ${scenario.staff.support_manager}, доля продуктивного времени ${String(scenario.productiveShare).replace(".", ",")}) — загрузка ${Math.round(utilization * 100)} %. ` +
        "Проверьте effort_minutes в выгрузке или штат в настройках (workload.headcount): с такими данными модель покажет невыполнение SLA с первого месяца.",
    );
  }
  return utilization;
}
