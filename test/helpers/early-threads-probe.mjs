// Loaded with `node --import` before bin/support-analytics.js: watches the threads the launcher
// leaves for thread-prestart.ts under thread-contract.js's EARLY_THREADS and, as the process
// exits, writes to stderr how many it left and how many of them were handed a simulation.
import { EARLY_THREADS } from "../../loaders/simulator/thread-contract.js";

let left = 0;
const handed = new Set();
let early;
Object.defineProperty(globalThis, EARLY_THREADS, {
  configurable: true,
  get: () => early,
  set(value) {
    early = value;
    left += value.threads.length;
    for (const t of value.threads) {
      const post = t.worker.postMessage.bind(t.worker);
      t.worker.postMessage = (message, transfer) => {
        if (message?.simulation > 0) handed.add(t.worker);
        return post(message, transfer);
      };
    }
  },
});
process.on("exit", () => process.stderr.write(`early threads: left ${left}, handed a simulation ${handed.size}\n`));
