/** A file kept between commands, per checkout (the name carries a hash of the project's path). */
export function cacheFile(kind: string): string;
/** the most threads a simulation runs on */
export const MAX_THREADS: number;
/** Threads when `--threads` is not given: the machine's cores (at most MAX_THREADS). */
export function defaultThreads(): number;
/** The thread count a `--threads` value asks for (defaultThreads() when not given); null when it is not a whole number from 1 to MAX_THREADS. */
export function threadCount(raw: string | undefined): number | null;
/** The threads `simulate` with the arguments `args` (after the command's name) spawns beside the calling thread (0: none). */
export function spawnedThreads(args: readonly string[]): number;
/** Optimize on the simulation threads themselves (before spawning them; once per process). */
export function setThreadFlags(): void;
/** the global the launcher leaves its threads in for thread-prestart.ts to adopt */
export const EARLY_THREADS: unique symbol;
