/**
 * A second, deliberately naive implementation of the monthly KPIs, for cross-checking the engine
 * end to end on the committed sample. It shares no code with loaders/: its own CSV parser
 * (csv-parse), its own reading of the calendar XML (a regular expression), business time as
 * the overlap of [a, b] with each day's window summed day by day, and the SLA rules written out
 * in a loop over tickets. Fixed +03:00 (Moscow has had no DST since 2014); the sample writes
 * ISO timestamps with offsets. Dates of the other exports are "YYYY-MM-DD" and compared as text.
 * The definitions are those of loaders/metrics/definitions.ts (the «Методика» texts) and the
 * modules' doc comments, each restated on the function that computes it.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parse } from "csv-parse/sync";

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const MSK_OFFSET_MS = 3 * HOUR_MS;

type DayKind = "work" | "short" | "off";

export interface NaiveSettings {
  sla: Record<string, { response_business_minutes?: number; target_business_minutes: number; limit_business_minutes?: number; limit_calendar_days?: number }>;
}

/** Day kinds from data/calendar/ru-YYYY.xml (t=1 off, t=2 short, t=3 working) and corrections.json. */
export function readCalendar(calendarDir: string, years: number[]): Map<string, DayKind> {
  const kinds = new Map<string, DayKind>();
  for (const year of years) {
    const xml = readFileSync(join(calendarDir, `ru-${year}.xml`), "utf8");
    const movedFrom: string[] = [];
    for (const match of xml.matchAll(/<day d="(\d{2})\.(\d{2})" t="(\d)"(?: h="\d+")?(?: f="(\d{2})\.(\d{2})")?/g)) {
      const kind: DayKind = match[3] === "1" ? "off" : match[3] === "2" ? "short" : "work";
      kinds.set(`${year}-${match[1]}-${match[2]}`, kind);
      if (match[4]) movedFrom.push(`${year}-${match[4]}-${match[5]}`);
    }
    // a day off moved here from a weekend date: that date is worked (2024-12-28, a Saturday, was
    // worked for the day off on Monday 30 December), unless the file lists it as a day off itself
    for (const date of movedFrom) if (!kinds.has(date)) kinds.set(date, "work");
  }
  const corrections = JSON.parse(readFileSync(join(calendarDir, "corrections.json"), "utf8")) as { corrections: { date: string; kind: DayKind }[] };
  for (const c of corrections.corrections) kinds.set(c.date, c.kind);
  return kinds;
}

/** Business seconds between two instants (ms): the overlap with 09:00–18:00 Moscow (17:00 on short days), day by day. */
export function businessSeconds(kinds: Map<string, DayKind>, fromMs: number, toMs: number): number {
  if (toMs <= fromMs) return 0;
  let total = 0;
  // local midnight (as a UTC instant) of the day holding `fromMs`
  let dayStart = Math.floor((fromMs + MSK_OFFSET_MS) / DAY_MS) * DAY_MS - MSK_OFFSET_MS;
  for (; dayStart < toMs; dayStart += DAY_MS) {
    const date = new Date(dayStart + MSK_OFFSET_MS).toISOString().slice(0, 10);
    const weekday = new Date(dayStart + MSK_OFFSET_MS).getUTCDay(); // 0 Sunday … 6 Saturday
    const kind = kinds.get(date) ?? (weekday === 0 || weekday === 6 ? "off" : "work");
    if (kind === "off") continue;
    const open = dayStart + 9 * HOUR_MS;
    const close = dayStart + (kind === "short" ? 17 : 18) * HOUR_MS;
    const overlap = Math.min(toMs, close) - Math.max(fromMs, open);
    if (overlap > 0) total += overlap / 1000;
  }
  return total;
}

interface SlaCounts {
  met: number;
  breached: number;
  onTarget: number;
  open: number;
  /** not resolved at the as-of moment */
  inProgress: number;
  responseMet: number;
  responseDecided: number;
}

/** Business-minute durations of a month's tickets: mean and P90 (null without a duration). */
export interface NaiveTimes {
  responseMean: number | null;
  responseP90: number | null;
  resolutionMean: number | null;
  resolutionP90: number | null;
}

export interface NaiveMonth {
  total: number;
  byPriority: Record<string, number>;
  escalationRate: number | null;
  resolvedWithoutEscalation: number | null;
  csatMean: number | null;
  /** share of the scores that are 4 or 5 */
  csatShare45: number | null;
  sla: Record<string, SlaCounts & { compliance: number | null; onTargetShare: number | null }>;
  emergencyResponseCompliance: number | null;
  /** per priority of the settings and "all" */
  times: Record<string, NaiveTimes>;
}

