/**
 * Each priority's tickets in arrival order: the one-agent queue's queues (queue-single.ts) and the
 * order in which the outcomes are tallied per priority (run-outcomes.ts). List p occupies
 * ring[p × capacity, listEnd[p]) of the queue's workspace.
 */
import type { QueueWorkspace } from "./queue.js";

export function buildPriorityLists(ws: QueueWorkspace, priority: Uint8Array, count: number): void {
  ws.ensure(count, 1);
  const { ring, capacity: cap } = ws;
  let c0 = 0;
  let c1 = cap;
  let c2 = 2 * cap;
  for (let i = 0; i < count; i++) {
    const p = priority[i]!;
    if (p === 0) ring[c0++] = i;
    else if (p === 1) ring[c1++] = i;
    else ring[c2++] = i;
  }
  ws.listEnd[0] = c0;
  ws.listEnd[1] = c1;
  ws.listEnd[2] = c2;
}
