/**
 * «Внедрение и выезды» shows the monthly KPIs, not counts of its own: in Chromium, the sentence's
 * projects started and completed and engineer visits over a period, and the chart «Выезды по видам»
 * (its CSV), equal what `support-analytics metrics --json --month M` gives for each month of it
 * (projects.started, projects.completed, visits.total, visits.by_kind), summed over the months.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { formatNumber } from "../../src/core/format.ts";
import { VISIT_KIND_LABELS_RU } from "../../src/core/labels.ts";
import { downloadFrom, useSite } from "./harness.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const run = promisify(execFile);
const site = useSite();
const MONTHS = ["2026-08", "2026-09", "2026-10"];

interface CliMonth {
  projects: { started: number; completed: number };
  visits: { total: number; by_kind: Record<string, number> };
}

async function cliMonth(month: string): Promise<CliMonth> {
  const { stdout } = await run(process.execPath, [`${ROOT}bin/support-analytics.js`, "metrics", "--json", "--month", month], { cwd: ROOT, maxBuffer: 64 << 20 });
  return JSON.parse(stdout) as CliMonth;
}

describe("«Внедрение и выезды»: the period's figures are the KPIs'", () => {
  it(`sentence and visits by kind for ${MONTHS[0]} … ${MONTHS.at(-1)} equal the CLI's months summed`, async () => {
    const cli = await Promise.all(MONTHS.map(cliMonth));
    const sum = (pick: (m: CliMonth) => number) => cli.reduce((total, m) => total + pick(m), 0);
    const view = await site.open(`/projects?from=${MONTHS[0]}&to=${MONTHS.at(-1)}`);
    const sentence = await view.page.locator("p", { hasText: "За период" }).first();
    const bold = await sentence.locator("strong").allTextContents();
    expect(bold).toEqual([formatNumber(sum((m) => m.projects.started)), formatNumber(sum((m) => m.projects.completed)), formatNumber(sum((m) => m.visits.total))]);
    expect(sum((m) => m.visits.total)).toBeGreaterThan(0);

    const chart = ".exportable:has(h2:text-is('Выезды по видам'))";
    const csv = (await downloadFrom(view.page, `${chart} >> [data-export="csv"]`)).bytes.toString("utf8").replace(/^\uFEFF/, "").trim().split(/\r?\n/);
    const expected = MONTHS.flatMap((month, i) =>
      Object.keys(VISIT_KIND_LABELS_RU)
        .filter((kind) => (cli[i]!.visits.by_kind[kind] ?? 0) > 0)
        .map((kind) => [month, VISIT_KIND_LABELS_RU[kind], String(cli[i]!.visits.by_kind[kind])].join(";")),
    );
    expect(csv.slice(1)).toEqual(expected);
    expect(view.problems()).toEqual([]);
    await view.context.close();
  });
});
