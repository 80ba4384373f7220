/**
 * Step 1 of a run of the staffing model: clients month by month (new from projects or on the way
 * to a target, churn) and the implementation projects' hours and project-days, including the
 * projects started before the horizon that still run into it.
 */
import type { PreparedModel } from "./model.js";
import type { Rng } from "./prng.js";
import type { RunWorkspace } from "./run-workspace.js";
import { drawCount } from "./dispersed-counts.js";

/**
 * Adds `days` days of one implementation project from day `startDay` of month `month` on to the
 * workspace's implementation hours and project-days (the project's hours spread evenly over its
 * `weeks` × 7 days; the part after the horizon is dropped).
 */
function spreadProject(model: PreparedModel, ws: RunWorkspace, month: number, startDay: number, days: number): void {
  const hoursPerDay = model.scenario.projects.implementationHoursPerProjectWeek / 7;
  let left = days;
  let day = startDay;
  for (let mm = month; left > 0 && mm < model.horizon; mm++) {
    const room = model.monthCalendarDays[mm]! - day;
    const used = left < room ? left : room;
    ws.implHours[mm]! += hoursPerDay * used;
    ws.projectDays[mm]! += used;
    left -= used;
    day = 0;
  }
}

/** Clients (average, end, new) and projects per month into the workspace. */
export function drawClientsAndProjects(model: PreparedModel, rng: Rng, ws: RunWorkspace): void {
  const s = model.scenario;
  const { clientsAvg, clientsEnd, newClients, projects } = ws;
  ws.implHours.fill(0);
  ws.projectDays.fill(0);
  let clients = s.clients.initial;
  for (let m = 0; m < model.horizon; m++) {
    const p = drawCount(rng, ws.run.projectsPerMonth, ws.run.projectDispersion);
    projects[m] = p;
    let added: number;
    if (s.clients.growth.mode === "target") {
      const growth = m <= model.targetMonthIndex ? model.targetNewPerMonth : 0;
      added = rng.poisson(growth + clients * s.clients.churnRatePerMonth);
    } else {
      added = s.clients.newClientsPerProject === 1 ? p : rng.poisson(p * s.clients.newClientsPerProject);
    }
    const churned = rng.binomial(Math.round(clients), s.clients.churnRatePerMonth);
    const end = Math.max(0, clients + added - churned);
    newClients[m] = added;
    clientsAvg[m] = (clients + end) / 2;
    clientsEnd[m] = end;
    clients = end;
    // implementation hours: each project starts on a uniform day and runs `weeks` weeks
    for (let j = 0; j < p; j++) spreadProject(model, ws, m, rng.uniform() * model.monthCalendarDays[m]!, s.projects.weeks * 7);
  }
  drawPreHorizonProjects(model, rng, ws);
}

/**
 * Projects started before the horizon at the same rate are still running in its first months
 * (without them the first month would begin with no project in progress: a cold start).
 */
function drawPreHorizonProjects(model: PreparedModel, rng: Rng, ws: RunWorkspace): void {
  const s = model.scenario;
  const pre = model.preHorizonMonthDays;
  let daysAfterMonth = 0; // days from the end of month −(k+1) to the horizon's start
  for (let k = 0; k < pre.length; k++) {
    const p = drawCount(rng, ws.run.projectsPerMonth, ws.run.projectDispersion);
    for (let j = 0; j < p; j++) {
      const daysBeforeHorizon = pre[k]! - rng.uniform() * pre[k]! + daysAfterMonth;
      const left = s.projects.weeks * 7 - daysBeforeHorizon;
      if (left > 0) spreadProject(model, ws, 0, 0, left);
    }
    daysAfterMonth += pre[k]!;
  }
}