/** Rows of an export minus the lines listed as invalid (data/sample/INVALID_ROWS.json). */
export function readRows(dataDir: string, file: string): Record<string, string>[] {
  const invalid = new Set(
    (JSON.parse(readFileSync(join(dataDir, "INVALID_ROWS.json"), "utf8")) as { file: string; line: number }[])
      .filter((r) => r.file === file)
      .map((r) => r.line),
  );
  const records = parse(readFileSync(join(dataDir, `${file}.csv`)), { bom: true, columns: true, info: true, skip_empty_lines: true, relax_column_count: true }) as {
    record: Record<string, string>;
    info: { lines: number };
  }[];
  return records.filter((r) => !invalid.has(r.info.lines)).map((r) => r.record);
}

export const readTickets = (dataDir: string) => readRows(dataDir, "tickets");

/** "YYYY-MM-DD" of the last day of a month, or of the as-of day when that is earlier. */
function periodEnd(month: string, asOfDay: string): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
  return last < asOfDay ? last : asOfDay;
}

function shiftMonth(month: string, count: number): string {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return new Date(Date.UTC(y, m - 1 + count, 1)).toISOString().slice(0, 7);
}

const activeOn = (c: Record<string, string>, day: string) => c.contract_start! <= day && (!c.churned_at || c.churned_at > day);

export interface NaiveClientsMonth {
  active: number;
  newClients: number;
  logoBase: number;
  logoRetained: number;
  logoRetention: number | null;
  mrrBase: number;
  mrrRetained: number;
  grr: number | null;
  npsResponses: number;
  npsScore: number | null;
  npsMarginOfError: number | null;
  npsLow: number | null;
  npsHigh: number | null;
  /** the month's calendar quarter, its first day to the month's end */
  npsQuarter: NaiveNps;
}

export interface NaiveNps {
  responses: number;
  score: number | null;
  margin: number | null;
  low: number | null;
  high: number | null;
}

/**
 * NPS of 0–10 scores with the 95 % adjusted-Wald interval (Sauro & Lewis): add 3 answers, ¾ of
 * them promoters and ¾ detractors; the interval is the adjusted NPS ± 1.96 standard errors of a
 * difference of two proportions, within −100…100.
 */
export function naiveNps(scores: number[]): NaiveNps {
  const n = scores.length;
  if (n === 0) return { responses: 0, score: null, margin: null, low: null, high: null };
  const promoters = scores.filter((s) => s >= 9).length;
  const detractors = scores.filter((s) => s <= 6).length;
  const total = n + 3;
  const up = (promoters + 0.75) / total;
  const down = (detractors + 0.75) / total;
  const centre = up - down;
  const margin = 1.96 * Math.sqrt((up + down - centre * centre) / total);
  return {
    responses: n,
    score: (100 * (promoters - detractors)) / n,
    margin: 100 * margin,
    low: 100 * Math.max(-1, centre - margin),
    high: 100 * Math.min(1, centre + margin),
  };
}

/** A client's monthly payment in roubles, null when the export leaves it empty. */
const mrrOf = (c: Record<string, string>): number | null => (c.mrr_rub?.trim() ? Number(c.mrr_rub.replace(",", ".")) : null);

/**
 * Clients active on the period's last day, and those whose contract started in the month (up to
 * the as-of day); logo retention: of the clients active on the last day of the month 12 months
 * earlier, those still active; gross revenue retention: the same base and retained clients
 * summed by MRR (clients without an MRR left out; null when no base client has one); NPS over the answers of the 12 months
 * ending with this one (to the as-of day) and of its calendar quarter up to the month's end, with the
 * 95 % adjusted-Wald interval (naiveNps).
 */
