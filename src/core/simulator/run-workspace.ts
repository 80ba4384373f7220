/** Scratch memory of one simulation of the staffing model, reused by every run. */
import { AbsenceWorkspace } from "./absences.js";
import { TicketBuffers } from "./buffers.js";
import { CapacityClock } from "./capacity-clock.js";
import { QueueWorkspace } from "./queue.js";
import type { RunParameters } from "./run-parameters.js";
import { SlowedDays } from "./slowed-days.js";

/** months of the longest horizon (scenario bounds: horizonMonths ≤ 36) */
const MAX_MONTHS = 36;

export class RunWorkspace {
  buffers = new TicketBuffers();
  queue = new QueueWorkspace();
  clientsAvg = new Float64Array(MAX_MONTHS);
  clientsEnd = new Float64Array(MAX_MONTHS);
  newClients = new Float64Array(MAX_MONTHS);
  projects = new Float64Array(MAX_MONTHS);
  implHours = new Float64Array(MAX_MONTHS + 1);
  projectDays = new Float64Array(MAX_MONTHS + 1);
  /** index after the last ticket of each month (tickets are drawn in month order) */
  monthEnd = new Int32Array(MAX_MONTHS);
  /** per month × priority: tickets, SLA met, resolved within the calendar limit */
  count = new Float64Array(MAX_MONTHS * 3);
  met = new Float64Array(MAX_MONTHS * 3);
  withinLimit = new Float64Array(MAX_MONTHS * 3);
  responseMet = new Float64Array(MAX_MONTHS);
  waitSum = new Float64Array(MAX_MONTHS);
  effortSum = new Float64Array(MAX_MONTHS);
  backlog = new Float64Array(MAX_MONTHS);
  absences = new AbsenceWorkspace();
  roleHours = new Float64Array(4);
  clock = new CapacityClock();
  slowed = new SlowedDays();
  /** the draw of the arrivals wrote each priority's list into queue (priority-lists.ts) */
  listsDrawn = false;
  /** the run's draw of the parameters measured with a spread (run-parameters.ts); set first in every run */
  run: RunParameters = { ticketElasticity: 1, seasonFactor: new Float64Array(MAX_MONTHS).fill(1), projectsPerMonth: 0, projectDispersion: 1, visitDispersion: 1 };
}
