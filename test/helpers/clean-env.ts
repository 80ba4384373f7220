/**
 * The environment for a child process of the CLI that must judge by its arguments and the data
 * alone: without $SUPPORT_ANALYTICS_AS_OF / $SUPPORT_ANALYTICS_NOW (the as-of override) and
 * $SUPPORT_ANALYTICS_DB (the warehouse), plus `extra`.
 */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.SUPPORT_ANALYTICS_AS_OF;
  delete env.SUPPORT_ANALYTICS_NOW;
  delete env.SUPPORT_ANALYTICS_DB;
  return { ...env, ...extra };
}