export function naiveClientsMonth(clients: Record<string, string>[], nps: Record<string, string>[], month: string, asOfDay: string): NaiveClientsMonth {
  const end = periodEnd(month, asOfDay);
  const baseDay = periodEnd(shiftMonth(month, -12), asOfDay);
  const base = clients.filter((c) => activeOn(c, baseDay));
  const retained = base.filter((c) => activeOn(c, end));
  const sumMrr = (list: Record<string, string>[]) => list.reduce((sum, c) => sum + (mrrOf(c) ?? 0), 0);
  const baseWithMrr = base.filter((c) => mrrOf(c) !== null);
  const windowStart = `${shiftMonth(month, -11)}-01`;
  const answers = nps.filter((r) => r.answered_at!.slice(0, 10) >= windowStart && r.answered_at!.slice(0, 10) <= end).map((r) => Number(r.score));
  const twelve = naiveNps(answers);
  const quarterStart = `${month.slice(0, 4)}-${String(Math.floor((Number(month.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, "0")}-01`;
  const quarter = naiveNps(
    nps.filter((r) => r.answered_at!.slice(0, 10) >= quarterStart && r.answered_at!.slice(0, 10) <= end).map((r) => Number(r.score)),
  );
  return {
    active: clients.filter((c) => activeOn(c, end)).length,
    newClients: clients.filter((c) => c.contract_start!.slice(0, 7) === month && c.contract_start! <= asOfDay).length,
    logoBase: base.length,
    logoRetained: retained.length,
    logoRetention: base.length > 0 ? retained.length / base.length : null,
    mrrBase: sumMrr(base),
    mrrRetained: sumMrr(retained),
    grr: baseWithMrr.length > 0 ? sumMrr(retained) / sumMrr(base) : null,
    npsResponses: twelve.responses,
    npsScore: twelve.score,
    npsMarginOfError: twelve.margin,
    npsLow: twelve.low,
    npsHigh: twelve.high,
    npsQuarter: quarter,
  };
}

const instant = (text: string | undefined): number | null => (text && text.trim() ? Date.parse(text.trim()) : null);

const mean = (values: number[]): number | null => (values.length > 0 ? values.reduce((a, b) => a + b, 0) / values.length : null);

/**
 * Continuous quantile by linear interpolation between the order statistics around the 1-based
 * position 1 + q·(n − 1) (Excel PERCENTILE.INC, numpy "linear"); null for no values.
 */
export function quantileLinear(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const position = q * (sorted.length - 1); // 0-based
  const below = Math.floor(position);
  const above = Math.min(below + 1, sorted.length - 1);
  return sorted[below]! + (position - below) * (sorted[above]! - sorted[below]!);
}

/**
 * The month's KPIs over the tickets created in the Moscow month (by `nowMs`), every ticket judged
 * at `nowMs` itself (the as-of moment, whatever the month). Besides the SLA counts (and the count
 * still unresolved at `nowMs`): response and resolution business minutes of the tickets answered /
 * resolved by that moment (a resolution without a first response is the first answer), their mean
 * and P90 per priority and over all; and the share not escalated among the tickets resolved by
 * `nowMs` with the escalated field filled.
 */
