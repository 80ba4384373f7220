/**
 * «Клиенты» draws the clients per segment that Node computes: in Chromium, the chart «Активные
 * клиенты по сегментам» and its CSV show, for the period's last month, the active and churned
 * clients of each segment that the archive member client-segments.json gives when computed alone
 * in a child process (loaders/site/member-cli.ts), and they add up to what `support-analytics
 * metrics --month` gives as clients.active.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeColumns, type EncodedTable } from "../../src/core/columns.ts";
import type { ClientSegmentRow } from "../../src/core/rows.ts";
import { SEGMENT_LABELS_RU } from "../../src/core/labels.ts";
import { formatDay, formatNumber } from "../../src/core/format.ts";
import { downloadFrom, useSite } from "./harness.ts";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const run = promisify(execFile);
const site = useSite();
const CHART = ".exportable:has(h2:text-is('Активные клиенты по сегментам'))";

let segments: ClientSegmentRow[];
beforeAll(async () => {
  const { stdout } = await run(`${ROOT}node_modules/.bin/tsx`, [`${ROOT}loaders/site/member-cli.ts`, "client-segments.json"], { cwd: ROOT, maxBuffer: 16 << 20 });
  segments = decodeColumns<ClientSegmentRow>(JSON.parse(stdout) as EncodedTable);
}, 120_000);

/** `support-analytics metrics --json [--month M]`: the month (without --month, the last complete one) and its clients.active. */
async function cliClients(month: string | null): Promise<{ month: string; active: number }> {
  const flags = month ? ["--month", month] : [];
  const { stdout } = await run(process.execPath, [`${ROOT}bin/support-analytics.js`, "metrics", "--json", ...flags], { cwd: ROOT, maxBuffer: 64 << 20 });
  const kpis = JSON.parse(stdout) as { month: string; clients: { active: number } };
  return { month: kpis.month, active: kpis.clients.active };
}

/** Splits one CSV line on «;» (the segment file has no quoted cells). */
const csvRows = (bytes: Buffer) =>
  bytes.toString("utf8").replace(/^\uFEFF/, "").trim().split(/\r?\n/).map((line) => line.split(";"));

describe("«Клиенты»: clients per segment", () => {
  // the page's default period ends with the last complete month, as `metrics` without --month
  for (const [query, to] of [["", null], ["?from=2025-01&to=2026-06", "2026-06"]] as const) {
    it(`shows Node's figures for the period's last month (/clients${query})`, async () => {
      const cli = await cliClients(to);
      const month = cli.month;
      const expected = segments.filter((r) => r.month === month);
      expect(expected.length).toBeGreaterThanOrEqual(4);
      const view = await site.open(`/clients${query}`);

      const chart = view.page.locator(CHART);
      const drawn = await chart.locator("svg").first().evaluate((svg) => ({
        labels: [...svg.querySelectorAll("g[aria-label='y-axis tick label'] text")].map((t) => t.textContent),
        numbers: [...svg.querySelectorAll("g[aria-label='text'] text")].map((t) => t.textContent),
      }));
      expect(drawn.labels).toEqual(expected.map((r) => SEGMENT_LABELS_RU[r.segment] ?? r.segment));
      expect(drawn.numbers).toEqual(expected.map((r) => formatNumber(r.active)));
      expect(await chart.textContent()).toContain(`Активные на ${formatDay(expected[0]!.day)}`);

      const csv = csvRows((await downloadFrom(view.page, `${CHART} >> [data-export="csv"]`)).bytes);
      expect(csv[0]).toEqual(["Сегмент", "Активных", "Ушли за 12 мес."]);
      expect(csv.slice(1)).toEqual(expected.map((r) => [SEGMENT_LABELS_RU[r.segment] ?? r.segment, String(r.active), String(r.churned_12m)]));

      expect(expected.reduce((sum, r) => sum + r.active, 0)).toBe(cli.active);
      expect(view.problems()).toEqual([]);
      await view.context.close();
    });
  }
});
