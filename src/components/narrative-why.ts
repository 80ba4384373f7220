/**
 * The «why» of the monthly report's narrative: the rows behind a figure that misses its target
 * (SLA breaches and the days they cluster on, lost clients, late projects, low CSAT scores,
 * escalations), as a phrase for the end of its sentence. The rows and their counts come from the
 * metric modules (src/data/narrative.json: loaders/metrics/sla.ts, clients.ts, projects.ts); a
 * phrase names them only when their count is the KPI's own.
 */
import { formatDay, formatDayMonth, formatDayRange, formatNumber, NBSP, pluralRu } from "../core/format.js";
import { LOW_CSAT_MAX, type BreachFacts, type LateProjects, type LostClientRow, type TicketDrivers } from "../core/rows.js";
import { valueAt, type MonthKpis } from "./kpi.js";

function limitPhraseRu(priority: string, settings: unknown): string {
  if (priority === "emergency") {
    const response = valueAt(settings, "sla.emergency.response_business_minutes");
    const limit = valueAt(settings, "sla.emergency.limit_business_minutes");
    const hours = limit !== null ? formatNumber(limit / 60, limit % 60 === 0 ? 0 : 1) : "?";
    return `без ответа за ${response ?? "?"}${NBSP}мин или не решены за ${hours}${NBSP}раб.${NBSP}ч`;
  }
  const days = valueAt(settings, `sla.${priority}.limit_calendar_days`);
  return `не решены за ${days ?? "?"}${NBSP}${pluralRu(days ?? 5, ["день", "дня", "дней"])}`;
}

/** An SLA below target: how many breached, and the days most of them cluster on (only when the facts are the KPI's own tickets). */
export function breachesWhy(priority: string, current: MonthKpis, settings: unknown, facts: BreachFacts | undefined): string {
  const judged = (valueAt(current, `sla.${priority}.met`) ?? 0) + (valueAt(current, `sla.${priority}.breached`) ?? 0);
  if (!facts || facts.breached === 0 || facts.judged !== judged || facts.breached !== valueAt(current, `sla.${priority}.breached`)) return "";
  let why = `: ${formatNumber(facts.breached)} из ${formatNumber(facts.judged)} ${limitPhraseRu(priority, settings)}`;
  const window = facts.cluster;
  if (window && facts.breached >= 3 && window.count >= Math.max(2, Math.ceil(facts.breached * 0.4))) {
    why += `, ${formatNumber(window.count)} из них — ${formatDayRange(window.first, window.last)}`;
  }
  return why;
}

/** The first `named` items, then «и ещё N» for the rest. */
function namedWithRest(items: readonly string[], named: number): string {
  const rest = items.length - named;
  return `${items.slice(0, named).join(", ")}${rest > 0 ? ` и ещё ${formatNumber(rest)}` : ""}`;
}

/** How many lost clients the retention sentence names; the rest are counted. */
const LOST_CLIENTS_NAMED = 3;

/** A retention below target: how many of the base left and who (names only when they are the KPI's base − retained). */
export function retentionWhy(current: MonthKpis, lostClients: readonly LostClientRow[] | undefined): string {
  const base = valueAt(current, "retention.logo_base");
  const retained = valueAt(current, "retention.logo_retained");
  if (base === null || retained === null || base === retained) return "";
  const lostCount = base - retained;
  const baseDay = new Date(Date.UTC(Number(current.month.slice(0, 4)), Number(current.month.slice(5, 7)) - 12, 0));
  let why = `: ушли ${formatNumber(lostCount)} из ${formatNumber(base)} ${pluralRu(base, ["клиента", "клиентов", "клиентов"])}, бывших на ${formatDay(baseDay)}`;
  const lost = (lostClients ?? []).filter((c) => c.month === current.month);
  if (lost.length === lostCount) why += ` — ${namedWithRest(lost.map((c) => `${c.name} (${formatDay(c.churned_at)})`), LOST_CLIENTS_NAMED)}`;
  return why;
}

/** How many late projects the on-time sentence names; the rest are counted. */
const LATE_PROJECTS_NAMED = 3;

/** On-time rate below target: the projects that finished late (only when they are the KPI's own: judged and on-time share agree). */
export function lateProjectsWhy(current: MonthKpis, lateProjects: readonly LateProjects[] | undefined): string {
  const rate = valueAt(current, "projects.on_time_rate");
  const month = lateProjects?.find((p) => p.month === current.month);
  if (!month || rate === null) return "";
  const { judged, late } = month;
  if (late.length === 0 || Math.abs((judged - late.length) / judged - rate) > 1e-9) return "";
  const described = late.map((p) => {
    const stage = p.completed_by === "training" ? "обучение" : "передача";
    const who = p.client_name ? `${p.project_id} · ${p.client_name}` : p.project_id;
    return `${who} (${stage} ${formatDayMonth(p.completed_at)} при сроке ${formatDayMonth(p.due_at)})`;
  });
  return `: ${formatNumber(late.length)} из ${formatNumber(judged)} позже срока — ${namedWithRest(described, LATE_PROJECTS_NAMED)}`;
}

/** CSAT below target: how many scores were low and where most of them were (counts only when they add up to the KPI). */
export function csatWhy(current: MonthKpis, drivers: TicketDrivers | undefined): string {
  const responses = valueAt(current, "csat.responses");
  if (!drivers || responses === null || drivers.csat_responses !== responses || drivers.csat_low === 0) return "";
  let why = `: ${formatNumber(drivers.csat_low)} из ${formatNumber(responses)} ${pluralRu(responses, ["оценки", "оценок", "оценок"])} — ${LOW_CSAT_MAX} и ниже`;
  if (drivers.csat_low_top_category && drivers.csat_low_top_count >= 2) {
    why += `, больше всего в категории «${drivers.csat_low_top_category}» (${formatNumber(drivers.csat_low_top_count)})`;
  }
  return why;
}

/** Escalation rate near or over its cap: the category with most escalations (when the count adds up to the KPI). */
export function escalationWhy(current: MonthKpis, drivers: TicketDrivers | undefined): string {
  const escalated = valueAt(current, "tickets.escalated");
  if (!drivers || escalated === null || drivers.escalated !== escalated || !drivers.escalated_top_category || drivers.escalated_top_count < 2) return "";
  return `: больше всего эскалаций в категории «${drivers.escalated_top_category}» — ${formatNumber(drivers.escalated_top_count)} из ${formatNumber(escalated)}`;
}