export function naiveMonth(
  tickets: Record<string, string>[],
  month: string,
  settings: NaiveSettings,
  kinds: Map<string, DayKind>,
  nowMs: number,
): NaiveMonth {
  const [year, monthNumber] = month.split("-").map(Number) as [number, number];
  const start = Date.UTC(year, monthNumber - 1, 1) - MSK_OFFSET_MS;
  const end = Date.UTC(year, monthNumber, 1) - MSK_OFFSET_MS;
  const sla: NaiveMonth["sla"] = {};
  const byPriority: Record<string, number> = {};
  const responses: Record<string, number[]> = { all: [] };
  const resolutions: Record<string, number[]> = { all: [] };
  for (const priority of Object.keys(settings.sla)) {
    sla[priority] = { met: 0, breached: 0, onTarget: 0, open: 0, inProgress: 0, responseMet: 0, responseDecided: 0, compliance: null, onTargetShare: null };
    byPriority[priority] = 0;
    responses[priority] = [];
    resolutions[priority] = [];
  }
  let total = 0;
  let escalationKnown = 0;
  let escalated = 0;
  let resolvedKnown = 0;
  let resolvedNotEscalated = 0;
  const csat: number[] = [];
  for (const t of tickets) {
    const created = instant(t.created_at)!;
    if (created < start || created >= end || created > nowMs) continue;
    total++;
    byPriority[t.priority!]!++;
    const resolvedByNow = instant(t.resolved_at) !== null && instant(t.resolved_at)! <= nowMs;
    if (t.escalated?.trim()) {
      escalationKnown++;
      const isEscalated = ["true", "да", "1"].includes(t.escalated.trim().toLowerCase());
      if (isEscalated) escalated++;
      if (resolvedByNow) {
        resolvedKnown++;
        if (!isEscalated) resolvedNotEscalated++;
      }
    }
    if (t.csat?.trim()) csat.push(Number(t.csat.replace(",", ".")));
    const rule = settings.sla[t.priority!]!;
    const counts = sla[t.priority!]!;
    const at = nowMs;
    const resolvedRaw = instant(t.resolved_at);
    const resolved = resolvedRaw !== null && resolvedRaw <= at ? resolvedRaw : null;
    const firstRaw = instant(t.first_response_at);
    const first = firstRaw !== null && firstRaw <= at ? firstRaw : resolved;
    if (first !== null) {
      const minutes = businessSeconds(kinds, created, first) / 60;
      responses[t.priority!]!.push(minutes);
      responses.all!.push(minutes);
    }
    if (resolved === null) counts.inProgress++;
    if (resolved !== null) {
      const minutes = businessSeconds(kinds, created, resolved) / 60;
      resolutions[t.priority!]!.push(minutes);
      resolutions.all!.push(minutes);
    }
    let responseOk: boolean | null = null;
    if (rule.response_business_minutes !== undefined) {
      const limit = rule.response_business_minutes * 60;
      if (first !== null) responseOk = businessSeconds(kinds, created, first) <= limit;
      else if (businessSeconds(kinds, created, at) > limit) responseOk = false;
      if (responseOk !== null) {
        counts.responseDecided++;
        if (responseOk) counts.responseMet++;
      }
    }
    const within = (moment: number): boolean =>
      rule.limit_business_minutes !== undefined
        ? businessSeconds(kinds, created, moment) <= rule.limit_business_minutes * 60
        : moment <= created + rule.limit_calendar_days! * DAY_MS;
    if (resolved !== null) {
      if (within(resolved) && responseOk !== false) {
        counts.met++;
        if (businessSeconds(kinds, created, resolved) <= rule.target_business_minutes * 60) counts.onTarget++;
      } else counts.breached++;
    } else if (!within(at) || responseOk === false) counts.breached++;
    else counts.open++;
  }
  for (const counts of Object.values(sla)) {
    const decided = counts.met + counts.breached;
    counts.compliance = decided > 0 ? counts.met / decided : null;
    counts.onTargetShare = decided > 0 ? counts.onTarget / decided : null;
  }
  const times: Record<string, NaiveTimes> = {};
  for (const key of Object.keys(responses)) {
    times[key] = {
      responseMean: mean(responses[key]!),
      responseP90: quantileLinear(responses[key]!, 0.9),
      resolutionMean: mean(resolutions[key]!),
      resolutionP90: quantileLinear(resolutions[key]!, 0.9),
    };
  }
  const emergency = sla.emergency;
  return {
    total,
    byPriority,
    escalationRate: escalationKnown > 0 ? escalated / escalationKnown : null,
    resolvedWithoutEscalation: resolvedKnown > 0 ? resolvedNotEscalated / resolvedKnown : null,
    csatMean: mean(csat),
    csatShare45: csat.length > 0 ? csat.filter((score) => score === 4 || score === 5).length / csat.length : null,
    sla,
    emergencyResponseCompliance: emergency && emergency.responseDecided > 0 ? emergency.responseMet / emergency.responseDecided : null,
    times,
  };
}

export interface NaiveProjectsMonth {
  started: number;
  completed: number;
  onTimeRate: number | null;
  medianDurationDays: number | null;
  ttvMedianDays: number | null;
  ttvWithinTargetRate: number | null;
  handoverWithinRate: number | null;
  criticalRemarks: number | null;
}

const dayNumber = (date: string) => Date.parse(`${date.slice(0, 10)}T00:00:00Z`) / 86_400_000;

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Projects signed in the month; completed in it (completion = training, else handover, up to
 * the as-of day), the share of those with a due date completed by it, their median signed →
 * completed days and the sum of their critical remarks (null when none of them has the field
 * filled, so also when nothing was completed); median signed → trained days of the projects
 * trained in the month and the share of those within `ttvMaxDays`; of the projects handed over
 * in the month that have a training date, the share handed over at most `handoverDays` days
 * after it.
 */
