/**
 * The hiring case for HR: which hires the simulation asks for and when the person must start
 * (to be productive in the month the need appears), and what they cost over the horizon.
 */
import { addMonths, monthsBetween } from "../../core/months.js";
import { TRIGGER_ROLE } from "../../core/simulator/labels.js";
import { decisionMonth } from "../../core/simulator/summary.js";
import { mergeScenario } from "../../core/simulator/scenario.js";
import { SIM_ROLES, TRIGGER_KEYS, type Hire, type Scenario, type SimRole, type SimulationSummary } from "../../core/simulator/types.js";

export interface ProposedHire extends Hire {
  /** the month the need appears (SLA breach or trigger likely) */
  neededFrom: string;
  /** open the vacancy by: needed − lead time − ramp-up */
  openVacancyBy: string;
  /** that month is already past: the vacancy opens now, and the hire starts later than needed */
  vacancyOverdue: boolean;
  /** months the start is later than need − ramp-up (0 when on time) */
  startDelayMonths: number;
  reason: "sla" | (typeof TRIGGER_KEYS)[number];
}

/**
 * One hire per role at most: the support manager when SLA is at risk (else when the 400-ticket
 * trigger is likely), every other role when its trigger is likely (P ≥ 50 %).
 * Start month = need − ramp-up, but not before a vacancy opened now could be filled
 * (decision month + lead time) nor before the first simulated month. The vacancy is overdue
 * when need − ramp-up − lead time is before the decision month.
 */
export function proposedHires(summary: SimulationSummary): ProposedHire[] {
  const s = summary.scenario;
  const ramp = Math.round(s.hiring.rampUpMonths);
  const lead = Math.round(s.hiring.leadTimeMonths);
  const now = decisionMonth(s.startMonth);
  const earliestStart = [addMonths(now, lead), s.startMonth].sort().at(-1)!;
  const out: ProposedHire[] = [];
  const add = (role: SimRole, neededFrom: string, reason: ProposedHire["reason"]): void => {
    if (out.some((h) => h.role === role)) return;
    const start = addMonths(neededFrom, -ramp);
    const openVacancyBy = addMonths(neededFrom, -(ramp + lead));
    const month = start < earliestStart ? earliestStart : start;
    out.push({
      role,
      month,
      neededFrom,
      openVacancyBy,
      vacancyOverdue: openVacancyBy < now,
      startDelayMonths: Math.max(0, monthsBetween(start, month)),
      reason,
    });
  };
  if (summary.advice.slaBreachMonth) add("support_manager", summary.advice.slaBreachMonth, "sla");
  for (const key of TRIGGER_KEYS) {
    const t = summary.advice.triggers[key];
    if (t.firstLikelyMonth) add(TRIGGER_ROLE[key], t.firstLikelyMonth, key);
  }
  return out.sort((a, b) => SIM_ROLES.indexOf(a.role) - SIM_ROLES.indexOf(b.role));
}

/** months of the horizon the hire is paid for (from the start month to the horizon's end) */
export function paidMonths(hire: Hire, startMonth: string, horizonMonths: number): number {
  const from = Math.max(0, monthsBetween(startMonth, hire.month));
  return Math.max(0, horizonMonths - from);
}

/**
 * Default employer's insurance contributions on a salary, as a share: the single tariff of 30 %
 * within the annual base (Налоговый кодекс РФ, ст. 425) plus 0.2 % against work injuries (the
 * lowest class, 125-ФЗ); editable on the page (reduced tariffs of small businesses are lower).
 */
export const EMPLOYER_CONTRIBUTIONS_SHARE = 0.302;

/** What a salary cost is to the employer with its insurance contributions (null stays null). */
export function employerCostRub(salaryCostRub: number | null, contributionsShare: number): number | null {
  if (salaryCostRub === null || !Number.isFinite(contributionsShare) || contributionsShare < 0) return null;
  return salaryCostRub * (1 + contributionsShare);
}

