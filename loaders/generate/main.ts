/**
 * `npm run generate [-- options]`: writes the deterministic sample (see sample.ts).
 *   --out DIR                 output directory (default data/sample)
 *   --seed N                  PRNG seed (default 24)
 *   --as-of YYYY-MM-DD        last day of the sample (default: today in Europe/Moscow)
 *   --months N                months of history, as-of month included (default 24)
 *   --tickets-per-month N     average tickets a month (default 292)
 *   --clients N               active clients at the as-of date (default 217)
 *   --no-invalid              no deliberately invalid rows
 */
import { pathToFileURL } from "node:url";
import type { GenerateOptions } from "./options.ts";
import { generateSample } from "./sample.ts";

export function parseArgs(args: readonly string[]): Partial<GenerateOptions> {
  const options: Partial<GenerateOptions> = {};
  const number = (flag: string, value: string | undefined): number => {
    const parsed = Number(value);
    if (value === undefined || value.trim() === "" || !Number.isFinite(parsed)) {
      throw new Error(`${flag}: ожидается число, получено «${value ?? ""}»`);
    }
    return parsed;
  };
  for (let i = 0; i < args.length; i++) {
    const flag = args[i]!;
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${flag}: не указано значение`);
      return v;
    };
    switch (flag) {
      case "--out":
        options.outDir = value();
        break;
      case "--seed":
        options.seed = number(flag, value());
        break;
      case "--as-of":
        options.asOf = value();
        break;
      case "--months":
        options.months = number(flag, value());
        break;
      case "--tickets-per-month":
        options.ticketsPerMonth = number(flag, value());
        break;
      case "--clients":
        options.clients = number(flag, value());
        break;
      case "--no-invalid":
        options.invalid = false;
        break;
      default:
        throw new Error(`неизвестный параметр «${flag}»`);
    }
  }
  return options;
}

export async function run(args: readonly string[]): Promise<number> {
  let options: Partial<GenerateOptions>;
  try {
    options = parseArgs(args);
  } catch (error) {
    process.stderr.write(`generate: ${(error as Error).message}\n`);
    return 1;
  }
  try {
    const started = performance.now();
    const result = await generateSample(options);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    const counts = Object.entries(result.counts)
      .map(([table, n]) => `${table} ${n}`)
      .join(", ");
    process.stdout.write(
      `Образец данных записан в ${result.files.manifest.replace(/GENERATED\.json$/, "")} за ${seconds} с: ${counts}; ` +
        `намеренно ошибочных строк: ${result.invalidRows.length}.\n`,
    );
    return 0;
  } catch (error) {
    process.stderr.write(`generate: ${(error as Error).message}\n`);
    return 1;
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  process.exitCode = await run(process.argv.slice(2));
}
