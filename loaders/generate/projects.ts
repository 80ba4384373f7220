/**
 * Implementation projects: ~5 signed a month, audit → installation → commissioning → training →
 * handover over 3–4 weeks, due 28 days after signing. Most bring a new client.
 */
import type { Context } from "./options.ts";
import type { Rng } from "./rng.ts";
import { formatDay, weekday } from "./time.ts";
import type { Segment } from "./names.ts";

export interface ProjectPlan {
  signedDay: number;
  /** the project brings a new client (its contract starts on signedDay) */
  newClient: boolean;
  segment: Segment;
  /** set when clients are built */
  clientIndex: number;
}

export interface Project extends ProjectPlan {
  id: string;
  dueDay: number;
  auditDay: number;
  installedDay: number;
  commissionedDay: number;
  trainedDay: number;
  handedOverDay: number;
  criticalRemarks: number;
  /** training given on site (an engineer visit) rather than remotely */
  onsiteTraining: boolean;
}

/** share of projects whose training waits for the client (most of them finish after the due date) */
const LATE_TRAINING_SHARE = 0.06;
const MONTHLY_DELTA_WEIGHTS = [0.05, 0.2, 0.4, 0.25, 0.1]; // −2 … +2 around 5
const PROJECT_SEGMENT_WEIGHTS: [Segment, number][] = [
  ["residential", 50],
  ["cottage", 24],
  ["business_center", 12],
  ["industrial", 7],
  ["other", 7],
];
const NEW_CLIENT_SHARE = 0.8;

/** Signing dates and new/existing client decisions, before the client roster exists. */
export function planProjects(context: Context, rng: Rng): ProjectPlan[] {
  const plans: ProjectPlan[] = [];
  const maxNewClients = Math.floor(context.options.clients * 0.45);
  let newClients = 0;
  for (const span of context.months) {
    const count = 5 + rng.weightedIndex(MONTHLY_DELTA_WEIGHTS) - 2;
    const workdays: number[] = [];
    for (let d = span.firstDay; d < span.firstDay + span.fullDays; d++) if (weekday(d) < 5) workdays.push(d);
    const days: number[] = [];
    for (let i = 0; i < count; i++) days.push(rng.pick(workdays));
    days.sort((a, b) => a - b);
    for (const signedDay of days) {
      const segment = PROJECT_SEGMENT_WEIGHTS[rng.weightedIndex(PROJECT_SEGMENT_WEIGHTS.map(([, w]) => w))]![0];
      const wantsNew = rng.chance(NEW_CLIENT_SHARE);
      if (signedDay > context.asOfDay) continue;
      const newClient = wantsNew && newClients < maxNewClients;
      if (newClient) newClients++;
      plans.push({ signedDay, newClient, segment, clientIndex: -1 });
    }
  }
  return plans;
}

/** Stage dates of every planned project (clients already assigned). */
export function scheduleProjects(context: Context, rng: Rng, plans: ProjectPlan[]): Project[] {
  const { clock } = context;
  return plans.map((plan, i) => {
    const auditDay = clock.nextWorkday(plan.signedDay + rng.int(2, 5));
    const equipmentDelayDays = rng.chance(0.1) ? rng.int(7, 14) : 0;
    const installedDay = clock.nextWorkday(auditDay + rng.int(3, 7) + equipmentDelayDays);
    const commissionedDay = clock.nextWorkday(installedDay + rng.int(1, 3));
    // now and then the client is not ready for training (staff, access to the site): the project runs late
    const clientDelayDays = rng.chance(LATE_TRAINING_SHARE) ? rng.int(8, 20) : 0;
    const trainedDay = clock.nextWorkday(commissionedDay + rng.int(1, 3) + clientDelayDays);
    const handedOverDay = clock.nextWorkday(trainedDay + (rng.chance(0.08) ? rng.int(9, 12) : rng.int(4, 9)));
    const remarksDraw = rng.next();
    return {
      ...plan,
      id: `PRJ-${String(i + 1).padStart(4, "0")}`,
      dueDay: plan.signedDay + 28,
      auditDay,
      installedDay,
      commissionedDay,
      trainedDay,
      handedOverDay,
      criticalRemarks: remarksDraw < 0.85 ? 0 : remarksDraw < 0.97 ? 1 : 2,
      onsiteTraining: rng.chance(0.6),
    };
  });
}

/** A stage date as written: empty when it lies after the as-of date (project still in progress). */
function stage(context: Context, day: number): string {
  return day <= context.asOfDay ? formatDay(day) : "";
}

export function projectFields(context: Context, project: Project, clientId: string): string[] {
  const handedOver = project.handedOverDay <= context.asOfDay;
  return [
    project.id,
    clientId,
    formatDay(project.signedDay),
    formatDay(project.dueDay),
    stage(context, project.auditDay),
    stage(context, project.installedDay),
    stage(context, project.commissionedDay),
    stage(context, project.trainedDay),
    stage(context, project.handedOverDay),
    handedOver ? String(project.criticalRemarks) : "",
  ];
}
