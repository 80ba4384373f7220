/**
 * The client roster: clients before the period, new clients from implementation projects,
 * churn of about 2 % a year (about a third of it from clients signed during the period, so the
 * cohort retention has something to show), and exactly `options.clients` active on the as-of date.
 */
import type { Context } from "./options.ts";
import type { ProjectPlan } from "./projects.ts";
import type { Rng } from "./rng.ts";
import { formatDay } from "./time.ts";
import { HTML_CLIENT_NAME, STAFF, uniqueClientName, type Segment } from "./names.ts";

export interface Client {
  id: string;
  name: string;
  segment: Segment;
  contractStartDay: number;
  /** churned_at, or null while active */
  churnDay: number | null;
  mrrRub: number;
  manager: string;
  /** relative ticket volume */
  ticketWeight: number;
  /** first day tickets can come from the client (go-live of new clients) */
  ticketsFromDay: number;
  /** on a quarterly maintenance contract (engineer visits) */
  maintenance: boolean;
  /** probability an invoice is paid by its due date */
  onTimePayment: number;
}

const SEGMENT_WEIGHTS: [Segment, number][] = [
  ["residential", 45],
  ["cottage", 24],
  ["business_center", 14],
  ["industrial", 8],
  ["other", 9],
];
const MRR_MEDIAN_RUB: Record<Segment, number> = {
  residential: 9000,
  cottage: 6500,
  business_center: 15000,
  industrial: 22000,
  other: 5000,
};
const TICKET_FACTOR: Record<Segment, number> = {
  residential: 1.2,
  cottage: 0.9,
  business_center: 0.8,
  industrial: 1.0,
  other: 0.7,
};
const MAINTENANCE_SHARE: Record<Segment, number> = {
  residential: 0.12,
  cottage: 0.1,
  business_center: 0.6,
  industrial: 0.7,
  other: 0.1,
};
const ANNUAL_CHURN = 0.02;
/** share of the churn that comes from clients signed during the period (a start that did not take) */
const EARLY_CHURN_SHARE = 0.35;
/** an early leaver stays at least this long after its contract start and its last project's signing */
const EARLY_CHURN_MIN_DAYS = 90;
const HISTORY_BEFORE_PERIOD_DAYS = 6 * 365;

function drawSegment(rng: Rng): Segment {
  return SEGMENT_WEIGHTS[rng.weightedIndex(SEGMENT_WEIGHTS.map(([, w]) => w))]![0];
}

function drawMrr(rng: Rng, segment: Segment): number {
  const value = Math.max(2500, Math.round(rng.lognormal(MRR_MEDIAN_RUB[segment], 0.45) / 100) * 100);
  return rng.chance(0.08) ? value - 0.5 : value;
}

function drawManager(rng: Rng): string {
  const x = rng.next();
  return x < 0.92 ? STAFF.successManager : x < 0.97 ? STAFF.head : "";
}

interface Draft extends Omit<Client, "id"> {
  order: number;
}

/**
 * Builds the roster and assigns every project plan a client (new or existing).
 * Client ids follow the contract start (C-0001 is the oldest client).
 */
