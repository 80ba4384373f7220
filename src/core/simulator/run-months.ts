/**
 * Step 5 of a run of the staffing model: the month rows — the support queue's metrics from the
 * outcome tallies, clients and projects, each role's hours and utilization (demand / (staff ×
 * norm hours × productive share), as the workload KPI), the engineer's visits and the absences.
 */
import { writeAbsenceMonth } from "./absences.js";
import { drawCount } from "./dispersed-counts.js";
import { capacityHours, onboardingHours, utilizationOf, weeklyTaskHours } from "../workload.js";
import { METRIC_COUNT, type PreparedModel } from "./model.js";
import type { Rng } from "./prng.js";
import type { RunWorkspace } from "./run-workspace.js";
import { MONTH_METRICS, PROJECT_VISIT_KINDS, type MonthMetric } from "./types.js";

const M = Object.fromEntries(MONTH_METRICS.map((name, i) => [name, i])) as Record<MonthMetric, number>;

/** The support queue's metrics of month m at `o`; returns the month's emergency tickets. */
function writeQueueMonth(model: PreparedModel, ws: RunWorkspace, m: number, out: Float64Array, o: number): number {
  const { count, met, withinLimit, responseMet, waitSum, backlog } = ws;
  const ce = count[m * 3]!;
  const cs = count[m * 3 + 1]!;
  const cc = count[m * 3 + 2]!;
  const total = ce + cs + cc;
  out[o + M.tickets] = total;
  out[o + M.tickets_emergency] = ce;
  const comp0 = ce > 0 ? met[m * 3]! / ce : Number.NaN;
  const comp1 = cs > 0 ? met[m * 3 + 1]! / cs : Number.NaN;
  const comp2 = cc > 0 ? met[m * 3 + 2]! / cc : Number.NaN;
  out[o + M.sla_emergency] = comp0;
  out[o + M.sla_standard] = comp1;
  out[o + M.sla_consultation] = comp2;
  out[o + M.response_emergency] = ce > 0 ? responseMet[m]! / ce : Number.NaN;
  out[o + M.limit_standard] = cs > 0 ? withinLimit[m * 3 + 1]! / cs : Number.NaN;
  out[o + M.limit_consultation] = cc > 0 ? withinLimit[m * 3 + 2]! / cc : Number.NaN;
  const ct = model.complianceTarget;
  const mp = model.slaMissPriority;
  const missed = (mp[0] === 1 && comp0 < ct[0]!) || (mp[1] === 1 && comp1 < ct[1]!) || (mp[2] === 1 && comp2 < ct[2]!);
  out[o + M.sla_missed] = missed ? 1 : 0;
  out[o + M.mean_wait_minutes] = total > 0 ? waitSum[m]! / total : Number.NaN;
  out[o + M.backlog] = backlog[m]!;
  return ce;
}

/** The engineer's visits of month m (drawn) and their hours at `o`; returns the hours. */
function writeEngineerMonth(model: PreparedModel, rng: Rng, ws: RunWorkspace, m: number, emergencyTickets: number, out: Float64Array, o: number): number {
  const s = model.scenario;
  const hpv = s.engineer.hoursPerVisit;
  let visits = 0;
  const dispersion = ws.run.visitDispersion;
  let hours = weeklyTaskHours(1, s.engineer.hoursPerWeek, model.monthWorkingDays[m]!) + s.engineer.fixedHoursPerMonth;
  for (const kind of PROJECT_VISIT_KINDS) {
    const v = drawCount(rng, ws.projects[m]! * s.projects.visitsPerProject[kind], dispersion);
    visits += v;
    hours += v * hpv[kind];
  }
  const maintenance = drawCount(rng, (ws.clientsAvg[m]! * s.maintenanceVisitsPerClientPerQuarter) / 3, dispersion);
  const emergencies = drawCount(rng, emergencyTickets * s.emergencyVisitsPerEmergencyTicket, dispersion);
  visits += maintenance + emergencies;
  hours += maintenance * hpv.maintenance + emergencies * hpv.emergency;
  out[o + M.engineer_visits] = visits;
  out[o + M.engineer_hours] = hours;
  return hours;
}

/** The workload KPI's utilization (src/core/workload.ts) as a run value: NaN where the role has no capacity. */
function utilization(demandHours: number, capacity: number): number {
  return utilizationOf(demandHours, capacity) ?? Number.NaN;
}

/** Month m's row: METRIC_COUNT values at `offset + m × METRIC_COUNT`. */
function writeMonth(model: PreparedModel, rng: Rng, ws: RunWorkspace, m: number, out: Float64Array, offset: number): void {
  const s = model.scenario;
  const ms = s.successManager;
  const productive = s.productiveShare;
  const o = offset + m * METRIC_COUNT;
  const workHours = model.monthStaffNormMinutes[m]! / 60;
  const ce = writeQueueMonth(model, ws, m, out, o);
  const { clientsAvg, clientsEnd, newClients, projects, implHours, effortSum } = ws;
  out[o + M.active_clients] = clientsEnd[m]!;
  const successStaff = model.staff.success_manager[m]!;
  out[o + M.clients_per_success_manager] = successStaff > 0 ? clientsEnd[m]! / successStaff : Number.NaN;
  out[o + M.projects] = projects[m]!;
  out[o + M.concurrent_projects] = ws.projectDays[m]! / model.monthCalendarDays[m]!;
  out[o + M.util_support_manager] = utilization(effortSum[m]! / 60, capacityHours(workHours, productive, model.staff.support_manager[m]!));
  const successHours =
    clientsAvg[m]! * ms.hoursPerClientMonth +
    onboardingHours(newClients[m]!, ms.onboardingHoursPerNewClient, ms.trainingsPerNewClient, ms.hoursPerTraining) +
    weeklyTaskHours(1, ms.hoursPerWeek, model.monthWorkingDays[m]!) +
    ms.fixedHoursPerMonth;
  out[o + M.util_success_manager] = utilization(successHours, capacityHours(workHours, productive, successStaff));
  const implStaff = model.staff.implementation_manager[m]!;
  out[o + M.util_implementation_manager] = utilization(implHours[m]!, capacityHours(workHours, productive, implStaff));
  const hours = writeEngineerMonth(model, rng, ws, m, ce, out, o);
  const engineers = model.staff.senior_engineer[m]!;
  out[o + M.util_senior_engineer] = utilization(hours, capacityHours(workHours, productive, engineers));
  // absent days, the head's cover and each role's load on the time of those at work (absences.ts)
  const roleHours = ws.roleHours;
  roleHours[0] = effortSum[m]! / 60;
  roleHours[1] = successHours;
  roleHours[2] = implHours[m]!;
  roleHours[3] = hours;
  writeAbsenceMonth(model.absences, ws.absences, m, model.staff, model.monthStaffNormMinutes[m]!, productive, roleHours, out, o);
}

/** Every month row of the run into `out` at `offset` (month-major). */
export function writeMonthRows(model: PreparedModel, rng: Rng, ws: RunWorkspace, out: Float64Array, offset: number): void {
  for (let m = 0; m < model.horizon; m++) writeMonth(model, rng, ws, m, out, offset);
}
