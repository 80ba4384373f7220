/**
 * Scenario editing helpers shared by the CLI and the pages: deep merge of a partial scenario over
 * a base one, the difference of two scenarios (for the URL), and the «400+ обращений» preset.
 */
import { addMonths } from "../months.js";
import type { Scenario } from "./types.js";

export type DeepPartial<T> = T extends (infer U)[] ? U[] : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "массив";
  if (typeof value === "object") return "объект";
  if (typeof value === "number") return "число";
  if (typeof value === "string") return "строка";
  if (typeof value === "boolean") return "логическое значение";
  return typeof value;
}

/**
 * A patch value whose JSON kind differs from the base's (an object replaced by null or an array, a
 * number by a string…), as a message naming the field; null when the kinds agree. A number may
 * be replaced by null (a limit switched off): the bounds check (scenario-bounds.ts) decides.
 */
function kindMismatch(b: unknown, p: unknown, path: string, where: string): string | null {
  const expected = kindOf(b);
  const got = kindOf(p);
  if (expected === got || b === null || (expected === "число" && got === "null")) return null;
  if (path === "") return `${where}: сценарий должен быть JSON-объектом с полями сценария, а в файле — ${got}`;
  const article: Record<string, string> = { объект: "объектом", массив: "массивом", число: "числом", строка: "строкой", "логическое значение": "да/нет (true/false)" };
  return `${where}: поле «${path}» должно быть ${article[expected] ?? expected}, а в сценарии — ${got}`;
}

/**
 * `patch` over `base`: objects merge key by key, arrays and scalars replace. Unknown keys and a
 * value of another JSON kind than the base's are errors naming the field.
 */
export function mergeScenario(base: Scenario, patch: DeepPartial<Scenario> | Record<string, unknown>, where = "сценарий"): Scenario {
  const merge = (b: unknown, p: unknown, path: string): unknown => {
    if (p === undefined) return b;
    const mismatch = kindMismatch(b, p, path, where);
    if (mismatch) throw new RangeError(mismatch);
    if (isPlainObject(b) && isPlainObject(p)) {
      // growth and effort change shape with their mode: a patch that switches the mode replaces them whole
      const tag = path === "clients.growth" ? "mode" : path === "effort" ? "distribution" : null;
      if (tag && p[tag] !== undefined && p[tag] !== b[tag]) return structuredClone(p);
      const out: Record<string, unknown> = { ...b };
      for (const [k, v] of Object.entries(p)) {
        if (!(k in b)) throw new RangeError(`${where}: неизвестное поле «${path ? path + "." : ""}${k}»`);
        out[k] = merge(b[k], v, path ? `${path}.${k}` : k);
      }
      return out;
    }
    return structuredClone(p);
  };
  return merge(structuredClone(base), patch, "") as Scenario;
}

/** The keys of `scenario` that differ from `base` (nested), for a short URL. */
export function diffScenario(base: Scenario, scenario: Scenario): Record<string, unknown> {
  const diff = (b: unknown, s: unknown): unknown => {
    if (isPlainObject(b) && isPlainObject(s)) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s)) {
        const d = diff(b[k], v);
        if (d !== undefined) out[k] = d;
      }
      return Object.keys(out).length > 0 ? out : undefined;
    }
    return JSON.stringify(b) === JSON.stringify(s) ? undefined : s;
  };
  return (diff(base, scenario) as Record<string, unknown> | undefined) ?? {};
}

/**
 * «400+ обращений в месяц»: the client base grows (straight line, churn replaced) to the number of
 * clients that brings 420 tickets a month at the calibrated rate, reached in six months.
 */
export function preset400Tickets(base: Scenario): Scenario {
  const perClient = base.tickets.perClientMonth > 0 ? base.tickets.perClientMonth : 1;
  const target = Math.max(Math.ceil(base.clients.initial), Math.ceil(420 / perClient));
  return mergeScenario(base, {
    name: "400+ обращений в месяц",
    clients: { growth: { mode: "target", target, byMonth: addMonths(base.startMonth, 5) } },
  });
}

/** What the URL keeps: the scenario as a difference from the calibrated one, runs and seed. */
export interface UrlState {
  diff: Record<string, unknown>;
  runs: number;
  seed: number;
}

/** `#sim=…` fragment of the page URL (URI-encoded JSON). */
export function encodeUrlState(state: UrlState): string {
  return "#sim=" + encodeURIComponent(JSON.stringify({ d: state.diff, r: state.runs, s: state.seed }));
}

/** Parse a `#sim=…` fragment; null when absent. Throws a Russian message when it is malformed. */
export function decodeUrlState(hash: string): UrlState | null {
  const m = /(?:^#|&)sim=([^&]*)/.exec(hash);
  if (!m) return null;
  let value: unknown;
  try {
    value = JSON.parse(decodeURIComponent(m[1]!));
  } catch {
    throw new RangeError("Сценарий в адресе страницы повреждён: он не читается как JSON");
  }
  const v = value as { d?: unknown; r?: unknown; s?: unknown };
  if (typeof v !== "object" || v === null || typeof v.d !== "object" || v.d === null) throw new RangeError("Сценарий в адресе страницы повреждён");
  const runs = Number(v.r);
  const seed = Number(v.s);
  return { diff: v.d as Record<string, unknown>, runs: Number.isInteger(runs) && runs > 0 ? runs : 1000, seed: Number.isInteger(seed) ? seed : 1 };
}

/** mean of a lognormal effort, minutes */
export function lognormalMean(mu: number, sigma: number): number {
  return Math.exp(mu + (sigma * sigma) / 2);
}

/** mean effort per priority of a scenario, minutes */
export function meanEffortMinutes(s: Scenario, p: "emergency" | "standard" | "consultation"): number {
  return s.effort.distribution === "lognormal" ? lognormalMean(s.effort.byPriority[p].mu, s.effort.byPriority[p].sigma) : s.effort.meanMinutes[p];
}

/** the scenario with the mean effort of one priority changed, spread (sigma) kept */
export function withMeanEffort(s: Scenario, p: "emergency" | "standard" | "consultation", meanMinutes: number): Scenario {
  const out = structuredClone(s);
  if (out.effort.distribution === "lognormal") {
    const sigma = out.effort.byPriority[p].sigma;
    out.effort.byPriority[p] = { mu: Math.log(meanMinutes) - (sigma * sigma) / 2, sigma };
  } else out.effort.meanMinutes[p] = meanMinutes;
  return out;
}