export function buildClients(context: Context, rng: Rng, plans: ProjectPlan[]): Client[] {
  const { options, periodStartDay, asOfDay } = context;
  const newCount = plans.filter((p) => p.newClient).length;
  const periodDays = asOfDay + 1 - periodStartDay;
  const churnCount = Math.max(1, Math.round(ANNUAL_CHURN * (options.clients - newCount / 2) * (periodDays / 365)));
  const initialCount = options.clients + churnCount - newCount;
  const names = new Set<string>([HTML_CLIENT_NAME]);
  const drafts: Draft[] = [];

  const makeDraft = (segment: Segment, contractStartDay: number, goLiveDays: number): Draft => ({
    order: drafts.length,
    name: uniqueClientName(rng, segment, names),
    segment,
    contractStartDay,
    churnDay: null,
    mrrRub: drawMrr(rng, segment),
    manager: drawManager(rng),
    ticketWeight: rng.lognormal(1, 0.6) * TICKET_FACTOR[segment],
    ticketsFromDay: contractStartDay + goLiveDays,
    maintenance: rng.chance(MAINTENANCE_SHARE[segment]),
    onTimePayment: rng.chance(0.1) ? 0.75 : 0.98,
  });

  for (let i = 0; i < initialCount; i++) {
    // more recent contracts are more frequent: the department has been growing
    const daysBefore = 1 + Math.floor(HISTORY_BEFORE_PERIOD_DAYS * Math.pow(rng.next(), 1.6));
    drafts.push(makeDraft(drawSegment(rng), periodStartDay - daysBefore, 0));
  }
  const initial = drafts.slice();

  // churn: a few pre-period clients leave during the period; the early leavers (new clients) are
  // chosen once the projects have their clients, below
  const earlyChurnCount = Math.round(churnCount * EARLY_CHURN_SHARE);
  const churnCandidates = rng.shuffle(initial.slice()).slice(0, churnCount - earlyChurnCount);
  for (const draft of churnCandidates) draft.churnDay = rng.int(periodStartDay + 10, asOfDay - 3);

  // the HTML-named client: an active pre-period residential client (or any active one)
  const htmlClient =
    initial.find((d) => d.churnDay === null && d.segment === "residential" && d.order >= 4) ??
    initial.find((d) => d.churnDay === null)!;
  names.delete(htmlClient.name);
  htmlClient.name = HTML_CLIENT_NAME;

  for (const plan of plans) {
    if (plan.newClient) {
      const draft = makeDraft(plan.segment, plan.signedDay, 10);
      plan.clientIndex = draft.order;
      drafts.push(draft);
    } else {
      const candidates = drafts.filter(
        (d) => d.contractStartDay < plan.signedDay - 30 && (d.churnDay === null || d.churnDay > plan.signedDay + 60),
      );
      plan.clientIndex = rng.pick(candidates).order;
    }
  }

  const lastSignedDay = lastSignedDayByClient(plans);
  const earlyChurned = churnAfterProjects(rng, drafts.slice(initial.length), lastSignedDay, earlyChurnCount, asOfDay);
  // too few new clients old enough (a short period): the rest of the churn comes from the others
  const stillActive = initial.filter((d) => d.churnDay === null && d !== htmlClient);
  churnAfterProjects(rng, stillActive, lastSignedDay, earlyChurnCount - earlyChurned, asOfDay);

  const sorted = drafts.slice().sort((a, b) => a.contractStartDay - b.contractStartDay || a.order - b.order);
  const width = Math.max(4, String(sorted.length).length);
  const indexByOrder = new Map<number, number>();
  const clients = sorted.map((draft, index) => {
    indexByOrder.set(draft.order, index);
    const { order: _order, ...rest } = draft;
    return { id: `C-${String(index + 1).padStart(width, "0")}`, ...rest };
  });
  for (const plan of plans) plan.clientIndex = indexByOrder.get(plan.clientIndex)!;
  return clients;
}

/** The signing day of each client's last project (by draft order). */
function lastSignedDayByClient(plans: readonly ProjectPlan[]): Map<number, number> {
  const days = new Map<number, number>();
  for (const plan of plans) days.set(plan.clientIndex, Math.max(days.get(plan.clientIndex) ?? -Infinity, plan.signedDay));
  return days;
}

/**
 * Marks `count` of the candidates as churned, each at least EARLY_CHURN_MIN_DAYS after its contract
 * start and after the signing of its last project (so no project of a later date needs it). Fewer
 * when too few candidates are old enough; returns how many.
 */
function churnAfterProjects(rng: Rng, candidates: Draft[], lastSignedDay: ReadonlyMap<number, number>, count: number, asOfDay: number): number {
  if (count <= 0) return 0;
  const earliestChurnDay = (d: Draft) => Math.max(d.contractStartDay, lastSignedDay.get(d.order) ?? -Infinity) + EARLY_CHURN_MIN_DAYS;
  const leavers = rng.shuffle(candidates.filter((d) => earliestChurnDay(d) <= asOfDay - 3)).slice(0, count);
  for (const draft of leavers) draft.churnDay = rng.int(earliestChurnDay(draft), asOfDay - 3);
  return leavers.length;
}

export function isActiveOn(client: Client, day: number): boolean {
  return client.contractStartDay <= day && (client.churnDay === null || day < client.churnDay);
}

export function formatMoney(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(2);
}

export function clientFields(client: Client): string[] {
  return [
    client.id,
    client.name,
    client.segment,
    formatDay(client.contractStartDay),
    client.churnDay === null ? "" : formatDay(client.churnDay),
    formatMoney(client.mrrRub),
    client.manager,
  ];
}