export function naiveProjectsMonth(
  projects: Record<string, string>[],
  month: string,
  asOfDay: string,
  targets: { ttvMaxDays: number; handoverDays: number } = { ttvMaxDays: 14, handoverDays: 7 },
): NaiveProjectsMonth {
  const inMonth = (date: string | undefined) => Boolean(date) && date!.slice(0, 7) === month && date!.slice(0, 10) <= asOfDay;
  const completedOn = (p: Record<string, string>) => p.trained_at || p.handed_over_at || "";
  const completed = projects.filter((p) => inMonth(completedOn(p)));
  const withDue = completed.filter((p) => p.due_at);
  const trained = projects.filter((p) => inMonth(p.trained_at));
  const ttvDays = trained.map((p) => dayNumber(p.trained_at!) - dayNumber(p.signed_at!));
  const handedOver = projects.filter((p) => inMonth(p.handed_over_at) && p.trained_at);
  const remarks = completed.filter((p) => p.critical_remarks?.trim()).map((p) => Number(p.critical_remarks));
  return {
    started: projects.filter((p) => inMonth(p.signed_at)).length,
    completed: completed.length,
    onTimeRate: withDue.length > 0 ? withDue.filter((p) => completedOn(p) <= p.due_at!).length / withDue.length : null,
    medianDurationDays: median(completed.map((p) => dayNumber(completedOn(p)) - dayNumber(p.signed_at!))),
    ttvMedianDays: median(ttvDays),
    ttvWithinTargetRate: ttvDays.length > 0 ? ttvDays.filter((d) => d <= targets.ttvMaxDays).length / ttvDays.length : null,
    handoverWithinRate:
      handedOver.length > 0
        ? handedOver.filter((p) => dayNumber(p.handed_over_at!) - dayNumber(p.trained_at!) <= targets.handoverDays).length / handedOver.length
        : null,
    criticalRemarks: remarks.length > 0 ? remarks.reduce((a, b) => a + b, 0) : null,
  };
}

/**
 * Whether the month's tickets each see `windowDays` × 24 h of history in the data, the data
 * taken to begin at Moscow midnight on the first day of the earliest ticket's month: the month's
 * own first instant minus the window must not lie before that.
 */
export function naiveSeesRepeatHistory(tickets: Record<string, string>[], month: string, windowDays: number): boolean {
  const earliest = Math.min(...tickets.map((t) => Date.parse(t.created_at!)).filter((ms) => Number.isFinite(ms)));
  const dataStartMonth = new Date(earliest + MSK_OFFSET_MS).toISOString().slice(0, 7);
  const mskMidnight = (m: string) => Date.parse(`${m}-01T00:00:00+03:00`);
  return mskMidnight(month) - windowDays * DAY_MS >= mskMidnight(dataStartMonth);
}

/**
 * Repeat rate of the month: tickets with a category whose client had a ticket of the same
 * category created at most `windowDays` × 24 h earlier (an equal instant counts when that ticket
 * comes first in the file), over the month's tickets with a category.
 */
export function naiveRepeatRate(tickets: Record<string, string>[], month: string, windowDays: number): number | null {
  const byKey = new Map<string, { created: number; index: number }[]>();
  tickets.forEach((t, index) => {
    const category = t.category?.trim();
    if (!category) return;
    const key = `${t.client_id}\u0000${category}`;
    byKey.set(key, [...(byKey.get(key) ?? []), { created: Date.parse(t.created_at!), index }]);
  });
  let withCategory = 0;
  let repeats = 0;
  for (const group of byKey.values()) {
    for (const ticket of group) {
      if (new Date(ticket.created + MSK_OFFSET_MS).toISOString().slice(0, 7) !== month) continue;
      withCategory++;
      const earlier = group.filter((o) => o.created < ticket.created || (o.created === ticket.created && o.index < ticket.index));
      if (earlier.some((o) => ticket.created - o.created <= windowDays * DAY_MS)) repeats++;
    }
  }
  return withCategory > 0 ? repeats / withCategory : null;
}

/** Kind of a calendar day: the calendar's entry, else Saturday and Sunday off and the rest working. */
function dayKind(kinds: Map<string, DayKind>, date: string): DayKind {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 Sunday … 6 Saturday
  return kinds.get(date) ?? (weekday === 0 || weekday === 6 ? "off" : "work");
}

/** The dates "YYYY-MM-DD" of a month, up to `lastDay` inclusive when given. */
function daysOf(month: string, lastDay?: string): string[] {
  const [y, m] = month.split("-").map(Number) as [number, number];
  const days: string[] = [];
  for (let d = new Date(Date.UTC(y, m - 1, 1)); d.getUTCMonth() === m - 1; d = new Date(d.getTime() + DAY_MS)) {
    const date = d.toISOString().slice(0, 10);
    if (lastDay === undefined || date <= lastDay) days.push(date);
  }
  return days;
}

/**
 * Norm hours of a month (up to `lastDay` inclusive when given): 8 h a working day, 7 h a
 * shortened one (Labour Code art. 91, 40-hour week).
 */
export function naiveNormHours(kinds: Map<string, DayKind>, month: string, lastDay?: string): number {
  let hours = 0;
  for (const date of daysOf(month, lastDay)) {
    const kind = dayKind(kinds, date);
    hours += kind === "work" ? 8 : kind === "short" ? 7 : 0;
  }
  return hours;
}

