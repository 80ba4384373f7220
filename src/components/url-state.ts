/**
 * Page state in the query string, so a shared link shows the same view: read once on load,
 * written back with history.replaceState whenever a filter changes. Pure parsing is tested.
 */

export type QueryState = Record<string, string | null | undefined>;

/** A value from the query string when it is one of `allowed` (or matches it), else `fallback`. */
export function pickParam<T extends string>(
  search: string,
  name: string,
  allowed: readonly T[] | ((value: string) => boolean),
  fallback: T,
): T {
  const value = new URLSearchParams(search).get(name);
  if (value === null) return fallback;
  if (typeof allowed === "function") return allowed(value) ? (value as T) : fallback;
  return (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

/** The new query string with `state` merged in; empty / null values (and defaults) removed. */
export function mergeQuery(search: string, state: QueryState, defaults: QueryState = {}): string {
  const params = new URLSearchParams(search);
  for (const [name, value] of Object.entries(state)) {
    if (value === null || value === undefined || value === "" || value === defaults[name]) params.delete(name);
    else params.set(name, value);
  }
  params.sort();
  const text = params.toString();
  return text ? `?${text}` : "";
}

/** Reads a parameter of the current page (browser). */
export function readParam<T extends string>(name: string, allowed: readonly T[] | ((value: string) => boolean), fallback: T): T {
  return pickParam(typeof location === "undefined" ? "" : location.search, name, allowed, fallback);
}

/** Writes parameters into the current URL without reloading (browser). */
export function writeParams(state: QueryState, defaults: QueryState = {}): void {
  if (typeof location === "undefined" || typeof history === "undefined") return;
  const search = mergeQuery(location.search, state, defaults);
  if (search !== location.search) history.replaceState(history.state, "", `${location.pathname}${search}${location.hash}`);
}

export const isMonthParam = (value: string) => /^\d{4}-(0[1-9]|1[0-2])$/.test(value);
export const isTextParam = (value: string) => value.length <= 200;
