/**
 * The calibration's measurements of spread (calibrate.ts calls them once the rates are known):
 * the elasticity of tickets to clients, the dispersion of monthly projects and visits, and the
 * SLA breaches outside the queue — each from the data before the cutoff, each with a Russian note
 * when the data is too short and the scenario keeps the plain model.
 */
import type { DuckDBConnection } from "@duckdb/node-api";
import type { Settings } from "../settings.ts";
import { slaByMonth } from "../metrics/sla.ts";
import { fitClientElasticity, type ClientElasticity, type VolumeMonth } from "./volume-elasticity.ts";
import { conditionalVisitDispersion, countVariability, MIN_DISPERSION_MONTHS } from "./count-variability.ts";
import { fitBreachBeta, MIN_DECIDED_TICKETS } from "./sla-breach-fit.ts";
import { PRIORITY_NAMES, PROJECT_VISIT_KINDS, type ObservedMonth, type Scenario } from "../../src/core/simulator/types.ts";

const RU2 = new Intl.NumberFormat("ru-RU", { maximumFractionDigits: 2 });

/** b of tickets ∝ clients^b over every month of history; a note when it falls back to b = 1 */
export function measureElasticity(months: readonly VolumeMonth[], notes: string[]): ClientElasticity {
  const fit = fitClientElasticity(months);
  if (fit.method === "fallback") {
    notes.push("Зависимость обращений от числа клиентов: в истории нет пар месяцев с разницей в год и ростом клиентов — принята пропорциональной.");
  }
  return fit;
}

/** the dispersion of monthly projects and visits into the scenario (Poisson with a note when the history is short) */
export function applyCountSpread(scenario: Scenario, observed: readonly ObservedMonth[], hasProjects: boolean, hasVisits: boolean, notes: string[]): void {
  if (observed.length < MIN_DISPERSION_MONTHS) {
    notes.push(`Разброс проектов и выездов по месяцам: история ${observed.length} мес. (нужно ≥ ${MIN_DISPERSION_MONTHS}) — как у пуассоновского потока.`);
    return;
  }
  const projects = observed.map((o) => o.projects);
  if (hasProjects) {
    const p = countVariability(projects);
    scenario.projects.variability = { dispersion: p.dispersion, months: p.months };
  }
  if (hasVisits) {
    const perProject = PROJECT_VISIT_KINDS.reduce((a, k) => a + scenario.projects.visitsPerProject[k], 0);
    const v = conditionalVisitDispersion(
      observed.map((o) => o.visits),
      projects,
      hasProjects ? perProject : 0,
    );
    scenario.engineer.visitVariability = { dispersion: v.dispersion, months: v.months };
  }
  const pd = scenario.projects.variability?.dispersion;
  const vd = scenario.engineer.visitVariability?.dispersion;
  notes.push(
    `Разброс по месяцам (дисперсия / среднее, 1 — пуассоновский поток): проекты ${pd === undefined ? "—" : RU2.format(pd)}, выезды ${vd === undefined ? "—" : RU2.format(vd)}.`,
  );
}

/**
 * Per priority, the beta distribution of the monthly share of SLA breaches (sla-breach-fit.ts),
 * from the SLA KPI of the history's months judged at `asOf` (the cutoff).
 */
export async function measureNonQueueBreaches(
  connection: DuckDBConnection,
  settings: Settings,
  months: string[],
  asOf: Date,
  notes: string[],
): Promise<Scenario["sla"]["nonQueueBreach"]> {
  const rows = await slaByMonth(connection, settings, { now: asOf, months });
  const fit: NonNullable<Scenario["sla"]["nonQueueBreach"]> = {};
  for (const p of PRIORITY_NAMES) {
    const beta = fitBreachBeta(rows.filter((r) => r.priority === p).map((r) => ({ met: r.met, breached: r.breached })));
    if (beta) fit[p] = beta;
    else notes.push(`SLA «${p}»: в истории меньше ${MIN_DECIDED_TICKETS} закрытых обращений — нарушения только из-за очереди.`);
  }
  return Object.keys(fit).length > 0 ? fit : undefined;
}
