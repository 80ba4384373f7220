/**
 * The quarterly NPS survey: answers in the first three weeks of each quarter, 25–60 per wave,
 * an NPS of roughly 40–60, a few comments.
 */
import { isActiveOn, type Client } from "./clients.ts";
import { NPS_COMMENTS } from "./names.ts";
import type { Context } from "./options.ts";
import type { Rng } from "./rng.ts";
import { formatDay } from "./time.ts";

export interface NpsResponse {
  id: string;
  clientIndex: number;
  day: number;
  score: number;
  comment: string;
}

const WAVE_DAYS = 21;

/** group: 2 promoter, 1 passive, 0 detractor */
function drawScore(rng: Rng, group: number): number {
  if (group === 2) return rng.chance(0.55) ? 10 : 9;
  if (group === 0) return rng.pick([2, 3, 4, 5, 5, 6, 6, 6]);
  return rng.chance(0.45) ? 7 : 8;
}

function drawComment(rng: Rng, score: number): string {
  if (!rng.chance(0.3)) return "";
  const pool = score >= 9 ? NPS_COMMENTS.promoter : score >= 7 ? NPS_COMMENTS.passive : NPS_COMMENTS.detractor;
  return rng.pick(pool);
}

export function generateNps(context: Context, rng: Rng, clients: readonly Client[]): NpsResponse[] {
  const { clock, asOfDay } = context;
  const responses: Omit<NpsResponse, "id">[] = [];
  for (const span of context.months) {
    if ((span.month - 1) % 3 !== 0) continue; // waves open in January, April, July, October
    const waveStart = span.firstDay;
    const eligible = clients
      .map((client, index) => ({ client, index }))
      .filter(({ client }) => isActiveOn(client, waveStart) && client.contractStartDay <= waveStart - 30);
    const wanted = Math.min(eligible.length, Math.max(25, Math.min(60, Math.round(eligible.length * rng.uniform(0.2, 0.27)))));
    const promoterShare = rng.uniform(0.55, 0.65);
    const detractorShare = rng.uniform(0.08, 0.14);
    const chosen = rng.shuffle(eligible.slice()).slice(0, wanted);
    // exact promoter/detractor counts per wave keep each wave's NPS in the 40–60 band
    const promoters = Math.round(chosen.length * promoterShare);
    const detractors = Math.round(chosen.length * detractorShare);
    const groups = rng.shuffle(chosen.map((_, i) => (i < promoters ? 2 : i < promoters + detractors ? 0 : 1)));
    const wave: Omit<NpsResponse, "id">[] = [];
    for (const [k, { index }] of chosen.entries()) {
      // answers thin out over the three weeks after the invitation
      const day = clock.nextWorkday(waveStart + Math.floor(WAVE_DAYS * Math.pow(rng.next(), 1.5)));
      const score = drawScore(rng, groups[k]!);
      const comment = drawComment(rng, score);
      if (day > asOfDay || !isActiveOn(clients[index]!, day)) continue;
      wave.push({ clientIndex: index, day, score, comment });
    }
    wave.sort((a, b) => a.day - b.day || a.clientIndex - b.clientIndex);
    responses.push(...wave);
  }
  return responses.map((r, i) => ({ ...r, id: `NPS-${String(i + 1).padStart(5, "0")}` }));
}

export function npsFields(response: NpsResponse, clientId: string): string[] {
  return [response.id, clientId, formatDay(response.day), String(response.score), response.comment];
}
