/**
 * The generated Russian narrative of the monthly report: what changed and why, each sentence
 * with the numbers behind it («SLA стандартных обращений 93,0 % при цели 95 %: 14 из 201 не
 * решены за 5 дней, 9 из них — 10–14 марта»). Pure: months + settings + breach facts in,
 * sentences out.
 */
import { addMonths, formatHours, formatNumber, formatSameDaysRu, formatPercent, formatSignedNumber, NBSP, pluralRu } from "../core/format.js";
import { findMonth, rawAt, triggerNearFrom, valueAt, workloadParts, type MonthKpis } from "./kpi.js";
import { PRIORITY_GENITIVE_RU, PRIORITY_ORDER, ROLE_LABELS_RU, ROLE_ORDER, TRIGGER_LABELS_RU, WORKLOAD_COMPONENT_LABELS_RU, labelOf, lowerFirst } from "../core/labels.js";
import { statusAgainstTarget, utilizationStatus, type Status } from "./status.js";
import type { BreachFacts, LateProjects, LostClientRow, TicketDrivers } from "../core/rows.js";
import { breachesWhy, csatWhy, escalationWhy, lateProjectsWhy, retentionWhy } from "./narrative-why.js";

export interface NarrativeItem {
  /** the metric key, also the /methodology anchor */
  key: string;
  tone: Status;
  text: string;
}

export interface NarrativeInput {
  month: string;
  months: readonly MonthKpis[];
  settings: unknown;
  breaches?: readonly BreachFacts[];
  /** per month: what lies behind CSAT and the escalation rate */
  drivers?: readonly TicketDrivers[];
  /** per month, the projects the on-time rate judges and those late (loaders/metrics/projects.ts lateProjects) */
  lateProjects?: readonly LateProjects[];
  /** per month, the retention base's clients who left (loaders/metrics/clients.ts lostClients) */
  lostClients?: readonly LostClientRow[];
  /** a trigger counts as close from this share of its threshold (default: settings.status_thresholds.trigger_near_from, else 0.9) */
  nearFrom?: number;
}

/** «7,2 % больше» / «3,1 % меньше» / «столько же» for a relative change. */
function relativeChangeRu(current: number, before: number): string {
  if (before === 0) return current === 0 ? "столько же" : "рост с нуля";
  const change = (current - before) / before;
  if (Math.abs(change) < 0.0005) return "столько же";
  return `на ${formatPercent(Math.abs(change), 1)} ${change > 0 ? "больше" : "меньше"}`;
}

function volumeSentence(month: string, current: MonthKpis, months: readonly MonthKpis[]): NarrativeItem | null {
  const total = valueAt(current, "tickets.total");
  if (total === null) return null;
  const throughDay = current.partial === true ? valueAt(current, "same_days.through_day") : null;
  if (throughDay !== null) return sameDaysVolumeSentence(month, total, throughDay, current, months);
  const previous = valueAt(findMonth(months, addMonths(month, -1)), "tickets.total");
  const yearAgo = valueAt(findMonth(months, addMonths(month, -12)), "tickets.total");
  const perDay = valueAt(current, "tickets.per_working_day");
  let text = `Обращений за месяц: ${formatNumber(total)}`;
  if (perDay !== null) text += ` (${formatNumber(perDay, 1)} в рабочий день)`;
  if (previous !== null) text += ` — ${relativeChangeRu(total, previous)}, чем месяцем ранее (${formatNumber(previous)})`;
  if (yearAgo !== null) text += `; год назад — ${formatNumber(yearAgo)}`;
  return { key: "tickets.total", tone: "none", text: text + "." };
}

