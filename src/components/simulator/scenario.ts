/**
 * Scenario editing helpers shared by the CLI and the pages: deep merge of a partial scenario over
 * a base one, the difference of two scenarios (for the URL), and the «400+ обращений» preset.
 */
import { addMonths } from "./months.ts";
import type { Scenario } from "./types.ts";

export type DeepPartial<T> = T extends (infer U)[] ? U[] : T extends object ? { [K in keyof T]?: DeepPartial<T[K]> } : T;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `patch` over `base`: objects merge key by key, arrays and scalars replace. Unknown keys are an error. */
export function mergeScenario(base: Scenario, patch: DeepPartial<Scenario> | Record<string, unknown>, where = "сценарий"): Scenario {
  const merge = (b: unknown, p: unknown, path: string): unknown => {
    if (p === undefined) return b;
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
