// @observablehq/inputs ships no type declarations; the few inputs the pages build in TypeScript.
declare module "@observablehq/inputs" {
  type InputElement<T> = HTMLElement & { value: T };
  export function select<T>(data: readonly T[], options?: Record<string, unknown>): InputElement<T>;
  export function radio<T>(data: readonly T[], options?: Record<string, unknown>): InputElement<T>;
  export function search<T>(data: readonly T[], options?: Record<string, unknown>): InputElement<T[]>;
  export function table<T>(data: readonly T[], options?: Record<string, unknown>): InputElement<T[]>;
}
