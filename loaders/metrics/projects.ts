/**
 * Implementation projects per month (all dates are Moscow-local days).
 *
 * - completed_at = trained_at, or handed_over_at when training is not recorded: the
 *   implementation ends with the client's training; handover to the МОС follows within a week
 *   and is measured separately.
 * - started: signed_at within the month; completed: completed_at within the month.
 * - on_time_rate: of the projects completed in the month that have a due_at, the share with
 *   completed_at ≤ due_at. overdue_open: projects not completed by the as-of day whose due_at
 *   has passed (due_at < as-of day).
 * - median_duration_days: median(completed_at − signed_at) of the projects completed in the month.
 * - ttv_median_days: median(trained_at − signed_at) of the projects trained in the month;
 *   ttv_within_target_rate: their share with TTV ≤ targets.ttv_max_days.
 * - handover_within_7d_rate: of the projects handed over in the month that have trained_at, the
 *   share with handed_over_at − trained_at ≤ targets.handover_within_days.
 * - critical_remarks: Σ critical_remarks of the projects completed in the month.
 * - active_at_month_end / project_weeks: a project is active from signed_at until
 *   coalesce(handed_over_at, trained_at) (inclusive) or, if neither, the as-of day;
 *   project_weeks = Σ working days (production calendar) it is active inside the month / 5 — the
 *   implementation manager's load, on the same working days as the capacity.
 */
import type { MetricContext } from "./context.ts";
import { monthsCte, workingDaysCte } from "./context.ts";
import { numberOrNull, queryRows, ratio, rowCount } from "./sql.ts";
import { knownRelationSql } from "./known-at.ts";
import { WORKING_DAYS_PER_WEEK } from "../../src/core/work-weeks.ts";
import type { LateProjects } from "../../src/core/rows.ts";

export interface ProjectMonth {
  started: number;
  completed: number;
  on_time_rate: number | null;
  on_time_known: number;
  overdue_open: number;
  median_duration_days: number | null;
  ttv_median_days: number | null;
  ttv_within_target_rate: number | null;
  trained: number;
  handover_within_7d_rate: number | null;
  handed_over: number;
  critical_remarks: number | null;
  active_at_month_end: number;
  project_weeks: number;
}

/** SQL: the day a project (columns of `alias`, or unqualified) is complete — its training, else its handover (null while neither). */
export function completedAtSql(alias = ""): string {
  const c = alias ? `${alias}.` : "";
  return `coalesce(${c}trained_at, ${c}handed_over_at)`;
}

/** SQL: whether a project of `alias` was completed on time (null when it is not complete or has no due date). */
export function onTimeSql(alias: string): string {
  return `(${completedAtSql(alias)} <= ${alias}.due_at)`;
}

/** `p`: the projects with completed_at (completedAtSql) and active_until (handover, else training). */
function projectsCte(projectsRel: string): string {
  return `p AS (
       SELECT *, ${completedAtSql()} AS completed_at,
              coalesce(handed_over_at, trained_at) AS active_until
       FROM ${projectsRel}
     )`;
}

/**
 * The projects behind the on-time rate: per month, how many it judges (completed in the month with
 * a due date: projects.on_time_rate's denominator) and those completed after their due date,
 * earliest completion first.
 */
export async function lateProjects(context: MetricContext): Promise<LateProjects[]> {
  if ((await rowCount(context.connection, "projects")) === 0) return [];
  const projectsRel = await knownRelationSql(context, "projects");
  const clientsRel = await knownRelationSql(context, "clients");
  const day = (column: string) => `strftime(p.${column}, '%Y-%m-%d') AS ${column}`;
  const rows = await queryRows<Record<string, unknown> & { month: string }>(
    context.connection,
    `WITH ${monthsCte(context)}, ${projectsCte(projectsRel)}
     SELECT m.month, p.project_id, c.name AS client_name, p.trained_at IS NOT NULL AS by_training,
            ${onTimeSql("p")} AS on_time, ${day("completed_at")}, ${day("due_at")}
     FROM metric_months m
     JOIN p ON p.completed_at BETWEEN m.d_start AND m.d_end AND p.due_at IS NOT NULL
     LEFT JOIN ${clientsRel} c ON c.client_id = p.client_id
     ORDER BY m.month, p.completed_at, p.project_id`,
  );
  const byMonth = new Map<string, LateProjects>();
  for (const r of rows) {
    const group = byMonth.get(r.month) ?? { month: r.month, judged: 0, late: [] };
    byMonth.set(r.month, group);
    group.judged++;
    if (r.on_time) continue;
    group.late.push({
      month: r.month,
      project_id: String(r.project_id),
      client_name: r.client_name === null ? null : String(r.client_name),
      completed_by: r.by_training ? "training" : "handover",
      completed_at: String(r.completed_at),
      due_at: String(r.due_at),
    });
  }
  return [...byMonth.values()];
}