/** salary × paid months; null when the salary is not entered */
export function hireCost(hire: Hire, salaryRubPerMonth: number | null, startMonth: string, horizonMonths: number): number | null {
  if (salaryRubPerMonth === null || !Number.isFinite(salaryRubPerMonth)) return null;
  return salaryRubPerMonth * paidMonths(hire, startMonth, horizonMonths);
}

/** What the absences add to the SLA risk: the scenario as is beside the same scenario with everyone at work. */
export interface CoverCase {
  /**
   * "cover": the SLA target is at risk only with the absences (a hire covers vacations and sick
   * leave, not volume); "volume": at risk even with everyone at work; null: not at risk.
   */
  reason: "cover" | "volume" | null;
  breachMonthWithAbsences: string | null;
  breachMonthWithoutAbsences: string | null;
  /** months whose P(SLA missed) is above the threshold with the absences only */
  coverMonths: string[];
  maxRiskWithAbsences: number;
  maxRiskWithoutAbsences: number;
  /** the largest rise of P(SLA missed) a month owes to the absences, and that month */
  largestRise: number;
  largestRiseMonth: string | null;
}

export function coverCase(withAbsences: SimulationSummary, withoutAbsences: SimulationSummary): CoverCase {
  const threshold = withAbsences.scenario.hiring.slaMissProbabilityThreshold;
  const coverMonths: string[] = [];
  let largestRise = 0;
  let largestRiseMonth: string | null = null;
  withAbsences.months.forEach((m, i) => {
    const without = withoutAbsences.months[i]?.slaMissProbability ?? 0;
    if (m.slaMissProbability > threshold && !(without > threshold)) coverMonths.push(m.month);
    const rise = m.slaMissProbability - without;
    if (rise > largestRise) {
      largestRise = rise;
      largestRiseMonth = m.month;
    }
  });
  const breachWith = withAbsences.advice.slaBreachMonth;
  const breachWithout = withoutAbsences.advice.slaBreachMonth;
  return {
    reason: breachWithout ? "volume" : breachWith ? "cover" : null,
    breachMonthWithAbsences: breachWith,
    breachMonthWithoutAbsences: breachWithout,
    coverMonths,
    maxRiskWithAbsences: Math.max(0, ...withAbsences.months.map((m) => m.slaMissProbability)),
    maxRiskWithoutAbsences: Math.max(0, ...withoutAbsences.months.map((m) => m.slaMissProbability)),
    largestRise,
    largestRiseMonth,
  };
}

/** The simulations behind the hiring case: the scenario as is, with the proposed hires, and with everyone at work. */
export interface HiringSimulations {
  scenario: Scenario;
  before: SimulationSummary;
  after: SimulationSummary;
  /** the same scenario with everyone at work (no leave, no sick leave): what the absences add; null when absences are off */
  present: SimulationSummary | null;
  hires: ProposedHire[];
}

/** How many simulations `simulateHiringCase` runs for the scenario. */
export function hiringCaseParts(scenario: Scenario): number {
  return scenario.absences.enabled ? 3 : 2;
}

/** Runs the hiring case's simulations one after another with `simulate` (the hires follow from the first). */
export async function simulateHiringCase(
  scenario: Scenario,
  simulate: (scenario: Scenario, label: string) => Promise<SimulationSummary>,
): Promise<HiringSimulations> {
  const before = await simulate(scenario, "Без найма");
  const hires = proposedHires(before);
  const withHires = mergeScenario(scenario, { hires: [...scenario.hires, ...hires.map(({ role, month }) => ({ role, month }))], name: `${scenario.name} + найм` });
  const after = await simulate(withHires, "С наймом");
  const present = scenario.absences.enabled
    ? await simulate(mergeScenario(scenario, { absences: { enabled: false }, name: `${scenario.name}: все на месте` }), "Все на месте")
    : null;
  return { scenario, before, after, present, hires };
}