/** An incomplete month's volume against the same days of the month before and a year earlier (same_days.*). */
function sameDaysVolumeSentence(month: string, total: number, throughDay: number, current: MonthKpis, months: readonly MonthKpis[]): NarrativeItem {
  const previousMonth = addMonths(month, -1);
  const yearAgoMonth = addMonths(month, -12);
  const previous = findMonth(months, previousMonth) ? valueAt(current, "same_days.tickets_total_previous_month") : null;
  const yearAgo = findMonth(months, yearAgoMonth) ? valueAt(current, "same_days.tickets_total_year_ago") : null;
  let text = `Обращений за ${formatSameDaysRu(month, throughDay)} (месяц не завершён): ${formatNumber(total)}`;
  if (previous !== null) text += ` — ${relativeChangeRu(total, previous)}, чем за те же дни предыдущего месяца, ${formatSameDaysRu(previousMonth, throughDay)} (${formatNumber(previous)})`;
  if (yearAgo !== null) text += `; за ${formatSameDaysRu(yearAgoMonth, throughDay, { withYear: true })} — ${formatNumber(yearAgo)}`;
  return { key: "tickets.total", tone: "none", text: text + "." };
}

function slaSentence(priority: string, current: MonthKpis, settings: unknown, facts: BreachFacts | undefined): NarrativeItem | null {
  const key = `sla.${priority}.compliance`;
  const compliance = valueAt(current, key);
  if (compliance === null) return null;
  const target = valueAt(settings, `sla.${priority}.compliance_target`);
  const tone = statusAgainstTarget(compliance, target, "higher", 0.03);
  const name = PRIORITY_GENITIVE_RU[priority] ?? priority;
  let text = `SLA ${name} ${formatPercent(compliance, 1)}`;
  if (rawAt(current, `sla.${priority}.provisional`) === true) text += " (предварительно)";
  if (target !== null) text += ` при цели ${formatPercent(target, 0)}`;
  if (tone === "ok") return { key, tone, text: text + " — цель выполнена." };
  return { key, tone, text: text + breachesWhy(priority, current, settings, facts) + "." };
}

function rateSentence(
  key: string,
  current: MonthKpis,
  previousMonth: MonthKpis | undefined,
  options: {
    nameRu: string;
    target: number | null;
    direction: "higher" | "lower";
    warnMargin: number;
    kind: "fraction" | "score";
    /** shown after the value: «(оценок 4–5 — 88,3 %)» */
    aside?: string;
  },
): NarrativeItem | null {
  const value = valueAt(current, key);
  if (value === null) return null;
  const format = (v: number) => (options.kind === "fraction" ? formatPercent(v, 1) : formatNumber(v, 2));
  const tone = options.target === null ? "none" : statusAgainstTarget(value, options.target, options.direction, options.warnMargin);
  let text = `${options.nameRu} ${format(value)}`;
  if (options.aside) text += ` (${options.aside})`;
  if (options.target !== null) {
    const word = options.direction === "higher" ? "при цели не ниже" : "при пороге";
    text += ` ${word} ${options.kind === "fraction" ? formatPercent(options.target, 0) : formatNumber(options.target, 1)}`;
  }
  const previous = valueAt(previousMonth, key);
  if (previous !== null) {
    const delta = value - previous;
    text +=
      options.kind === "fraction"
        ? ` (${formatSignedNumber(delta * 100, 1)}${NBSP}п.${NBSP}п. к прошлому месяцу)`
        : ` (${formatSignedNumber(delta, 2)} к прошлому месяцу)`;
  }
  return { key, tone, text: text + "." };
}

/** The item with `why` inserted before its final full stop. */
function appendWhy(item: NarrativeItem, why: string): NarrativeItem {
  return { ...item, text: item.text.replace(/\.$/, why + ".") };
}

/** The share of CSAT scores 4–5 beside the mean, when the engine gives it. */
function csatShareAside(current: MonthKpis): string | undefined {
  const share = valueAt(current, "csat.share_4_5");
  return share === null ? undefined : `оценок 4–5 — ${formatPercent(share, 1)}`;
}

/** A rate sentence with its why when the status is not «в норме». */
function rateSentenceWithWhy(item: NarrativeItem | null, why: string): NarrativeItem | null {
  if (!item || item.tone === "ok" || item.tone === "none" || why === "") return item;
  return appendWhy(item, why);
}

