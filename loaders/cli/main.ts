/**
 * `support-analytics` command dispatcher. Each command lives in its own module and exports
 * `run(args: string[]): Promise<number>` (the process exit code).
 */
/** `prestart`: a light module whose `prestart(args)` runs before the command's own modules load */
const COMMANDS: Record<string, { module: string; summaryRu: string; prestart?: string }> = {
  import: { module: "./import.ts", summaryRu: "добавить выгрузки в хранилище (файл DuckDB)" },
  validate: { module: "./validate.ts", summaryRu: "проверить выгрузки: учёт строк и отклонённые строки" },
  tickets: { module: "./tickets.ts", summaryRu: "показатели по каждому обращению (SLA, деловое время)" },
  metrics: { module: "./metrics.ts", summaryRu: "KPI месяца одним JSON-объектом" },
  simulate: { module: "./simulate.ts", summaryRu: "Монте-Карло модель штата / проверка по Erlang C", prestart: "../simulator/thread-prestart.ts" },
  report: { module: "./report.ts", summaryRu: "ежемесячный отчёт в PDF или презентацию PowerPoint" },
};

function usage(): string {
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(10)} ${c.summaryRu}`);
  return ["Использование: support-analytics <команда> [параметры]", "", ...lines].join("\n");
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === "--help" || name === "-h") {
    process.stdout.write(usage() + "\n");
    return name ? 0 : 1;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`Неизвестная команда «${name}».\n${usage()}\n`);
    return 1;
  }
  if (command.prestart) ((await import(command.prestart)) as { prestart: (args: string[]) => void }).prestart(rest);
  const mod = (await import(command.module)) as { run: (args: string[]) => Promise<number> };
  return mod.run(rest);
}
