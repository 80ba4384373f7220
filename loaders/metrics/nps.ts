/**
 * NPS over the trailing 12 months ending with the month, and over the month's calendar quarter
 * (from its first day to the month's end): % promoters (9–10) − % detractors (0–6), with its
 * 95 % adjusted-Wald interval (Sauro & Lewis, MeasuringU; Rocks 2016): n' = n + 3,
 * p'+ = (promoters + ¾)/n', p'− = (detractors + ¾)/n', NPS' = p'+ − p'−,
 * interval = NPS' ± 1.96·sqrt((p'+ + p'− − NPS'²)/n'), ×100, clipped to −100…100;
 * margin_of_error = the half-width 1.96·sqrt(…)·100. The interval is centred on NPS', not on the
 * NPS itself, so it is asymmetric around the score (narrower on the side of ±100).
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { MetricContext } from "./context.ts";
import { monthsCte } from "./context.ts";
import { queryRows, rowCount } from "./sql.ts";
import { knownRelationSql } from "./known-at.ts";
import { quarterOf } from "../../src/core/months.ts";

/** NPS over a window of answers: the score, its interval and the counts behind it. */
export interface NpsWindow extends NpsScore {
  /** responses in the window; null when the NPS export is absent/empty */
  responses: number | null;
  promoters: number | null;
  passives: number | null;
  detractors: number | null;
  window_start: string;
  window_end: string;
}

/** NPS over the trailing 12 months ending with the month, with the month's quarter beside it. */
export interface NpsResult extends NpsWindow {
  /** the month's calendar quarter ("2026-Q4"), its first day to the month's end */
  quarter: NpsQuarter;
}

/** NPS of a calendar quarter (all of it, or up to a month's end). */
export interface NpsQuarter extends NpsWindow {
  quarter: string;
}

export interface NpsScore {
  /** −100…100, null without responses */
  score: number | null;
  /** half-width of the 95 % adjusted-Wald interval, points; null without responses */
  margin_of_error: number | null;
  /** the 95 % adjusted-Wald interval, −100…100; null without responses */
  interval_low: number | null;
  interval_high: number | null;
}

const Z_95 = 1.96;

/** NPS and its 95 % adjusted-Wald interval from counts (pure; the module comment has the formula). */
export function npsFromCounts(promoters: number, passives: number, detractors: number): NpsScore {
  const n = promoters + passives + detractors;
  if (n === 0) return { score: null, margin_of_error: null, interval_low: null, interval_high: null };
  const adjustedN = n + 3;
  const pPlus = (promoters + 0.75) / adjustedN;
  const pMinus = (detractors + 0.75) / adjustedN;
  const adjustedNps = pPlus - pMinus;
  const halfWidth = Z_95 * Math.sqrt(Math.max(0, pPlus + pMinus - adjustedNps ** 2) / adjustedN);
  return {
    score: ((promoters - detractors) / n) * 100,
    margin_of_error: halfWidth * 100,
    interval_low: Math.max(-1, adjustedNps - halfWidth) * 100,
    interval_high: Math.min(1, adjustedNps + halfWidth) * 100,
  };
}

type Counts = {
  promoters: number;
  passives: number;
  detractors: number;
};

/** Score, interval and counts of a window; every field null when the NPS export is absent/empty. */
function summary(present: boolean, c: Counts): NpsScore & Pick<NpsQuarter, "responses" | "promoters" | "passives" | "detractors"> {
  const score = npsFromCounts(c.promoters, c.passives, c.detractors);
  return {
    score: present ? score.score : null,
    margin_of_error: present ? score.margin_of_error : null,
    interval_low: present ? score.interval_low : null,
    interval_high: present ? score.interval_high : null,
    responses: present ? c.promoters + c.passives + c.detractors : null,
    promoters: present ? c.promoters : null,
    passives: present ? c.passives : null,
    detractors: present ? c.detractors : null,
  };
}

export async function npsByMonth(context: MetricContext): Promise<Map<string, NpsResult>> {
  const present = (await rowCount(context.connection, "nps")) > 0;
  const npsRel = await knownRelationSql(context, "nps");
  const rows = await queryRows<{
    month: string;
    window_start: string;
    window_end: string;
    quarter_start: string;
    promoters: number;
    passives: number;
    detractors: number;
    q_promoters: number;
    q_passives: number;
    q_detractors: number;
  }>(
    context.connection,
    `WITH ${monthsCte(context)}
     SELECT m.month, m.d12_start::VARCHAR AS window_start, m.d_end::VARCHAR AS window_end,
            date_trunc('quarter', m.d_start)::DATE::VARCHAR AS quarter_start,
            count(n.score) FILTER (WHERE n.score >= 9) AS promoters,
            count(n.score) FILTER (WHERE n.score BETWEEN 7 AND 8) AS passives,
            count(n.score) FILTER (WHERE n.score <= 6) AS detractors,
            count(n.score) FILTER (WHERE n.score >= 9 AND n.answered_at >= date_trunc('quarter', m.d_start)) AS q_promoters,
            count(n.score) FILTER (WHERE n.score BETWEEN 7 AND 8 AND n.answered_at >= date_trunc('quarter', m.d_start)) AS q_passives,
            count(n.score) FILTER (WHERE n.score <= 6 AND n.answered_at >= date_trunc('quarter', m.d_start)) AS q_detractors
     FROM metric_months m
     LEFT JOIN ${npsRel} n ON n.answered_at BETWEEN m.d12_start AND m.d_end
     GROUP BY ALL`,
  );
  const result = new Map<string, NpsResult>();
  for (const row of rows) {
    const quarterCounts = { promoters: row.q_promoters, passives: row.q_passives, detractors: row.q_detractors };
    result.set(row.month, {
      ...summary(present, row),
      window_start: row.window_start,
      window_end: row.window_end,
      quarter: {
        quarter: quarterOf(row.month),
        ...summary(present, quarterCounts),
        window_start: row.quarter_start,
        window_end: row.window_end,
      },
    });
  }
  return result;
}

/** NPS of every calendar quarter of the answers in `npsRelation` (SQL relation), oldest first. */
export async function npsByQuarter(connection: DuckDBConnection, npsRelation: string): Promise<NpsQuarter[]> {
  const rows = await queryRows<Counts & { quarter_start: string; quarter_end: string }>(
    connection,
    `SELECT date_trunc('quarter', answered_at)::DATE::VARCHAR AS quarter_start,
            (date_trunc('quarter', answered_at) + INTERVAL 3 MONTH - INTERVAL 1 DAY)::DATE::VARCHAR AS quarter_end,
            count_if(score >= 9) AS promoters,
            count_if(score BETWEEN 7 AND 8) AS passives,
            count_if(score <= 6) AS detractors
     FROM ${npsRelation} WHERE score IS NOT NULL GROUP BY ALL ORDER BY quarter_start`,
  );
  return rows.map((row) => ({
    quarter: quarterOf(row.quarter_start.slice(0, 7)),
    ...summary(true, { promoters: Number(row.promoters), passives: Number(row.passives), detractors: Number(row.detractors) }),
    window_start: row.quarter_start,
    window_end: row.quarter_end,
  }));
}
