/**
 * Parameters a run draws for itself from the spread of their estimates, so that a forecast's
 * band carries the uncertainty of what the data could tell, not only the chance of one run:
 *   - b of tickets ∝ clients^b: N(b, se²), kept within [0, 1.5];
 *   - the season: each calendar month's multiplier × exp(se·Z − se²/2) (mean kept), one draw per
 *     calendar month shared by its occurrences in the horizon;
 *   - the mean of signed projects a month: N(mean, D·mean / months), at least 0;
 *   - a dispersion index D measured over n months: D·(n − 1) / χ²(n − 1) (the sampling
 *     distribution of a variance), for the projects and the visits.
 * A scenario without these measurements draws nothing (its runs are as before).
 */
import { drawGamma } from "./dispersed-counts.js";
import { parseMonth } from "../months.js";
import type { Rng } from "./prng.js";
import type { CountSpread, Scenario } from "./types.js";

export interface RunParameters {
  ticketElasticity: number;
  /** per horizon month: the factor on the seasonal multiplier (1 without its error) */
  seasonFactor: Float64Array;
  projectsPerMonth: number;
  projectDispersion: number;
  visitDispersion: number;
}

export const ELASTICITY_RANGE = [0, 1.5] as const;

/** a dispersion index drawn from its sampling spread over `months` months */
function drawDispersion(rng: Rng, spread: CountSpread | undefined): number {
  if (!spread) return 1;
  const df = spread.months - 1;
  if (!(df >= 2)) return spread.dispersion;
  const chi2 = 2 * drawGamma(rng, df / 2);
  return chi2 > 0 ? (spread.dispersion * df) / chi2 : spread.dispersion;
}

/** The run's draw of the parameters; into `into` when given (its seasonFactor at least horizonMonths long), so a run allocates nothing. */
export function drawRunParameters(s: Scenario, rng: Rng, into?: RunParameters): RunParameters {
  const out: RunParameters = into ?? { ticketElasticity: 1, seasonFactor: new Float64Array(s.horizonMonths), projectsPerMonth: 0, projectDispersion: 1, visitDispersion: 1 };
  out.ticketElasticity = 1;
  out.seasonFactor.fill(1, 0, s.horizonMonths);
  out.projectsPerMonth = s.projects.perMonth;
  const e = s.tickets.clientElasticity;
  if (e) {
    const b = e.standardError > 0 ? e.elasticity + e.standardError * rng.normal() : e.elasticity;
    out.ticketElasticity = Math.min(ELASTICITY_RANGE[1], Math.max(ELASTICITY_RANGE[0], b));
  }
  const se = s.tickets.seasonalRelativeError;
  if (se) {
    const first = parseMonth(s.startMonth);
    const byCalendarMonth = se.map((e) => (e > 0 ? Math.exp(e * rng.normal() - (e * e) / 2) : 1));
    for (let m = 0; m < s.horizonMonths; m++) out.seasonFactor[m] = byCalendarMonth[(first.month - 1 + m) % 12] ?? 1;
  }
  const pv = s.projects.variability;
  if (pv && pv.months > 0 && s.projects.perMonth > 0) {
    out.projectsPerMonth = Math.max(0, s.projects.perMonth + Math.sqrt((pv.dispersion * s.projects.perMonth) / pv.months) * rng.normal());
  }
  out.projectDispersion = drawDispersion(rng, pv);
  out.visitDispersion = drawDispersion(rng, s.engineer.visitVariability);
  return out;
}

/** expected tickets of a month with `clients` clients, before the season: rate × ref × (clients / ref)^b */
export function ticketsForClients(s: Scenario, clients: number, elasticity: number): number {
  const ref = s.tickets.clientElasticity?.referenceClients ?? 0;
  if (elasticity === 1 || !(ref > 0)) return clients * s.tickets.perClientMonth;
  return clients > 0 ? s.tickets.perClientMonth * ref * Math.pow(clients / ref, elasticity) : 0;
}
