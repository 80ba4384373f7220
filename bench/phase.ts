/**
 * What one benchmark phase measured, and the ru-RU formats the benchmarks print it in. A phase
 * runs in a child process of its own, so its peak memory is its own.
 */
export interface PhaseResult {
  phase: string;
  wallMs: number;
  /** user + system CPU time of the child (both cores): steadier than wall time on a busy machine */
  cpuMs: number;
  peakRssBytes: number;
  detail: Record<string, number | string>;
}

/** Processor time of this process so far (user + system), milliseconds. */
export function processCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** Milliseconds as ru-RU seconds: «1,23 с». */
export const formatSeconds = (milliseconds: number): string =>
  `${(milliseconds / 1000).toLocaleString("ru-RU", { maximumFractionDigits: 2 })} с`;

/** Bytes as ru-RU megabytes: «903 МБ». */
export const formatMegabytes = (bytes: number): string => `${Math.round(bytes / 1024 ** 2).toLocaleString("ru-RU")} МБ`;
