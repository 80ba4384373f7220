/**
 * The support queue: c agents serve tickets in priority order (0 = emergency first, then
 * 1 = standard, 2 = consultation; FIFO within a priority). With `preemptive`, an emergency that
 * finds every agent busy interrupts an agent working on a non-emergency ticket; the interrupted
 * ticket goes back to the head of its queue and later resumes with its remaining work.
 * Times are minutes on one clock (business minutes in the staffing model, plain minutes in the
 * 24×7 queue-only mode). Everything lives in preallocated typed arrays: no allocation per ticket.
 */
import { runSingleAgentQueue } from "./queue-single.js";

export const EMERGENCY = 0;
export const PRIORITY_COUNT = 3;
/** local copies: hot loops avoid module-binding lookups */
const EMERGENCY_P = 0;
const PRIORITIES_N = 3;

/** ticket id −1: agent not hired yet (busy until it joins); −2: idle */
const NOT_HIRED = -1;
const IDLE = -2;

export class QueueWorkspace {
  capacity = 0;
  /** three ring buffers of ticket ids, one per priority, each `capacity` long (or each priority's tickets in arrival order: priority-lists.ts) */
  ring = new Int32Array(0);
  /** where each priority's list in `ring` ends (priority-lists.ts) */
  listEnd = new Int32Array(PRIORITY_COUNT);
  head = new Int32Array(PRIORITY_COUNT);
  size = new Int32Array(PRIORITY_COUNT);
  freeAt = new Float64Array(0);
  current = new Int32Array(0);

  ensure(tickets: number, agents: number): void {
    if (tickets > this.capacity) {
      this.capacity = Math.max(tickets, this.capacity * 2, 1024);
      this.ring = new Int32Array(this.capacity * PRIORITY_COUNT);
    }
    if (agents > this.freeAt.length) {
      this.freeAt = new Float64Array(agents);
      this.current = new Int32Array(agents);
    }
  }
}

export interface QueueInput {
  /** number of tickets */
  count: number;
  /** arrival time of each ticket, ascending */
  arrival: Float64Array;
  /** priority 0..2 of each ticket */
  priority: Uint8Array;
  /** work of each ticket, minutes; used as remaining work and overwritten on preemption */
  work: Float64Array;
  /** output: time service first started (the response) */
  start: Float64Array;
  /** output: time service finished (the resolution) */
  finish: Float64Array;
  /** agents; agent k works from `agentFrom[k]` on */
  agents: number;
  agentFrom: Float64Array;
  preemptive: boolean;
}

function push(ws: QueueWorkspace, p: number, id: number): void {
  const cap = ws.capacity;
  let tail = ws.head[p]! + ws.size[p]!;
  if (tail >= cap) tail -= cap;
  ws.ring[p * cap + tail] = id;
  ws.size[p]!++;
}

function pushFront(ws: QueueWorkspace, p: number, id: number): void {
  const cap = ws.capacity;
  let h = ws.head[p]! - 1;
  if (h < 0) h += cap;
  ws.head[p] = h;
  ws.ring[p * cap + h] = id;
  ws.size[p]!++;
}

/** Next ticket by priority then FIFO, or −1 when every queue is empty. */
function pop(ws: QueueWorkspace): number {
  const cap = ws.capacity;
  for (let p = 0; p < PRIORITIES_N; p++) {
    if (ws.size[p]! > 0) {
      const h = ws.head[p]!;
      const id = ws.ring[p * cap + h]!;
      ws.head[p] = h + 1 === cap ? 0 : h + 1;
      ws.size[p]!--;
      return id;
    }
  }
  return -1;
}

/**
 * An emergency `id` arriving at `tA` with every agent busy interrupts the non-emergency ticket
 * that would finish last, which goes back to the head of its queue; false when every agent works
 * on an emergency.
 */
function preemptFor(input: QueueInput, ws: QueueWorkspace, id: number, tA: number): boolean {
  const { priority, work, start, agents } = input;
  const { freeAt, current } = ws;
  let victim = -1;
  let latest = Number.NEGATIVE_INFINITY;
  for (let k = 0; k < agents; k++) {
    const c = current[k]!;
    if (c >= 0 && priority[c] !== EMERGENCY_P && freeAt[k]! > latest) {
      latest = freeAt[k]!;
      victim = k;
    }
  }
  if (victim < 0) return false;
  const v = current[victim]!;
  work[v] = freeAt[victim]! - tA;
  pushFront(ws, priority[v]!, v);
  start[id] = tA;
  current[victim] = id;
  freeAt[victim] = tA + work[id]!;
  return true;
}

/** Simulate the queue until every ticket is finished. Returns the number of preemptions. */
export function runQueue(input: QueueInput, ws: QueueWorkspace): number {
  return input.agents === 1 ? runSingleAgentQueue(input, ws) : runMultiAgentQueue(input, ws);
}

/** The queue with any number of agents (runQueue takes the one-agent path for one). */
export function runMultiAgentQueue(input: QueueInput, ws: QueueWorkspace): number {
  const { count, arrival, priority, work, start, finish, agents, agentFrom, preemptive } = input;
  if (agents < 1) throw new RangeError("в очереди должен быть хотя бы один сотрудник");
  ws.ensure(count, agents);
  ws.head.fill(0);
  ws.size.fill(0);
  const freeAt = ws.freeAt;
  const current = ws.current;
  for (let k = 0; k < agents; k++) {
    freeAt[k] = agentFrom[k]!;
    current[k] = NOT_HIRED;
  }
  for (let i = 0; i < count; i++) start[i] = -1;
  let next = 0;
  let preemptions = 0;
  for (;;) {
    // the agent that frees up first
    let s = 0;
    let tS = freeAt[0]!;
    for (let k = 1; k < agents; k++) {
      const f = freeAt[k]!;
      if (f < tS) {
        tS = f;
        s = k;
      }
    }
    const tA = next < count ? arrival[next]! : Number.POSITIVE_INFINITY;
    if (tA === Number.POSITIVE_INFINITY && tS === Number.POSITIVE_INFINITY) break;
    if (tA < tS) {
      const id = next++;
      // an idle agent (idle agents have freeAt = +∞, so any idle one is found by scanning)
      let idle = -1;
      for (let k = 0; k < agents; k++) {
        if (current[k] === IDLE) {
          idle = k;
          break;
        }
      }
      if (idle >= 0) {
        start[id] = tA;
        current[idle] = id;
        freeAt[idle] = tA + work[id]!;
        continue;
      }
      const p = priority[id]!;
      if (preemptive && p === EMERGENCY_P && preemptFor(input, ws, id, tA)) {
        preemptions++;
        continue;
      }
      push(ws, p, id);
    } else {
      const done = current[s]!;
      if (done >= 0) finish[done] = tS;
      const id = pop(ws);
      if (id >= 0) {
        if (start[id]! < 0) start[id] = tS;
        current[s] = id;
        freeAt[s] = tS + work[id]!;
      } else {
        current[s] = IDLE;
        freeAt[s] = Number.POSITIVE_INFINITY;
      }
    }
  }
  return preemptions;
}
