/**
 * Clocks a simulation thread reads for its timeline: wall time on one axis for every thread
 * (milliseconds since the epoch, sub-millisecond) and, on Linux, the calling thread's own
 * processor time and the time it waited for a core (the kernel's /proc/thread-self/schedstat:
 * nanoseconds on a core, nanoseconds ready but queued). Elsewhere the processor figures are NaN.
 */
import { readFileSync } from "node:fs";

/** Wall time on the same axis in every thread of the process, ms. */
export function wallMs(): number {
  return performance.timeOrigin + performance.now();
}

export interface ThreadTimes {
  /** processor time of this thread so far, ms */
  cpuMs: number;
  /** time this thread was ready to run but waited for a core, ms */
  waitMs: number;
}

let schedstatReadable = true;

/** This thread's processor time and run-queue wait so far (NaN where the kernel does not say). */
export function threadTimes(): ThreadTimes {
  if (schedstatReadable) {
    try {
      const [onCpuNs, waitingNs] = readFileSync("/proc/thread-self/schedstat", "utf8").split(" ");
      return { cpuMs: Number(onCpuNs) / 1e6, waitMs: Number(waitingNs) / 1e6 };
    } catch {
      schedstatReadable = false;
    }
  }
  return { cpuMs: Number.NaN, waitMs: Number.NaN };
}
