/**
 * Scaling triggers from the seeds («Рекомендации по развитию структуры», «Риски и митигация»),
 * evaluated every month. Each trigger: value, threshold, fired, nearness = value / threshold.
 * Thresholds are per person of the role that would be added to (threshold × headcount), so
 * after hiring the second person the trigger moves to the next step.
 *
 * - second_support_manager: tickets created in the month ≥ 400 × support managers;
 * - second_success_manager: active clients ≥ 400 × МОС, or active clients per МОС > 300
 *   (the document's cap «до 300 клиентов на одного МОС»); nearness = the larger ratio;
 * - second_engineer: projects signed in the month ≥ 7 × engineers;
 * - implementation_assistant: implementation manager utilization > 100 %.
 */
import type { Settings } from "../settings.ts";

export interface TriggerResult {
  fired: boolean | null;
  value: number | null;
  threshold: number;
  comparison: "gte" | "gt";
  nearness: number | null;
  /** extra figures (e.g. clients per МОС) */
  detail?: Record<string, number | null>;
}

export interface TriggerInputs {
  tickets: number;
  activeClients: number;
  /** projects signed in the month; null without the projects export */
  projectsStarted: number | null;
  implementationUtilization: number | null;
}

interface TriggerSetting {
  metric: string;
  threshold: number;
  comparison?: "gte" | "gt";
  [key: string]: unknown;
}

function compare(value: number, threshold: number, comparison: "gte" | "gt"): boolean {
  return comparison === "gt" ? value > threshold : value >= threshold;
}

function single(value: number | null, threshold: number, comparison: "gte" | "gt"): TriggerResult {
  return {
    fired: value === null ? null : compare(value, threshold, comparison),
    value,
    threshold,
    comparison,
    nearness: value === null || threshold === 0 ? null : value / threshold,
  };
}

export function evaluateTriggers(inputs: TriggerInputs, settings: Settings): Record<string, TriggerResult> {
  const t = settings.triggers as Record<string, TriggerSetting>;
  const hc = settings.workload.headcount;
  const get = (name: string): TriggerSetting => {
    const s = t[name];
    if (!s || typeof s.threshold !== "number") throw new Error(`config/settings.json: triggers: нет порога «${name}»`);
    return s;
  };
  const support = get("second_support_manager");
  const success = get("second_success_manager");
  const engineer = get("second_engineer");
  const assistant = get("implementation_assistant");

  const mosHeadcount = Math.max(1, hc.success_manager ?? 1);
  const clientThreshold = success.threshold * mosHeadcount;
  const perManagerMax = Number(success.clients_per_manager_max ?? Infinity);
  const perManager = inputs.activeClients / mosHeadcount;
  const byTotal = compare(inputs.activeClients, clientThreshold, success.comparison ?? "gte");
  const byPortfolio = perManager > perManagerMax;
  const successResult: TriggerResult = {
    fired: byTotal || byPortfolio,
    value: inputs.activeClients,
    threshold: clientThreshold,
    comparison: success.comparison ?? "gte",
    nearness: Math.max(inputs.activeClients / clientThreshold, Number.isFinite(perManagerMax) ? perManager / perManagerMax : 0),
    detail: { clients_per_manager: perManager, clients_per_manager_max: Number.isFinite(perManagerMax) ? perManagerMax : null },
  };

  return {
    second_support_manager: single(
      inputs.tickets,
      support.threshold * Math.max(1, hc.support_manager ?? 1),
      support.comparison ?? "gte",
    ),
    second_success_manager: successResult,
    second_engineer: single(inputs.projectsStarted, engineer.threshold * Math.max(1, hc.senior_engineer ?? 1), engineer.comparison ?? "gte"),
    implementation_assistant: single(inputs.implementationUtilization, assistant.threshold, assistant.comparison ?? "gt"),
  };
}