function npsSentence(current: MonthKpis, settings: unknown): NarrativeItem | null {
  const score = valueAt(current, "nps.score");
  if (score === null) return null;
  const low = valueAt(current, "nps.interval_low");
  const high = valueAt(current, "nps.interval_high");
  const responses = valueAt(current, "nps.responses");
  const target = valueAt(settings, "targets.nps_min");
  const minResponses = valueAt(settings, "targets.nps_responses_min");
  let text = `NPS за 12 месяцев ${formatSignedNumber(score, 0)}`;
  const parts: string[] = [];
  if (low !== null && high !== null) parts.push(`95${NBSP}% интервал ${formatSignedNumber(low, 0)}…${formatSignedNumber(high, 0)}`);
  if (responses !== null) parts.push(`${formatNumber(responses)} ${pluralRu(responses, ["ответ", "ответа", "ответов"])}`);
  if (parts.length > 0) text += ` (${parts.join("; ")})`;
  if (target !== null) text += ` при цели ${formatNumber(target)}`;
  if (responses !== null && minResponses !== null && responses < minResponses) {
    text += `; ответов меньше ${formatNumber(minResponses)} — оценка неустойчива`;
  } else if (target !== null && high !== null && score < target) {
    // below target: does the survey's 95 % interval (adjusted Wald) still reach the target?
    text += high >= target ? "; отставание от цели в пределах погрешности опроса" : "; ниже цели и с учётом погрешности опроса";
  }
  const tone = statusAgainstTarget(score, target, "higher", 10);
  return { key: "nps.score", tone, text: text + "." };
}

/** «; больше всего — работа на объекте 91 ч и подготовка к выездам 70 ч»: the two largest parts of a demand with several parts. */
function largestPartsPhrase(current: MonthKpis, role: string): string {
  const parts = workloadParts(current, role);
  if (parts.length < 2) return "";
  const phrase = parts.slice(0, 2).map(([key, hours]) => `${labelOf(WORKLOAD_COMPONENT_LABELS_RU, key)} ${formatHours(hours, 0)}`);
  return `; больше всего — ${phrase.join(" и ")}`;
}

function workloadSentences(current: MonthKpis, settings: unknown): NarrativeItem[] {
  const items: NarrativeItem[] = [];
  const thresholds = (rawAt(settings, "status_thresholds") as { amber_from: number; red_above: number } | undefined) ?? undefined;
  for (const role of ROLE_ORDER) {
    const utilization = valueAt(current, `workload.${role}.utilization`);
    const status = utilizationStatus(utilization, thresholds);
    if (utilization === null || status === "ok" || status === "none") continue;
    const demand = valueAt(current, `workload.${role}.demand_hours`);
    const capacity = valueAt(current, `workload.${role}.capacity_hours`);
    let text = `Нагрузка: ${lowerFirst(labelOf(ROLE_LABELS_RU, role))} — ${formatPercent(utilization, 0)} мощности`;
    if (demand !== null && capacity !== null) text += ` (${formatHours(demand, 0)} при ${formatHours(capacity, 0)})`;
    text += status === "bad" ? ", перегрузка" : `, выше ${formatPercent(thresholds?.amber_from ?? 0.8, 0)}`;
    text += largestPartsPhrase(current, role) + ".";
    items.push({ key: `workload.${role}.utilization`, tone: status, text });
  }
  return items;
}

function formatTriggerValue(name: string, value: number, settings: unknown): string {
  const metric = String(rawAt(settings, `triggers.${name}.metric`) ?? "");
  return metric.includes("utilization") ? formatPercent(value, 0) : formatNumber(value, value % 1 === 0 ? 0 : 1);
}

