/**
 * The support queue with one agent (the department's usual case): the same queue as queue.ts
 * (priority order, FIFO within a priority, optional preemption by emergencies, the agent busy until
 * `agentFrom`), event for event and tie for tie, stepped from service to service. Each priority's
 * tickets in arrival order are its queue: when the agent gets free at F, it takes the head of the
 * first priority whose head arrived before F; with none waiting, the next ticket to arrive. A
 * non-emergency in work is interrupted when the next emergency arrives before it ends, and goes
 * back to the head of its queue. With `slowed`, the times are business minutes and the work is
 * done at the slowed days' rates (slowed-days.ts). The lists stay in the workspace for the
 * outcomes' tally (priority-lists.ts).
 */
import { buildPriorityLists } from "./priority-lists.js";
import type { QueueInput, QueueWorkspace } from "./queue.js";
import { finishOf, SlowedDays, workBetween } from "./slowed-days.js";

/** no slowed day: work takes its minutes one for one */
const UNSLOWED = new SlowedDays();

/**
 * Simulate the one-agent queue until every ticket is finished. Returns the number of preemptions.
 * `listsBuilt`: ws already holds the tickets' priority lists (priority-lists.ts).
 */
export function runSingleAgentQueue(input: QueueInput, ws: QueueWorkspace, slowed: SlowedDays = UNSLOWED, listsBuilt = false): number {
  const { count, arrival, priority, work, start, finish, preemptive } = input;
  if (!listsBuilt) buildPriorityLists(ws, priority, count);
  const { ring, capacity: cap } = ws;
  const e0 = ws.listEnd[0]!, e1 = ws.listEnd[1]!, e2 = ws.listEnd[2]!;
  // each queue's head and its arrival (+∞ when the list is done)
  let i0 = 0, i1 = cap, i2 = 2 * cap;
  let a0 = i0 < e0 ? arrival[ring[i0]!]! : Number.POSITIVE_INFINITY;
  let a1 = i1 < e1 ? arrival[ring[i1]!]! : Number.POSITIVE_INFINITY;
  let a2 = i2 < e2 ? arrival[ring[i2]!]! : Number.POSITIVE_INFINITY;
  let free = input.agentFrom[0]!;
  let nextSlow = slowed.from[slowed.at]!; // where the next slowed stretch starts (+∞: none): work done by then needs no rates
  let interrupted = false; // the emergency at the head of queue 0 starts now, at `free`
  start.fill(-1, 0, count);
  let preemptions = 0;
  for (;;) {
    let next = -1;
    if (a0 < free || interrupted) {
      next = ring[i0++]!;
      a0 = i0 < e0 ? arrival[ring[i0]!]! : Number.POSITIVE_INFINITY;
      interrupted = false;
    } else if (a1 < free) {
      next = ring[i1++]!;
      a1 = i1 < e1 ? arrival[ring[i1]!]! : Number.POSITIVE_INFINITY;
    } else if (a2 < free) {
      next = ring[i2++]!;
      a2 = i2 < e2 ? arrival[ring[i2]!]! : Number.POSITIVE_INFINITY;
    } else {
      // nobody waits: the agent is idle until the next ticket arrives (the first in id order)
      const n0 = i0 < e0 ? ring[i0]! : count, n1 = i1 < e1 ? ring[i1]! : count, n2 = i2 < e2 ? ring[i2]! : count;
      next = n0 < n1 ? (n0 < n2 ? n0 : n2) : n1 < n2 ? n1 : n2;
      if (next === count) break;
      if (next === n0) a0 = ++i0 < e0 ? arrival[ring[i0]!]! : Number.POSITIVE_INFINITY;
      else if (next === n1) a1 = ++i1 < e1 ? arrival[ring[i1]!]! : Number.POSITIVE_INFINITY;
      else a2 = ++i2 < e2 ? arrival[ring[i2]!]! : Number.POSITIVE_INFINITY;
      free = arrival[next]!;
    }
    let s = free;
    let f = s + work[next]!;
    if (f > nextSlow) {
      f = finishOf(slowed, s, work[next]!);
      s = slowed.start;
      nextSlow = slowed.from[slowed.at]!;
    }
    if (start[next]! < 0) start[next] = s;
    const p = priority[next]!;
    if (preemptive && p !== 0 && a0 < f) {
      // the next emergency arrives in the work: the ticket goes back to the head of its queue with the rest
      work[next] = f > nextSlow ? workBetween(slowed, a0, f) : f - a0;
      if (p === 1) a1 = arrival[ring[--i1] = next]!;
      else a2 = arrival[ring[--i2] = next]!;
      preemptions++;
      free = a0;
      interrupted = true;
      continue;
    }
    finish[next] = f;
    free = f;
  }
  return preemptions;
}
