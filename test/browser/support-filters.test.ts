/**
 * A filter on «Техподдержка» shows what `support-analytics metrics` gives for it: for a sample of
 * filter combinations (period, priority, segment, client, and one with no ticket at all), every
 * figure summed from the built site's data files — the cells the page loads, through the page's own
 * supportFigures — equals the CLI's JSON (a child process over the same sample), and the breached
 * tickets the table lists are the CLI's. In Chromium the page's sentence and table say the same, and
 * a client filter fetches that client's group file only.
 */
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, inject, it } from "vitest";
import { decodeColumns, type EncodedTable } from "../../src/core/columns.ts";
import { firstMonthWithRepeatHistory } from "../../src/core/months.ts";
import type { BreachedTicket, EncodedSupportCells, SupportCellsFile } from "../../src/core/support-cells.ts";
import { breachedIn, decodeSupportCells, supportFigures, type SupportFigures } from "../../src/core/support-figures.ts";
import { useSite } from "./harness.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const site = useSite();
const run = promisify(execFile);

interface CliFigures extends SupportFigures {
  as_of: string;
  breached_tickets: string[];
}

/** A data file of the built site by its name before Framework's content hash. */
function distData<T>(name: string): T {
  const dir = `${inject("distDir")}_file/data/site/`;
  const file = readdirSync(dir).find((f) => f.startsWith(`${name}.`) && f.endsWith(".json"));
  if (!file) throw new Error(`нет ${name}.json в ${dir}`);
  return JSON.parse(readFileSync(dir + file, "utf8")) as T;
}

async function cli(flags: string[]): Promise<CliFigures> {
  const { stdout } = await run(process.execPath, [`${ROOT}bin/support-analytics.js`, "metrics", "--json", ...flags], { cwd: ROOT, maxBuffer: 64 << 20 });
  return JSON.parse(stdout) as CliFigures;
}

let file: SupportCellsFile;
let breached: BreachedTicket[];
let asOf: string;

beforeAll(() => {
  file = distData<SupportCellsFile>("support-cells");
  breached = decodeColumns<BreachedTicket>(distData<EncodedTable>("support-breached"));
  asOf = distData<{ asOf: string }>("as-of").asOf;
});

/** The page's figures for the CLI's resolved filter, from the built files only. */
function pageFigures(filter: SupportFigures["filter"]): { figures: SupportFigures; breached: string[] } {
  const settings = distData<{ repeat_window_days: number }>("settings");
  const client = file.meta.clients.find((c) => c.id === filter.client);
  const cells = decodeSupportCells(client ? distData<EncodedSupportCells>(`support-client-${client.shard}`) : file.cells);
  const context = { repeatsFrom: firstMonthWithRepeatHistory(file.meta.months[0]!, settings.repeat_window_days), binnings: file.meta.binnings };
  return { figures: supportFigures(cells, filter, context), breached: breachedIn(breached, filter).map((t) => t.ticket_id) };
}

describe("every figure of a filtered «Техподдержка» equals the CLI's", () => {
  it("for a dozen filter combinations, client filters and an empty result among them", async () => {
    // the two clients with most breached tickets, from two different client groups
    const breaches = new Map<string, number>();
    for (const t of breached) breaches.set(t.client_id, (breaches.get(t.client_id) ?? 0) + 1);
    const ranked = file.meta.clients.filter((c) => breaches.has(c.id)).sort((x, y) => breaches.get(y.id)! - breaches.get(x.id)!);
    const a = ranked[0]!;
    const b = ranked.find((c) => c.shard !== a.shard)!;
    const otherSegment = file.meta.segments.find((s) => s !== a.segment)!;
    const combos: string[][] = [
      ["--priority", "all"], // the page's defaults
      ["--from", "2024-12", "--to", "2026-11"],
      ["--priority", "emergency"],
      ["--priority", "standard", "--segment", "residential"],
      ["--segment", "cottage", "--month", "2026-05"],
      ["--from", "2026-11", "--to", "2026-11"],
      ["--from", "2026-06", "--to", "2026-01", "--priority", "consultation"],
      ["--client", a.id, "--from", "2024-12", "--to", "2026-11"],
      ["--client", a.id, "--from", "2026-01", "--to", "2026-06", "--priority", "standard"],
      ["--client", a.id, "--segment", otherSegment],
      ["--client", b.id, "--from", "2024-12", "--to", "2026-11"],
      ["--client", b.id, "--priority", "emergency", "--from", "2025-01", "--to", "2026-11"],
    ];
    const results: CliFigures[] = [];
    for (let i = 0; i < combos.length; i += 3) results.push(...(await Promise.all(combos.slice(i, i + 3).map(cli))));
    let empty = 0;
    for (const [i, fromCli] of results.entries()) {
      const { as_of, breached_tickets, ...figures } = fromCli;
      const page = pageFigures(figures.filter);
      expect(as_of, combos[i]!.join(" ")).toBe(asOf);
      expect(page.figures, combos[i]!.join(" ")).toEqual(figures);
      expect(page.breached, combos[i]!.join(" ")).toEqual(breached_tickets);
      if (figures.summary.tickets === 0) empty++;
    }
    expect(empty).toBeGreaterThanOrEqual(1);
    expect(results.filter((r) => r.filter.client !== "all" && r.summary.tickets > 0).length).toBeGreaterThanOrEqual(3);
  }, 240_000);
});

describe("the page in Chromium", () => {
  const sentence = /За период .*?: ([\d\s\u00a0]+) обращени.*?нарушено ([\d\s\u00a0]+) из ([\d\s\u00a0]+) оценённых/;
  const digits = (text: string) => Number(text.replace(/\D/g, ""));

  for (const flags of [["--priority", "all"], ["--client", "CLIENT", "--priority", "standard", "--from", "2024-12", "--to", "2026-11"]]) {
    it(`says the CLI's figures for ${flags.join(" ")}, reading one client group file at most`, async () => {
      const client = file.meta.clients.find((c) => c.shard === 5)!;
      const args = flags.map((f) => (f === "CLIENT" ? client.id : f));
      const fromCli = await cli(args);
      const query = new URLSearchParams();
      for (let i = 0; i < args.length; i += 2) query.set(args[i]!.slice(2), args[i + 1]!);
      const view = await site.open(`/support?${query}`);
      const requested = await view.page.evaluate(() => performance.getEntriesByType("resource").map((e) => e.name).filter((n) => n.includes("support-client-")));
      const text = await view.page.evaluate(() => document.querySelector("main")?.textContent ?? "");
      const found = sentence.exec(text.replace(/\s+/g, " "));
      expect(found, text.slice(0, 400)).not.toBeNull();
      expect([digits(found![1]!), digits(found![2]!), digits(found![3]!)]).toEqual([fromCli.summary.tickets, fromCli.summary.breached, fromCli.summary.judged]);
      expect(digits(/Сейчас открыто ([\d\s\u00a0]+) обращени/.exec(text)?.[1] ?? "")).toBe(fromCli.open_now);
      const count = await view.page.locator("form:has(input[type=search]) output").first().textContent();
      expect(digits((count ?? "").split("из")[1] ?? "")).toBe(fromCli.breached_tickets.length);
      expect(requested.map((n) => /support-client-(\d+)\./.exec(n)?.[1])).toEqual(args.includes("--client") ? [String(client.shard)] : []);
      expect(view.problems()).toEqual([]);
      await view.context.close();
    });
  }
});