/** Working days of a month on the production calendar, shortened ones included (up to `lastDay` inclusive when given). */
export function naiveWorkingDays(kinds: Map<string, DayKind>, month: string, lastDay?: string): number {
  return daysOf(month, lastDay).filter((date) => dayKind(kinds, date) !== "off").length;
}

/** The support manager's hours of a month: effort of the tickets created in it (a default per priority where empty). */
export function naiveSupportDemandHours(tickets: Record<string, string>[], month: string, defaults: Record<string, number>): number {
  let minutes = 0;
  for (const t of tickets) {
    const created = Date.parse(t.created_at!);
    if (new Date(created + MSK_OFFSET_MS).toISOString().slice(0, 7) !== month) continue;
    minutes += t.effort_minutes?.trim() ? Number(t.effort_minutes.replace(",", ".")) : defaults[t.priority!]!;
  }
  return minutes / 60;
}

/** Moscow-local month "YYYY-MM" of an instant (ms). */
const localMonth = (ms: number) => new Date(ms + MSK_OFFSET_MS).toISOString().slice(0, 7);

export interface RepeatCounts {
  repeats: number;
  withCategory: number;
}

/**
 * Repeat counts per Moscow-local month, in one pass: the tickets of each client and category in
 * order of creation (file order at an equal instant); a ticket is a repeat when the one before it
 * was created at most `windowDays` × 24 h earlier (that one is the latest earlier ticket, so if
 * any earlier ticket is within the window, it is).
 */
export function naiveRepeatCountsByMonth(tickets: Record<string, string>[], windowDays: number): Map<string, RepeatCounts> {
  const byKey = new Map<string, { created: number; index: number }[]>();
  tickets.forEach((t, index) => {
    const category = t.category?.trim();
    if (!category) return;
    const key = `${t.client_id}\u0000${category}`;
    if (!byKey.has(key)) byKey.set(key, []);
    byKey.get(key)!.push({ created: Date.parse(t.created_at!), index });
  });
  const counts = new Map<string, RepeatCounts>();
  for (const group of byKey.values()) {
    group.sort((a, b) => a.created - b.created || a.index - b.index);
    group.forEach((ticket, i) => {
      const month = localMonth(ticket.created);
      if (!counts.has(month)) counts.set(month, { repeats: 0, withCategory: 0 });
      const c = counts.get(month)!;
      c.withCategory++;
      if (i > 0 && ticket.created - group[i - 1]!.created <= windowDays * DAY_MS) c.repeats++;
    });
  }
  return counts;
}

export interface NaiveRepeatQuarter {
  rate3m: number | null;
  ratePrev3m: number | null;
  /** whether each of the 3 months before the quarter sees its whole repeat window of history */
  prevCovered: boolean;
  qoqChange: number | null;
}

/**
 * Repeat rate of the 3 months ending with `month` and of the 3 months before them, each pooled
 * (Σ repeats / Σ tickets with a category); the quarter-over-quarter change rate3m / ratePrev3m − 1,
 * null when a month of the previous 3 does not see its whole repeat window of history
 * (`seesHistory`: naiveSeesRepeatHistory) or they had no repeats; the rates likewise.
 */
export function naiveRepeatQuarter(counts: Map<string, RepeatCounts>, month: string, seesHistory: (month: string) => boolean): NaiveRepeatQuarter {
  const pooled = (from: number, to: number): number | null => {
    let repeats = 0;
    let withCategory = 0;
    for (let k = from; k <= to; k++) {
      const c = counts.get(shiftMonth(month, k));
      repeats += c?.repeats ?? 0;
      withCategory += c?.withCategory ?? 0;
    }
    return withCategory > 0 ? repeats / withCategory : null;
  };
  // a window counts only when every one of its months sees its whole repeat window of history
  const covered = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => shiftMonth(month, from + i)).every(seesHistory);
  const rate3m = covered(-2, 0) ? pooled(-2, 0) : null;
  const prevCovered = covered(-5, -3);
  const ratePrev3m = prevCovered ? pooled(-5, -3) : null;
  return {
    rate3m,
    ratePrev3m,
    prevCovered,
    qoqChange: prevCovered && rate3m !== null && ratePrev3m !== null && ratePrev3m > 0 ? rate3m / ratePrev3m - 1 : null,
  };
}

export interface NaiveCohortCell {
  cohort_month: string;
  months_since: number;
  size: number;
  active: number;
  rate: number;
}

