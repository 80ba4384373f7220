/**
 * The support queue with one agent (the department's usual case): the same queue as queue.ts
 * (priority order, FIFO within a priority, optional preemption by emergencies, the agent busy until
 * `agentFrom`), event for event and tie for tie, with the three queues' heads and sizes in local
 * variables instead of the workspace's arrays and no scan over agents. A ticket that finds the
 * agent idle, or an emergency that interrupts, is queued and taken at once (the queues it could
 * wait behind are empty), so service starts in one place. With `slowed`, the times are business
 * minutes and the work is done at the slowed days' rates (slowed-days.ts).
 */
import type { QueueInput, QueueWorkspace } from "./queue.js";
import { finishOf, SlowedDays, workBetween } from "./slowed-days.js";

/** no slowed day: work takes its minutes one for one */
const UNSLOWED = new SlowedDays();

/** Simulate the one-agent queue until every ticket is finished. Returns the number of preemptions. */
export function runSingleAgentQueue(input: QueueInput, ws: QueueWorkspace, slowed: SlowedDays = UNSLOWED): number {
  const { count, arrival, priority, work, start, finish, preemptive } = input;
  ws.ensure(count, 1);
  const { ring, capacity: cap } = ws;
  // ring p occupies [p × cap, (p + 1) × cap): its head and size
  let h0 = 0, h1 = cap, h2 = 2 * cap;
  let n0 = 0, n1 = 0, n2 = 0;
  let freeAt = input.agentFrom[0]!;
  let current = -1; // the ticket in work; −1: none to finish (not hired yet, or one queued to start at freeAt), −2: idle
  let nextSlow = slowed.from[slowed.at]!; // where the next slowed stretch starts (+∞: none): work done by then needs no rates
  start.fill(-1, 0, count);
  let preemptions = 0;
  for (let id = 0; id <= count; id++) {
    const tA = id < count ? arrival[id]! : Number.POSITIVE_INFINITY;
    // the agent finishes (or joins) before the arrival: the next queued ticket, by priority then FIFO
    while (freeAt <= tA && freeAt !== Number.POSITIVE_INFINITY) {
      if (current >= 0) finish[current] = freeAt;
      let next = -1;
      if (n0 > 0) {
        next = ring[h0]!;
        h0 = h0 + 1 === cap ? 0 : h0 + 1;
        n0--;
      } else if (n1 > 0) {
        next = ring[h1]!;
        h1 = h1 + 1 === 2 * cap ? cap : h1 + 1;
        n1--;
      } else if (n2 > 0) {
        next = ring[h2]!;
        h2 = h2 + 1 === 3 * cap ? 2 * cap : h2 + 1;
        n2--;
      }
      if (next < 0) {
        current = -2;
        freeAt = Number.POSITIVE_INFINITY;
        break;
      }
      let s = freeAt;
      freeAt = s + work[next]!;
      if (freeAt > nextSlow) {
        freeAt = finishOf(slowed, s, work[next]!);
        s = slowed.start;
        nextSlow = slowed.from[slowed.at]!;
      }
      if (start[next]! < 0) start[next] = s;
      current = next;
    }
    if (id === count) break;
    const p = priority[id]!;
    if (current === -2) {
      freeAt = tA;
      current = -1;
    } else if (p === 0 && preemptive && current >= 0 && priority[current] !== 0) {
      // the emergency interrupts the ticket in work, which returns to the head of its queue
      work[current] = freeAt > nextSlow ? workBetween(slowed, tA, freeAt) : freeAt - tA;
      if (priority[current] === 1) {
        h1 = h1 === cap ? 2 * cap - 1 : h1 - 1;
        ring[h1] = current;
        n1++;
      } else {
        h2 = h2 === 2 * cap ? 3 * cap - 1 : h2 - 1;
        ring[h2] = current;
        n2++;
      }
      preemptions++;
      freeAt = tA;
      current = -1;
    }
    if (p === 0) {
      ring[h0 + n0 < cap ? h0 + n0 : h0 + n0 - cap] = id;
      n0++;
    } else if (p === 1) {
      ring[h1 + n1 < 2 * cap ? h1 + n1 : h1 + n1 - cap] = id;
      n1++;
    } else {
      ring[h2 + n2 < 3 * cap ? h2 + n2 : h2 + n2 - cap] = id;
      n2++;
    }
  }
  return preemptions;
}
