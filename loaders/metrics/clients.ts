/**
 * Client portfolio per month and retention.
 *
 * A client is *active on day d* when contract_start ≤ d and (churned_at is empty or
 * churned_at > d): churned_at is the day the client is gone.
 *
 * Every query reads the clients as known at the as-of (known-at.ts): a contract starting after
 * the as-of day does not exist yet, a churn dated after it has not happened yet.
 *
 * - clients.active: active on the month's last day (or the as-of day inside the current month);
 * - clients.new: contract_start within the month; clients.churned: churned_at within the month —
 *   both up to the as-of day inside the current month, so active(m−1) + new(m) − churned(m) =
 *   active(m) in every month;
 * - retention.logo_12m: of the clients active on the day before the 12-month window that ends
 *   with the month (the window starts on the 1st of month−11), the share still active on its
 *   last day; null when that base is empty;
 * - retention.grr_12m: the same base weighted by mrr_rub (clients without mrr_rub left out);
 *   the export holds one MRR per client, so downgrades are not visible and GRR equals the
 *   MRR-weighted logo retention; null when no base client has an MRR.
 * - per segment (clientsBySegment): clients.active and the clients.churned of the 12 months
 *   ending with the month, by the same two conditions (activeOnSql, churnedWithinSql); a client
 *   without a segment counts in "other".
 */
import type { MetricContext } from "./context.ts";
import { monthsCte } from "./context.ts";
import { monthLastDay, monthRange, monthsBetween } from "../../src/core/months.ts";
import { numberOrNull, queryRows, ratio } from "./sql.ts";
import { knownRelationSql } from "./known-at.ts";
import { sqlString } from "../sql-literal.ts";
import type { ClientSegmentRow, CohortRow, LostClientRow } from "../../src/core/rows.ts";

export interface ClientMonth {
  active: number;
  new: number;
  churned: number;
  logo_base: number;
  logo_retained: number;
  logo_12m: number | null;
  mrr_base_rub: number | null;
  mrr_retained_rub: number | null;
  grr_12m: number | null;
}

/** SQL condition: client `c` is active on `day` (a DATE expression): its contract has started and it is not gone yet. */
export function activeOnSql(day: string): string {
  return `(c.contract_start <= ${day} AND (c.churned_at IS NULL OR c.churned_at > ${day}))`;
}

/** SQL condition: client `c` left between the DATE expressions `from` and `to`, both included. */
export function churnedWithinSql(from: string, to: string): string {
  return `(c.churned_at BETWEEN ${from} AND ${to})`;
}

/**
 * SQL expression: the status of client `c` on `day` — 'active' (activeOnSql), 'churned' (gone by
 * then) or 'not_started' (its contract starts later).
 */
export function clientStatusSql(day: string): string {
  return `CASE WHEN ${activeOnSql(day)} THEN 'active' WHEN c.churned_at <= ${day} THEN 'churned' ELSE 'not_started' END`;
}

/**
 * `base(month, client_id, name, mrr_rub, churned_at, retained)`: the 12-month retention base of
 * each month of `metric_months` — the clients active on the day before the window (contract_start
 * before its first day, not gone by then) — and whether each is still active on the month's as-of
 * day. The one definition behind retention.logo_12m, retention.grr_12m and lostClients.
 */
function retentionBaseCte(clientsRel: string): string {
  return `base AS (
       SELECT m.month, c.client_id, coalesce(c.name, c.client_id) AS name, c.mrr_rub, c.churned_at,
              (c.churned_at IS NULL OR c.churned_at > m.d_asof) AS retained
       FROM metric_months m
       JOIN ${clientsRel} c ON c.contract_start < m.d12_start AND (c.churned_at IS NULL OR c.churned_at >= m.d12_start)
     )`;
}

/**
 * The clients behind a retention below 100 %: per month, the members of its 12-month base gone by
 * its as-of day (their count is retention.logo_base − retention.logo_retained). Latest churn first.
 */
export async function lostClients(context: MetricContext): Promise<LostClientRow[]> {
  const clientsRel = await knownRelationSql(context, "clients");
  const rows = await queryRows<{ month: string; client_id: string; name: string; churned_at: string }>(
    context.connection,
    `WITH ${monthsCte(context)}, ${retentionBaseCte(clientsRel)}
     SELECT month, client_id, name, strftime(churned_at, '%Y-%m-%d') AS churned_at
     FROM base WHERE NOT retained
     ORDER BY month, churned_at DESC, name COLLATE NOCASE, client_id`,
  );
  return rows.map((r) => ({ month: r.month, client_id: String(r.client_id), name: String(r.name), churned_at: String(r.churned_at) }));
}

