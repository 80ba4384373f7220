/**
 * Shared command-line handling for the data commands (`tickets`, `metrics`, `validate`):
 * `--flag value` / `--flag=value` scanning, and the common run of a command over the ingested
 * data (settings → as-of override → data directory → pipeline → always closed).
 */
import { asOfOverride } from "../as-of.ts";
import type { Pipeline } from "../pipeline.ts";
import { openRunPipeline } from "../warehouse/run-data.ts";
import { loadSettings, type Settings } from "../settings.ts";

/** How a command words its usage errors. */
export interface FlagErrors {
  missingValue(flag: string): Error;
  unknown(arg: string): Error;
}

/**
 * Walks `args`, splitting `--flag=value`; `handle` returns false for a flag it doesn't know.
 * `value()` takes the inline value or the next argument and rejects a missing or empty one.
 */
export function scanFlags(
  args: readonly string[],
  handle: (flag: string, value: () => string) => boolean,
  errors: FlagErrors,
): void {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const eq = arg.indexOf("=");
    const [flag, inline] = eq >= 0 ? [arg.slice(0, eq), arg.slice(eq + 1)] : [arg, undefined];
    const value = (): string => {
      const next = inline ?? args[++i];
      if (next === undefined || next === "") throw errors.missingValue(flag);
      return next;
    };
    if (!handle(flag, value)) throw errors.unknown(arg);
  }
}

export interface DataCommandArgs {
  data?: string;
  /** a warehouse file (loaders/warehouse/run-data.ts) */
  db?: string;
  month?: string;
  json: boolean;
  asOf?: string;
  help: boolean;
}

const DATA_COMMAND_ERRORS: FlagErrors = {
  missingValue: (flag) => new Error(`Параметру ${flag} нужно значение`),
  unknown: (arg) => new Error(`Неизвестный параметр «${arg}»`),
};

/** `[--data DIR | --db FILE] [--json] [--as-of ISO] [--help|-h]`, plus `--month` when `withMonth`. */
export function parseDataCommandArgs(args: readonly string[], { withMonth }: { withMonth: boolean }): DataCommandArgs {
  const out: DataCommandArgs = { json: false, help: false };
  scanFlags(
    args,
    (flag, value) => {
      if (flag === "--json") out.json = true;
      else if (flag === "--help" || flag === "-h") out.help = true;
      else if (flag === "--data") out.data = value();
      else if (flag === "--db") out.db = value();
      else if (withMonth && flag === "--month") out.month = value();
      else if (flag === "--as-of") out.asOf = value();
      else return false;
      return true;
    },
    DATA_COMMAND_ERRORS,
  );
  return out;
}

export interface DataCommandContext {
  args: DataCommandArgs;
  settings: Settings;
  /** --as-of (or $SUPPORT_ANALYTICS_AS_OF / $SUPPORT_ANALYTICS_NOW) in the calendar's time zone; null: the data's own as-of. */
  asOfOverride: Date | null;
  /**
   * Resolves the data (a warehouse file or a folder of exports) and runs the ingest pipeline (closed by runDataCommand); its
   * `now` is the as-of of the run (loaders/as-of.ts).
   */
  openPipeline(): Promise<Pipeline>;
}

export interface DataCommand {
  help: string;
  withMonth: boolean;
  /** Extra checks of the parsed arguments; a throw is a usage error (exit 1 with help). */
  check?(args: DataCommandArgs): void;
  body(context: DataCommandContext): Promise<void>;
}

/**
 * Usage error → message, blank line, help on stderr, exit 1; --help → help on stdout, exit 0;
 * any error in `body` → message on stderr, exit 1. The pipeline's connection is always closed.
 */
export async function runDataCommand(argv: string[], command: DataCommand): Promise<number> {
  let args: DataCommandArgs;
  try {
    args = parseDataCommandArgs(argv, { withMonth: command.withMonth });
    command.check?.(args);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${command.help}`);
    return 1;
  }
  if (args.help) {
    process.stdout.write(command.help);
    return 0;
  }
  let pipeline: Pipeline | undefined;
  try {
    const settings = loadSettings();
    const override = asOfOverride(args.asOf, settings.calendar.timezone);
    const openPipeline = async (): Promise<Pipeline> => {
      pipeline = await openRunPipeline(args.data, args.db, { now: override, settings });
      return pipeline;
    };
    await command.body({ args, settings, asOfOverride: override, openPipeline });
    return 0;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    return 1;
  } finally {
    pipeline?.connection.closeSync();
    pipeline?.instance.closeSync();
  }
}
