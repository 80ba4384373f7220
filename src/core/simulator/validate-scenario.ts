/**
 * The engine's own check of a scenario's numbers (the documented bounds are in
 * scenario-bounds.ts): every message names the field.
 */
import { parseMonth } from "../months.js";
import { PRIORITY_NAMES, PROJECT_VISIT_KINDS, SIM_ROLES, type Scenario } from "./types.js";

function assertFinite(value: number, name: string, min = 0): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min) {
    throw new RangeError(`сценарий: поле ${name} должно быть числом ≥ ${min}, получено ${JSON.stringify(value)}`);
  }
}

function assertProfile(values: number[], length: number, name: string): void {
  if (!Array.isArray(values) || values.length !== length) throw new RangeError(`сценарий: ${name} должен содержать ${length} чисел`);
  values.forEach((v, i) => assertFinite(v, `${name}[${i}]`));
  if (!values.some((v) => v > 0)) throw new RangeError(`сценарий: в ${name} нет ни одного положительного значения`);
}

function validateDemand(s: Scenario): void {
  assertFinite(s.clients.initial, "clients.initial");
  assertFinite(s.clients.churnRatePerMonth, "clients.churnRatePerMonth");
  if (s.clients.churnRatePerMonth > 1) throw new RangeError("сценарий: clients.churnRatePerMonth должен быть ≤ 1");
  assertFinite(s.clients.newClientsPerProject, "clients.newClientsPerProject");
  if (s.clients.growth.mode === "target") {
    assertFinite(s.clients.growth.target, "clients.growth.target");
    parseMonth(s.clients.growth.byMonth);
  }
  assertFinite(s.tickets.perClientMonth, "tickets.perClientMonth");
  for (const p of PRIORITY_NAMES) assertFinite(s.tickets.priorityMix[p], `tickets.priorityMix.${p}`);
  if (!(PRIORITY_NAMES.reduce((a, p) => a + s.tickets.priorityMix[p], 0) > 0)) throw new RangeError("сценарий: сумма tickets.priorityMix должна быть > 0");
  assertProfile(s.tickets.weekdayProfile, 7, "tickets.weekdayProfile");
  assertProfile(s.tickets.hourProfile, 24, "tickets.hourProfile");
  assertProfile(s.tickets.seasonalProfile, 12, "tickets.seasonalProfile");
  assertFinite(s.tickets.holidayFactor, "tickets.holidayFactor");
  for (const p of PRIORITY_NAMES) {
    if (s.effort.distribution === "lognormal") {
      assertFinite(s.effort.byPriority[p].mu, `effort.byPriority.${p}.mu`, -50);
      assertFinite(s.effort.byPriority[p].sigma, `effort.byPriority.${p}.sigma`);
    } else {
      assertFinite(s.effort.meanMinutes[p], `effort.meanMinutes.${p}`);
    }
  }
}

function validateStaffAndWork(s: Scenario): void {
  for (const r of SIM_ROLES) assertFinite(s.staff[r], `staff.${r}`);
  if (!(s.staff.support_manager >= 1)) throw new RangeError("сценарий: staff.support_manager должен быть ≥ 1");
  for (const [i, h] of s.hires.entries()) {
    if (!SIM_ROLES.includes(h.role)) throw new RangeError(`сценарий: hires[${i}].role «${h.role}» — неизвестная роль`);
    parseMonth(h.month);
  }
  assertFinite(s.productiveShare, "productiveShare");
  if (!(s.productiveShare > 0 && s.productiveShare <= 1)) throw new RangeError("сценарий: productiveShare должен быть в (0; 1]");
  assertFinite(s.projects.perMonth, "projects.perMonth");
  assertFinite(s.projects.weeks, "projects.weeks");
  assertFinite(s.projects.implementationHoursPerProjectWeek, "projects.implementationHoursPerProjectWeek");
  for (const k of PROJECT_VISIT_KINDS) assertFinite(s.projects.visitsPerProject[k], `projects.visitsPerProject.${k}`);
  assertFinite(s.maintenanceVisitsPerClientPerQuarter, "maintenanceVisitsPerClientPerQuarter");
  assertFinite(s.emergencyVisitsPerEmergencyTicket, "emergencyVisitsPerEmergencyTicket");
  assertFinite(s.hiring.leadTimeMonths, "hiring.leadTimeMonths");
  assertFinite(s.hiring.rampUpMonths, "hiring.rampUpMonths");
  assertFinite(s.hiring.slaMissProbabilityThreshold, "hiring.slaMissProbabilityThreshold");
}

/** Check a scenario's numbers; the message names the field. */
export function validateScenario(s: Scenario): void {
  parseMonth(s.startMonth);
  if (!Number.isInteger(s.horizonMonths) || s.horizonMonths < 1 || s.horizonMonths > 36) {
    throw new RangeError(`сценарий: горизонт horizonMonths должен быть целым от 1 до 36, получено ${s.horizonMonths}`);
  }
  validateDemand(s);
  validateStaffAndWork(s);
}