export async function projectsByMonth(context: MetricContext): Promise<Map<string, ProjectMonth> | null> {
  if ((await rowCount(context.connection, "projects")) === 0) return null;
  const projectsRel = await knownRelationSql(context, "projects");
  const ttvMax = Number(context.settings.targets.ttv_max_days ?? 14);
  const handoverDays = Number(context.settings.targets.handover_within_days ?? 7);
  const rows = await queryRows<Record<string, unknown> & { month: string }>(
    context.connection,
    `WITH ${monthsCte(context)}, ${workingDaysCte(context)},
     ${projectsCte(projectsRel)}
     SELECT m.month,
       count(*) FILTER (WHERE p.signed_at BETWEEN m.d_start AND m.d_end) AS started,
       count(*) FILTER (WHERE p.completed_at BETWEEN m.d_start AND m.d_end) AS completed,
       count(*) FILTER (WHERE p.completed_at BETWEEN m.d_start AND m.d_end AND p.due_at IS NOT NULL) AS on_time_known,
       count(*) FILTER (WHERE p.completed_at BETWEEN m.d_start AND m.d_end AND ${onTimeSql("p")}) AS on_time,
       count(*) FILTER (WHERE p.signed_at <= m.d_asof AND (p.completed_at IS NULL OR p.completed_at > m.d_asof)
                        AND p.due_at < m.d_asof) AS overdue_open,
       median((p.completed_at - p.signed_at)::DOUBLE) FILTER (WHERE p.completed_at BETWEEN m.d_start AND m.d_end) AS median_duration_days,
       count(*) FILTER (WHERE p.trained_at BETWEEN m.d_start AND m.d_end) AS trained,
       median((p.trained_at - p.signed_at)::DOUBLE) FILTER (WHERE p.trained_at BETWEEN m.d_start AND m.d_end) AS ttv_median_days,
       count(*) FILTER (WHERE p.trained_at BETWEEN m.d_start AND m.d_end AND p.trained_at - p.signed_at <= ${ttvMax}) AS ttv_within,
       count(*) FILTER (WHERE p.handed_over_at BETWEEN m.d_start AND m.d_end AND p.trained_at IS NOT NULL) AS handed_over,
       count(*) FILTER (WHERE p.handed_over_at BETWEEN m.d_start AND m.d_end AND p.trained_at IS NOT NULL
                        AND p.handed_over_at - p.trained_at <= ${handoverDays}) AS handover_within,
       sum(p.critical_remarks) FILTER (WHERE p.completed_at BETWEEN m.d_start AND m.d_end) AS critical_remarks,
       count(*) FILTER (WHERE p.signed_at <= m.d_asof AND (p.active_until IS NULL OR p.active_until > m.d_asof)) AS active_at_month_end,
       any_value(w.project_days)::DOUBLE / ${WORKING_DAYS_PER_WEEK} AS project_weeks
     FROM metric_months m LEFT JOIN p ON p.signed_at <= m.d_end
     LEFT JOIN (
       SELECT wd.month, count(*) AS project_days
       FROM working_days wd JOIN p ON wd.day BETWEEN p.signed_at AND coalesce(p.active_until, wd.day)
       GROUP BY wd.month
     ) w ON w.month = m.month
     GROUP BY m.month`,
  );
  const result = new Map<string, ProjectMonth>();
  for (const r of rows) {
    const completed = Number(r.completed);
    const trained = Number(r.trained);
    const handedOver = Number(r.handed_over);
    result.set(r.month, {
      started: Number(r.started),
      completed,
      on_time_rate: ratio(Number(r.on_time), Number(r.on_time_known)),
      on_time_known: Number(r.on_time_known),
      overdue_open: Number(r.overdue_open),
      median_duration_days: numberOrNull(r.median_duration_days),
      ttv_median_days: numberOrNull(r.ttv_median_days),
      ttv_within_target_rate: ratio(Number(r.ttv_within), trained),
      trained,
      handover_within_7d_rate: ratio(Number(r.handover_within), handedOver),
      handed_over: handedOver,
      critical_remarks: completed === 0 ? null : numberOrNull(r.critical_remarks),
      active_at_month_end: Number(r.active_at_month_end),
      project_weeks: numberOrNull(r.project_weeks) ?? 0,
    });
  }
  return result;
}
