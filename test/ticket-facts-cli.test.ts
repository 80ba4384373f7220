/**
 * `support-analytics tickets` end to end: real CSV files through ingestion, the business calendar
 * and the SLA rules; timestamps with an offset, in UTC and without one (Moscow local time).
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { run } from "../loaders/cli/tickets.ts";

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "tickets-cli-"));
  writeFileSync(join(dir, "clients.csv"), "client_id,name,contract_start\nC1,ЖК Север,2024-01-10\nC2,БЦ Юг,2024-02-01\n");
  writeFileSync(
    join(dir, "tickets.csv"),
    [
      "ticket_id,client_id,created_at,priority,first_response_at,resolved_at,category,escalated",
      // 08:59 Moscow written three ways: with +03:00, as UTC, and without an offset
      "E1,C1,2026-03-02T08:59:00+03:00,emergency,2026-03-02T06:14:00Z,2026-03-02 13:00,Доступ,нет",
      "E2,C1,2026-03-02T05:59:00Z,emergency,2026-03-02 09:16,2026-03-02T10:00:00+03:00,Доступ,да",
      // New Year: 30 Dec 2025 17:00 → 12 Jan 2026 10:00 = 120 business minutes, 305 calendar hours
      "S1,C2,2025-12-30 17:00,standard,,2026-01-12 10:00,Оплата,",
      // open at as-of (Fri 6 Mar 2026 12:00): created Mon 2 Mar 09:00 → 4 d 3 h → open
      "S2,C2,2026-03-02 09:00,standard,,,Оплата,нет",
      // open past 5 × 24 h → breached
      "C1,C2,2026-02-27 09:00,consultation,,,Оплата,нет",
    ].join("\n") + "\n",
  );
  return dir;
}

async function capture(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => ((out += String(chunk)), true));
  vi.spyOn(process.stderr, "write").mockImplementation((chunk: string | Uint8Array) => ((err += String(chunk)), true));
  const code = await run(args);
  vi.restoreAllMocks();
  return { code, out, err };
}

afterEach(() => vi.restoreAllMocks());

describe("support-analytics tickets", () => {
  it("--json: one object per ticket with durations, SLA status, repeat and escalation", async () => {
    const { code, out, err } = await capture(["--data", dataDir(), "--json", "--as-of", "2026-03-06T12:00:00+03:00"]);
    expect(err).toBe("");
    expect(code).toBe(0);
    const rows = JSON.parse(out) as Record<string, unknown>[];
    expect(rows).toEqual([
      {
        ticket_id: "S1",
        priority: "standard",
        response_business_minutes: 120,
        resolution_business_minutes: 120,
        resolution_calendar_hours: 305,
        sla_status: "breached",
        is_repeat: false,
        escalated: null,
      },
      {
        ticket_id: "C1",
        priority: "consultation",
        response_business_minutes: null,
        resolution_business_minutes: null,
        resolution_calendar_hours: null,
        sla_status: "breached",
        is_repeat: false,
        escalated: false,
      },
      {
        ticket_id: "E1",
        priority: "emergency",
        response_business_minutes: 14,
        resolution_business_minutes: 240,
        resolution_calendar_hours: 4 + 1 / 60,
        sla_status: "on_target",
        is_repeat: false,
        escalated: false,
      },
      {
        ticket_id: "E2",
        priority: "emergency",
        response_business_minutes: 16,
        resolution_business_minutes: 60,
        resolution_calendar_hours: 1 + 1 / 60,
        sla_status: "breached",
        is_repeat: true,
        escalated: true,
      },
      {
        ticket_id: "S2",
        priority: "standard",
        response_business_minutes: null,
        resolution_business_minutes: null,
        resolution_calendar_hours: null,
        sla_status: "open",
        is_repeat: true,
        escalated: false,
      },
    ]);
  });

  it("without --json prints a Russian table and a summary", async () => {
    const { code, out } = await capture(["--data", dataDir(), "--as-of", "2026-03-06T12:00"]);
    expect(code).toBe(0);
    expect(out).toContain("Обращение");
    expect(out).toMatch(/экстренное\s+всего 2; в целевой срок 1, в пределах лимита 0, нарушено 1, в работе 0; соблюдение SLA 50\s%/);
    expect(out).toMatch(/стандартное\s+всего 2; в целевой срок 0, в пределах лимита 0, нарушено 1, в работе 1; соблюдение SLA 0\s%/);
    const summary = out.slice(out.indexOf("Итог по приоритетам"));
    expect(summary.indexOf("экстренное")).toBeLessThan(summary.indexOf("стандартное"));
  });

  it("a bad --as-of is a clear error", async () => {
    const { code, err } = await capture(["--data", dataDir(), "--as-of", "вчера"]);
    expect(code).toBe(1);
    expect(err).toContain("--as-of: «вчера» — не дата ISO 8601");
  });
});
