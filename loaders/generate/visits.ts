/**
 * Senior engineer visits: audit, installation, commissioning and on-site training of the
 * projects; quarterly maintenance for clients on a maintenance contract; emergency call-outs
 * a day or two after emergency tickets. 25–35 a month in total.
 */
import { isActiveOn, type Client } from "./clients.ts";
import { STAFF } from "./names.ts";
import type { Context } from "./options.ts";
import type { Project } from "./projects.ts";
import type { Rng } from "./rng.ts";
import { civilFromDays, formatDay } from "./time.ts";

export type VisitKind = "audit" | "installation" | "commissioning" | "maintenance" | "emergency" | "training";

export interface Visit {
  id: string;
  engineer: string;
  day: number;
  clientIndex: number;
  projectId: string;
  kind: VisitKind;
  onsiteHours: number;
  travelHours: number;
}

const ONSITE_HOURS: Record<VisitKind, number> = {
  audit: 3,
  installation: 6,
  commissioning: 4,
  maintenance: 2,
  emergency: 2,
  training: 2,
};
/** the engineer's summer vacation: the backup engineer goes instead */
const VACATION = { month: 7, fromDay: 7, toDay: 20 };

function engineerOn(day: number): string {
  const { month, day: dayOfMonth } = civilFromDays(day);
  return month === VACATION.month && dayOfMonth >= VACATION.fromDay && dayOfMonth <= VACATION.toDay
    ? STAFF.backupEngineer
    : STAFF.engineer;
}

function roundTo(value: number, step: number): number {
  return Math.round(value / step) * step;
}

export function generateVisits(
  context: Context,
  rng: Rng,
  clients: readonly Client[],
  projects: readonly Project[],
  emergencyTickets: readonly { clientIndex: number; day: number }[][],
): Visit[] {
  const { clock, asOfDay } = context;
  const drafts: Omit<Visit, "id" | "engineer" | "onsiteHours" | "travelHours">[] = [];

  for (const project of projects) {
    const stages: [VisitKind, number][] = [
      ["audit", project.auditDay],
      ["installation", project.installedDay],
      ["commissioning", project.commissionedDay],
    ];
    if (project.onsiteTraining) stages.push(["training", project.trainedDay]);
    for (const [kind, day] of stages) {
      if (day <= asOfDay) drafts.push({ day, clientIndex: project.clientIndex, projectId: project.id, kind });
    }
  }

  const maintenanceClients = clients.map((c, i) => (c.maintenance ? i : -1)).filter((i) => i >= 0);
  let maintenanceCursor = 0;
  context.months.forEach((span, monthIndex) => {
    const workdays: number[] = [];
    for (let d = span.firstDay; d < span.endDay; d++) if (clock.isWorkday(d)) workdays.push(d);
    if (workdays.length === 0) return;
    const elapsedShare = (span.endDay - span.firstDay) / span.fullDays;
    const projectVisits = drafts.filter((v) => v.day >= span.firstDay && v.day < span.firstDay + span.fullDays).length;

    // emergency call-outs follow emergency tickets by one or two workdays
    // (fewer when project work already fills the month: the engineer makes at most ~35 trips)
    const emergencyCount = Math.min(rng.int(2, 4), Math.max(1, 35 - projectVisits));
    const sources = rng.shuffle(emergencyTickets[monthIndex]!.slice());
    let emergencyVisits = 0;
    for (const source of sources) {
      if (emergencyVisits >= emergencyCount) break;
      const day = clock.nextWorkday(source.day + rng.int(1, 2));
      if (day > asOfDay || !isActiveOn(clients[source.clientIndex]!, day)) continue;
      drafts.push({ day, clientIndex: source.clientIndex, projectId: "", kind: "emergency" });
      emergencyVisits++;
    }

    const target = rng.int(26, 34);
    const maintenanceCount = Math.round(Math.max(0, target - projectVisits - emergencyCount) * elapsedShare);
    for (let k = 0, tries = 0; k < maintenanceCount && tries < maintenanceClients.length * 2; tries++) {
      const clientIndex = maintenanceClients[maintenanceCursor++ % maintenanceClients.length]!;
      const day = rng.pick(workdays);
      if (!isActiveOn(clients[clientIndex]!, day)) continue;
      drafts.push({ day, clientIndex, projectId: "", kind: "maintenance" });
      k++;
    }
  });

  drafts.sort((a, b) => a.day - b.day || a.clientIndex - b.clientIndex || (a.kind < b.kind ? -1 : a.kind > b.kind ? 1 : 0));
  return drafts.map((draft, i) => ({
    ...draft,
    id: `V-${String(i + 1).padStart(5, "0")}`,
    engineer: engineerOn(draft.day),
    onsiteHours: Math.max(0.5, roundTo(rng.lognormal(ONSITE_HOURS[draft.kind], 0.25), 0.5)),
    travelHours: Math.min(4.5, Math.max(0.25, roundTo(rng.lognormal(1.25, 0.45), 0.25))),
  }));
}

export function visitFields(visit: Visit, clientId: string): string[] {
  return [
    visit.id,
    visit.engineer,
    formatDay(visit.day),
    clientId,
    visit.projectId,
    visit.kind,
    String(visit.onsiteHours),
    String(visit.travelHours),
  ];
}