/** Triggers that fired or reached `nearFrom` of their threshold, closest first. */
export function nearTriggers(
  current: MonthKpis | undefined,
  nearFrom = 0.9,
): { name: string; fired: boolean; value: number; threshold: number; nearness: number }[] {
  const triggers = rawAt(current, "triggers");
  if (!triggers || typeof triggers !== "object") return [];
  const result = [];
  for (const [name, raw] of Object.entries(triggers as Record<string, unknown>)) {
    const value = valueAt(raw, "value");
    const threshold = valueAt(raw, "threshold");
    if (value === null || threshold === null) continue;
    const nearness = valueAt(raw, "nearness") ?? (threshold !== 0 ? value / threshold : 0);
    const fired = rawAt(raw, "fired") === true;
    const near = rawAt(raw, "near");
    if (fired || near === true || (typeof near !== "boolean" && nearness >= nearFrom)) result.push({ name, fired, value, threshold, nearness });
  }
  return result.sort((a, b) => b.nearness - a.nearness);
}

function triggerSentences(current: MonthKpis, settings: unknown, nearFrom: number): NarrativeItem[] {
  return nearTriggers(current, nearFrom).map((t) => {
    const label = labelOf(TRIGGER_LABELS_RU, t.name);
    const numbers = `${formatTriggerValue(t.name, t.value, settings)} при пороге ${formatTriggerValue(t.name, t.threshold, settings)}`;
    return t.fired
      ? { key: `triggers.${t.name}`, tone: "bad" as Status, text: `Сработал триггер «${label}»: ${numbers}.` }
      : {
          key: `triggers.${t.name}`,
          tone: "warn" as Status,
          text: `Близок триггер «${label}»: ${numbers} (${formatPercent(t.nearness, 0)} порога).`,
        };
  });
}

/** The narrative for one month, most important first: volume, SLA, quality, workload, triggers. */
export function generateNarrative(input: NarrativeInput): NarrativeItem[] {
  const { month, months, settings } = input;
  const current = findMonth(months, month);
  if (!current) return [{ key: "month", tone: "none", text: "За выбранный месяц нет данных." }];
  // an incomplete month's rates are not compared with a whole month
  const previous = current.partial === true ? undefined : findMonth(months, addMonths(month, -1));
  const drivers = input.drivers?.find((d) => d.month === month);
  const items: (NarrativeItem | null)[] = [volumeSentence(month, current, months)];
  for (const priority of PRIORITY_ORDER) {
    const facts = input.breaches?.find((b) => b.month === month && b.priority === priority);
    items.push(slaSentence(priority, current, settings, facts));
  }
  items.push(
    rateSentenceWithWhy(
      rateSentence("tickets.escalation_rate", current, previous, {
        nameRu: "Доля эскалаций",
        target: valueAt(settings, "targets.escalation_rate_max"),
        direction: "lower",
        warnMargin: 0.03,
        kind: "fraction",
      }),
      escalationWhy(current, drivers),
    ),
    rateSentenceWithWhy(
      rateSentence("csat.mean", current, previous, {
        nameRu: "CSAT",
        target: valueAt(settings, "targets.csat_mean_min"),
        direction: "higher",
        warnMargin: 0.2,
        kind: "score",
        aside: csatShareAside(current),
      }),
      csatWhy(current, drivers),
    ),
    npsSentence(current, settings),
    rateSentenceWithWhy(
      rateSentence("retention.logo_12m", current, previous, {
        nameRu: "Удержание клиентов за 12 месяцев",
        target: valueAt(settings, "targets.logo_retention_12m_min"),
        direction: "higher",
        warnMargin: 0.01,
        kind: "fraction",
      }),
      retentionWhy(current, input.lostClients),
    ),
    rateSentenceWithWhy(
      rateSentence("projects.on_time_rate", current, previous, {
        nameRu: "Проекты, сданные в срок:",
        target: valueAt(settings, "targets.projects_on_time_min"),
        direction: "higher",
        warnMargin: 0.1,
        kind: "fraction",
      }),
      lateProjectsWhy(current, input.lateProjects),
    ),
  );
  items.push(...workloadSentences(current, settings));
  items.push(...triggerSentences(current, settings, input.nearFrom ?? triggerNearFrom(settings)));
  return items.filter((item): item is NarrativeItem => item !== null);
}
