/**
 * The V8 setting of the simulation threads, made before the first of them is spawned. Each thread
 * keeps both cores' worth of simulation busy, so V8's helper threads have no free core to
 * optimize its code on; and when they do it concurrently, the compiled code depends on when
 * the helper got to it: how far the thread's type feedback had come, which calls fit the
 * inlining budget. Measured on the bench scenario, one thread in two then ran with a random
 * draw or a queue step left out of line, boxing a number per ticket (3–9× the allocations,
 * +15–35 % processor time per run), and the helpers spent a further ~0,1 ms per run on compiling
 * and collecting. Optimized on the thread itself instead, at the moment its feedback asks for
 * it, every thread gets the same code every time. A V8 flag is the process's, but an isolate
 * fixes whether it optimizes concurrently when it starts: the flag reaches the threads spawned
 * after it and not the calling thread, which keeps optimizing on the helpers (with one thread
 * computing, a core is free for them).
 */
import { setFlagsFromString } from "node:v8";

let set = false;

/** Optimize on the simulation threads themselves (before spawning them; once per process). */
export function setThreadFlags(): void {
  if (set) return;
  set = true;
  try {
    setFlagsFromString("--no-concurrent-recompilation");
  } catch {
    // a runtime that refuses V8 flags keeps its default: the same values, the threads only slower
  }
}
