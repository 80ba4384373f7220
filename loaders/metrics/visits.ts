/**
 * Engineer visits per month (visited_at within the month), by kind, with the hours the senior
 * engineer's workload uses: on-site and travel hours as recorded, else the per-kind defaults
 * from settings.workload.senior_engineer.
 */
import { VISIT_KINDS, type VisitKind } from "../schema.ts";
import type { MetricContext } from "./context.ts";
import { monthsCte } from "./context.ts";
import { queryRows, rowCount } from "./sql.ts";
import { knownRelationSql } from "./known-at.ts";
import { sqlString } from "../sql-literal.ts";

export interface VisitMonth {
  total: number;
  by_kind: Record<VisitKind, number>;
  onsite_hours: number;
  travel_hours: number;
  /** visits whose on-site or travel hours were filled in from the defaults */
  defaulted: number;
}

export async function visitsByMonth(context: MetricContext): Promise<Map<string, VisitMonth> | null> {
  if ((await rowCount(context.connection, "visits")) === 0) return null;
  const visitsRel = await knownRelationSql(context, "visits");
  const engineer = context.settings.workload.senior_engineer;
  const onsiteDefault = `CASE v.kind ${VISIT_KINDS.map(
    (k) => `WHEN ${sqlString(k)} THEN ${Number(engineer.default_onsite_hours[k] ?? 0)}`,
  ).join(" ")} END`;
  const travelDefault = Number(engineer.default_travel_hours ?? 0);
  const byKind = VISIT_KINDS.map((k) => `count(v.visit_id) FILTER (WHERE v.kind = ${sqlString(k)}) AS "kind_${k}"`).join(",\n");
  const rows = await queryRows<Record<string, unknown> & { month: string }>(
    context.connection,
    `WITH ${monthsCte(context)}
     SELECT m.month, count(v.visit_id) AS total,
       ${byKind},
       coalesce(sum(coalesce(v.onsite_hours, ${onsiteDefault})), 0)::DOUBLE AS onsite_hours,
       coalesce(sum(coalesce(v.travel_hours, ${travelDefault})), 0)::DOUBLE AS travel_hours,
       count(v.visit_id) FILTER (WHERE v.onsite_hours IS NULL OR v.travel_hours IS NULL) AS defaulted
     FROM metric_months m LEFT JOIN ${visitsRel} v ON v.visited_at BETWEEN m.d_start AND m.d_end
     GROUP BY m.month`,
  );
  const result = new Map<string, VisitMonth>();
  for (const r of rows) {
    const by_kind = Object.fromEntries(VISIT_KINDS.map((k) => [k, Number(r[`kind_${k}`])])) as Record<VisitKind, number>;
    result.set(r.month, {
      total: Number(r.total),
      by_kind,
      onsite_hours: Number(r.onsite_hours),
      travel_hours: Number(r.travel_hours),
      defaulted: Number(r.defaulted),
    });
  }
  return result;
}