/**
 * Monthly cohort retention: a cohort is the clients whose contract started in one month from
 * `firstMonth` to `lastMonth`; for it and each month from its own to `lastMonth`, how many of them
 * are active on that month's last day (on `asOfDay` in the month that holds it).
 */
export function naiveCohorts(clients: Record<string, string>[], firstMonth: string, lastMonth: string, asOfDay: string): NaiveCohortCell[] {
  const cells: NaiveCohortCell[] = [];
  for (let cohort = firstMonth; cohort <= lastMonth; cohort = shiftMonth(cohort, 1)) {
    const members = clients.filter((c) => c.contract_start!.slice(0, 7) === cohort);
    if (members.length === 0) continue;
    for (let k = 0, month = cohort; month <= lastMonth; k++, month = shiftMonth(month, 1)) {
      const active = members.filter((c) => activeOn(c, periodEnd(month, asOfDay))).length;
      cells.push({ cohort_month: cohort, months_since: k, size: members.length, active, rate: active / members.length });
    }
  }
  return cells;
}

export interface NaiveVisitsMonth {
  total: number;
  byKind: Record<string, number>;
  onsiteHours: number;
  travelHours: number;
}

const hoursOf = (text: string | undefined, fallback: number) => (text?.trim() ? Number(text.replace(",", ".")) : fallback);

/**
 * Engineer visits dated in the month, by kind (every kind of the defaults, 0 when none), and
 * their on-site and travel hours as recorded, else the per-kind on-site default and the travel
 * default.
 */
export function naiveVisitsMonth(
  visits: Record<string, string>[],
  month: string,
  defaults: { default_onsite_hours: Record<string, number>; default_travel_hours: number },
): NaiveVisitsMonth {
  const byKind: Record<string, number> = Object.fromEntries(Object.keys(defaults.default_onsite_hours).map((kind) => [kind, 0]));
  let onsiteHours = 0;
  let travelHours = 0;
  const inMonth = visits.filter((v) => v.visited_at!.slice(0, 7) === month);
  for (const v of inMonth) {
    byKind[v.kind!] = (byKind[v.kind!] ?? 0) + 1;
    onsiteHours += hoursOf(v.onsite_hours, defaults.default_onsite_hours[v.kind!]!);
    travelHours += hoursOf(v.travel_hours, defaults.default_travel_hours);
  }
  return { total: inMonth.length, byKind, onsiteHours, travelHours };
}

export interface NaivePaymentsMonth {
  invoicesDue: number;
  onTimeRate: number | null;
  unpaidOverdue: number;
}

/**
 * Invoices due in the month and by the as-of day; the share paid on or before the due day (an
 * unpaid one is late); the count of those unpaid at the month's end (or on the as-of day when
 * earlier): unpaid invoices are judged at the end of the month, like open tickets and projects
 * (loaders/metrics/README.md), so an invoice paid late, after its month, still counts there.
 */
export function naivePaymentsMonth(payments: Record<string, string>[], month: string, asOfDay: string): NaivePaymentsMonth {
  const due = payments.filter((p) => p.due_at!.slice(0, 7) === month && p.due_at! <= asOfDay);
  const paidBy = (p: Record<string, string>, day: string) => Boolean(p.paid_at?.trim()) && p.paid_at! <= day;
  return {
    invoicesDue: due.length,
    onTimeRate: due.length > 0 ? due.filter((p) => paidBy(p, p.due_at!)).length / due.length : null,
    unpaidOverdue: due.filter((p) => !paidBy(p, periodEnd(month, asOfDay))).length,
  };
}

/**
 * Project-weeks of a month: a project is active every day from its signing to its handover (else
 * training; else the as-of day) inclusive; the working days (shortened included) it is active in
 * the month, up to the as-of day, summed over projects and divided by 5.
 */
export function naiveProjectWeeks(projects: Record<string, string>[], month: string, asOfDay: string, kinds: Map<string, DayKind>): number {
  const workingDays = daysOf(month, asOfDay).filter((date) => dayKind(kinds, date) !== "off");
  let days = 0;
  for (const p of projects) {
    const last = [p.handed_over_at || p.trained_at || asOfDay, asOfDay].sort()[0]!;
    days += workingDays.filter((date) => p.signed_at! <= date && date <= last).length;
  }
  return days / 5;
}

/** What the workload of the roles other than the support manager is computed from, for one period. */
export interface WorkloadInputs {
  /** working days of the period (the month, or its part up to the as-of day) */
  workingDays: number;
  workingDaysInMonth: number;
  activeClients: number;
  newClients: number;
  projectWeeks: number;
  visits: number;
  onsiteHours: number;
  travelHours: number;
}

