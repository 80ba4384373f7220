/**
 * NPS over the trailing 12 months ending with the month: % promoters (9–10) − % detractors
 * (0–6), with its 95 % margin of error 1.96·sqrt((p+ + p− − (p+ − p−)²)/n)·100.
 */
import type { MetricContext } from "./context.ts";
import { monthsCte } from "./context.ts";
import { queryRows, rowCount, relationSql } from "./sql.ts";

export interface NpsResult {
  /** −100…100, null without responses */
  score: number | null;
  /** ± points at 95 %, null without responses */
  margin_of_error: number | null;
  /** responses in the window; null when the NPS export is absent/empty */
  responses: number | null;
  promoters: number | null;
  passives: number | null;
  detractors: number | null;
  window_start: string;
  window_end: string;
}

const Z_95 = 1.96;

/** NPS and its margin from counts (pure). */
export function npsFromCounts(promoters: number, passives: number, detractors: number): {
  score: number | null;
  margin_of_error: number | null;
} {
  const n = promoters + passives + detractors;
  if (n === 0) return { score: null, margin_of_error: null };
  const pPlus = promoters / n;
  const pMinus = detractors / n;
  const variance = pPlus + pMinus - (pPlus - pMinus) ** 2;
  return { score: (pPlus - pMinus) * 100, margin_of_error: Z_95 * Math.sqrt(Math.max(0, variance) / n) * 100 };
}

export async function npsByMonth(context: MetricContext): Promise<Map<string, NpsResult>> {
  const present = (await rowCount(context.connection, "nps")) > 0;
  const npsRel = await relationSql(context.connection, "nps");
  const rows = await queryRows<{
    month: string;
    window_start: string;
    window_end: string;
    promoters: number;
    passives: number;
    detractors: number;
  }>(
    context.connection,
    `WITH ${monthsCte(context)}
     SELECT m.month, m.d12_start::VARCHAR AS window_start, m.d_end::VARCHAR AS window_end,
            count(n.score) FILTER (WHERE n.score >= 9) AS promoters,
            count(n.score) FILTER (WHERE n.score BETWEEN 7 AND 8) AS passives,
            count(n.score) FILTER (WHERE n.score <= 6) AS detractors
     FROM metric_months m
     LEFT JOIN ${npsRel} n ON n.answered_at BETWEEN m.d12_start AND m.d_end
     GROUP BY ALL`,
  );
  const result = new Map<string, NpsResult>();
  for (const row of rows) {
    const { score, margin_of_error } = npsFromCounts(row.promoters, row.passives, row.detractors);
    result.set(row.month, {
      score: present ? score : null,
      margin_of_error: present ? margin_of_error : null,
      responses: present ? row.promoters + row.passives + row.detractors : null,
      promoters: present ? row.promoters : null,
      passives: present ? row.passives : null,
      detractors: present ? row.detractors : null,
      window_start: row.window_start,
      window_end: row.window_end,
    });
  }
  return result;
}
