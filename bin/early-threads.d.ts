/** Spawn `simulate`'s threads for the command line `args` before the TypeScript loader starts (early-threads.js). */
export function spawnEarlyThreads(args: readonly string[]): void;