export interface WorkloadNorms {
  success_manager: Record<string, number>;
  implementation_manager: Record<string, number>;
  senior_engineer: Record<string, number | Record<string, number>>;
  head: Record<string, number>;
}

/**
 * Demand hours of the success manager, implementation manager, senior engineer and head, written
 * out from the norms (weeks = working days / 5; the per-month norms — hours per client-month,
 * billing, the monthly report — scaled by the elapsed share of the month's working days):
 * МОС = active × h/client-month + new × (onboarding + trainings × h/training)
 *       + weeks × (deliveries × h/delivery + supplier requests × h/request) + billing;
 * implementation manager = project-weeks × h/project-week;
 * senior engineer = on-site + travel hours + visits × (preparation + paperwork) + weeks × consultations × h/consultation;
 * head = weeks × (team + cross-department meetings) + working days × (complex cases × h/case + SLA review) + report.
 */
export function naiveOtherRolesDemand(x: WorkloadInputs, norms: WorkloadNorms): Record<string, number> {
  const weeks = x.workingDays / 5;
  const share = x.workingDays / x.workingDaysInMonth;
  const sm = norms.success_manager;
  const se = norms.senior_engineer as Record<string, number>;
  const head = norms.head;
  return {
    success_manager:
      x.activeClients * sm.hours_per_client_month! * share +
      x.newClients * (sm.onboarding_hours_per_new_client! + sm.trainings_per_new_client! * sm.hours_per_training!) +
      weeks * (sm.deliveries_per_week! * sm.hours_per_delivery! + sm.supplier_requests_per_week! * sm.hours_per_supplier_request!) +
      sm.billing_hours_per_month! * share,
    implementation_manager: x.projectWeeks * norms.implementation_manager.hours_per_project_week!,
    senior_engineer:
      x.onsiteHours +
      x.travelHours +
      x.visits * (se.preparation_hours_per_visit! + se.paperwork_hours_per_visit!) +
      weeks * se.expert_consultations_per_week! * se.hours_per_consultation!,
    head:
      weeks * (head.team_meeting_hours_per_week! + head.cross_department_meeting_hours_per_week!) +
      x.workingDays * (head.complex_cases_per_day! * head.hours_per_complex_case! + head.sla_review_hours_per_day!) +
      head.monthly_report_hours! * share,
  };
}

export interface NaiveTrigger {
  value: number | null;
  threshold: number;
  fired: boolean | null;
  nearness: number | null;
  near: boolean | null;
}

/**
 * The scaling triggers of a month from its values: tickets created ≥ 400 × support managers;
 * active clients ≥ 400 × МОС or active clients per МОС > 300 (nearness: the larger of the two
 * ratios); projects signed ≥ 7 × engineers; implementation manager utilization > 1.0. Nearness =
 * value / threshold; near = not fired and nearness ≥ `nearFrom`; all null without a value.
 */
export function naiveTriggers(
  values: { tickets: number; activeClients: number; projectsSigned: number; implementationUtilization: number | null },
  triggers: Record<string, { threshold: number; clients_per_manager_max?: number }>,
  headcount: Record<string, number>,
  nearFrom: number,
): Record<string, NaiveTrigger> {
  const make = (value: number | null, threshold: number, fired: (v: number) => boolean, nearness: (v: number) => number): NaiveTrigger => {
    if (value === null) return { value, threshold, fired: null, nearness: null, near: null };
    const n = nearness(value);
    return { value, threshold, fired: fired(value), nearness: n, near: !fired(value) && n >= nearFrom };
  };
  const support = triggers.second_support_manager!.threshold * headcount.support_manager!;
  const success = triggers.second_success_manager!.threshold * headcount.success_manager!;
  const perManagerMax = triggers.second_success_manager!.clients_per_manager_max!;
  const engineers = triggers.second_engineer!.threshold * headcount.senior_engineer!;
  // utilization is already per person of the role, so its threshold is not multiplied
  const assistant = triggers.implementation_assistant!.threshold;
  return {
    second_support_manager: make(values.tickets, support, (v) => v >= support, (v) => v / support),
    second_success_manager: make(
      values.activeClients,
      success,
      (v) => v >= success || v / headcount.success_manager! > perManagerMax,
      (v) => Math.max(v / success, v / headcount.success_manager! / perManagerMax),
    ),
    second_engineer: make(values.projectsSigned, engineers, (v) => v >= engineers, (v) => v / engineers),
    implementation_assistant: make(values.implementationUtilization, assistant, (v) => v > assistant, (v) => v / assistant),
  };
}
