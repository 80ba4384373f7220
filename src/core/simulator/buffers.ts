/**
 * Per-ticket typed arrays, grown (never shrunk) when a run needs more room, so a simulation of
 * many runs allocates only a handful of times in total.
 */
export class TicketBuffers {
  capacity = 0;
  arrival = new Float64Array(0);
  arrivalCalendar = new Float64Array(0);
  priority = new Uint8Array(0);
  work = new Float64Array(0);
  effort = new Float64Array(0);
  start = new Float64Array(0);
  finish = new Float64Array(0);

  ensure(count: number): void {
    if (count <= this.capacity) return;
    const capacity = Math.max(count, Math.ceil(this.capacity * 1.5), 4096);
    const grow = <T extends Float64Array | Uint8Array>(old: T, make: (n: number) => T): T => {
      const next = make(capacity);
      next.set(old);
      return next;
    };
    this.arrival = grow(this.arrival, (n) => new Float64Array(n));
    this.arrivalCalendar = grow(this.arrivalCalendar, (n) => new Float64Array(n));
    this.priority = grow(this.priority, (n) => new Uint8Array(n));
    this.work = grow(this.work, (n) => new Float64Array(n));
    this.effort = grow(this.effort, (n) => new Float64Array(n));
    this.start = grow(this.start, (n) => new Float64Array(n));
    this.finish = grow(this.finish, (n) => new Float64Array(n));
    this.capacity = capacity;
  }
}
