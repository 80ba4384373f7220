// htl ships no type declarations; the tagged template the simulator's components use.
declare module "htl" {
  /** An element (or a fragment when the template holds several) built from the template; interpolated values are escaped. */
  export function html(strings: TemplateStringsArray, ...values: unknown[]): HTMLElement;
}