export async function clientsByMonth(context: MetricContext): Promise<Map<string, ClientMonth>> {
  const clientsRel = await knownRelationSql(context, "clients");
  const rows = await queryRows<Record<string, unknown> & { month: string }>(
    context.connection,
    `WITH ${monthsCte(context)},
     ${retentionBaseCte(clientsRel)},
     base_agg AS (
       SELECT month, count(*) AS logo_base, count(*) FILTER (WHERE retained) AS logo_retained,
              sum(mrr_rub)::DOUBLE AS mrr_base_rub,
              sum(mrr_rub) FILTER (WHERE retained)::DOUBLE AS mrr_retained_rub,
              count(mrr_rub) AS mrr_known
       FROM base GROUP BY month
     ),
     counts AS (
       SELECT m.month,
              count(*) FILTER (WHERE ${activeOnSql("m.d_asof")}) AS active,
              count(*) FILTER (WHERE c.contract_start BETWEEN m.d_start AND m.d_end) AS new,
              count(*) FILTER (WHERE ${churnedWithinSql("m.d_start", "m.d_end")}) AS churned
       FROM metric_months m LEFT JOIN ${clientsRel} c ON true
       GROUP BY m.month
     )
     SELECT counts.*, coalesce(b.logo_base, 0) AS logo_base, coalesce(b.logo_retained, 0) AS logo_retained,
            b.mrr_base_rub, coalesce(b.mrr_retained_rub, 0) AS mrr_retained_rub, coalesce(b.mrr_known, 0) AS mrr_known
     FROM counts LEFT JOIN base_agg b USING (month)`,
  );
  const result = new Map<string, ClientMonth>();
  for (const r of rows) {
    const logoBase = Number(r.logo_base);
    const logoRetained = Number(r.logo_retained);
    const mrrKnown = Number(r.mrr_known) > 0;
    const mrrBase = mrrKnown ? numberOrNull(r.mrr_base_rub) : null;
    const mrrRetained = mrrKnown ? numberOrNull(r.mrr_retained_rub) : null;
    result.set(r.month, {
      active: Number(r.active),
      new: Number(r.new),
      churned: Number(r.churned),
      logo_base: logoBase,
      logo_retained: logoRetained,
      logo_12m: ratio(logoRetained, logoBase),
      mrr_base_rub: mrrBase,
      mrr_retained_rub: mrrRetained,
      grr_12m: ratio(mrrRetained, mrrBase),
    });
  }
  return result;
}

/**
 * Per month and segment: the clients active on the month's as-of day and those gone within the 12
 * months ending with it (from the 1st of month−11 to the month's last day), by the conditions of
 * clients.active and clients.churned, so the segments of a month add up to its clients.active and
 * their churned_12m to the sum of clients.churned over those 12 months. Every segment some client
 * has appears in every month (zeros included); most active first.
 */
export async function clientsBySegment(context: MetricContext): Promise<ClientSegmentRow[]> {
  const clientsRel = await knownRelationSql(context, "clients");
  const rows = await queryRows<{ month: string; day: string; segment: string; active: number | bigint; churned_12m: number | bigint }>(
    context.connection,
    `WITH ${monthsCte(context)},
     segments AS (SELECT DISTINCT coalesce(segment, 'other') AS segment FROM ${clientsRel})
     SELECT m.month, strftime(m.d_asof, '%Y-%m-%d') AS day, s.segment,
            count(*) FILTER (WHERE ${activeOnSql("m.d_asof")}) AS active,
            count(*) FILTER (WHERE ${churnedWithinSql("m.d12_start", "m.d_end")}) AS churned_12m
     FROM metric_months m CROSS JOIN segments s
     LEFT JOIN ${clientsRel} c ON coalesce(c.segment, 'other') = s.segment
     GROUP BY m.month, m.d_asof, s.segment
     ORDER BY m.month, active DESC, s.segment`,
  );
  return rows.map((r) => ({ month: r.month, day: r.day, segment: String(r.segment), active: Number(r.active), churned_12m: Number(r.churned_12m) }));
}

export type { ClientSegmentRow, CohortRow };

/**
 * Monthly cohort retention, over the clients as known at the context's as-of (known-at.ts): for
 * each contract_start month from `firstMonth` (default: the earliest) and each following month up
 * to `lastMonth` (default: the latest month among the clients' dates), the share of the cohort
 * still active on that month's last day (or on the as-of day for the month that holds it); a
 * client whose contract starts after the as-of day is in no cohort yet.
 */
export async function cohortRetention(
  context: MetricContext,
  options: { firstMonth?: string; lastMonth?: string } = {},
): Promise<CohortRow[]> {
  const { connection, asOfDay } = context;
  const clientsRel = await knownRelationSql(context, "clients");
  const bounds = await queryRows<{ first: string | null; last: string | null }>(
    connection,
    `SELECT strftime(min(contract_start), '%Y-%m') AS first,
            strftime(greatest(max(contract_start), max(churned_at)), '%Y-%m') AS last
     FROM ${clientsRel}`,
  );
  let first = bounds[0]?.first ?? null;
  if (first !== null && options.firstMonth && options.firstMonth > first) first = options.firstMonth;
  const last = options.lastMonth ?? bounds[0]?.last ?? null;
  if (first === null || last === null || last < first) return [];
  const values = monthRange(first, last).map((m) => {
    let end = monthLastDay(m);
    if (asOfDay < end) end = asOfDay;
    return `(${sqlString(m)}, DATE ${sqlString(end)})`;
  });
  const rows = await queryRows<{ cohort_month: string; month: string; active: number; size: number }>(
    connection,
    `WITH ends AS (SELECT * FROM (VALUES ${values.join(", ")}) AS v(month, d_end)),
     cohorts AS (
       SELECT strftime(contract_start, '%Y-%m') AS cohort_month, client_id, contract_start, churned_at FROM ${clientsRel}
       WHERE strftime(contract_start, '%Y-%m') >= ${sqlString(first)}
     ),
     sizes AS (SELECT cohort_month, count(*) AS size FROM cohorts GROUP BY cohort_month)
     SELECT c.cohort_month, e.month,
            count(*) FILTER (WHERE ${activeOnSql("e.d_end")}) AS active,
            any_value(s.size) AS size
     FROM cohorts c JOIN sizes s USING (cohort_month)
     JOIN ends e ON e.month >= c.cohort_month
     GROUP BY c.cohort_month, e.month
     ORDER BY c.cohort_month, e.month`,
  );
  return rows.map((r) => ({
    cohort_month: r.cohort_month,
    months_since: monthsBetween(r.cohort_month, r.month),
    active: r.active,
    size: r.size,
    rate: ratio(r.active, r.size),
  }));
}
