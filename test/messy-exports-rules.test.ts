/**
 * Messy exports, the validation rules and the simulator's bounds, through the real CLI as child
 * processes: every case of test/corpus/rule-cases.ts (damage generated from data/sample/) is
 * validated, then `tickets` and `metrics` must run on what validate accepted; `simulate` refuses
 * sizes beyond its bounds quickly, names the wrong scenario field, and calls an overloaded queue
 * unstable.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { SAMPLE_DIR, writeCase } from "./corpus/make-corpus.ts";
import { CASES, type RuleCase } from "./corpus/rule-cases.ts";
import type { Reject } from "../loaders/ingest/reject-codes.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const BIN = fileURLToPath(new URL("../bin/support-analytics.js", import.meta.url));
/** the sample's «now»: its last generated moment */
const NOW = (JSON.parse(readFileSync(join(SAMPLE_DIR, "GENERATED.json"), "utf8")) as { ends_at: string }).ends_at;
const COMMAND_TIMEOUT_MS = 120_000;

const work = mkdtempSync(join(tmpdir(), "messy-rules-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** ru-RU numbers group digits with no-break spaces; the expectations are written with plain ones. */
const plain = (text: string) => text.replace(/[\u00A0\u202F]/g, " ");

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8", timeout: COMMAND_TIMEOUT_MS, maxBuffer: 256 * 1024 * 1024 });
  return { status: result.status, stdout: plain(result.stdout), stderr: plain(result.stderr) };
}

const planted = (JSON.parse(readFileSync(join(SAMPLE_DIR, "INVALID_ROWS.json"), "utf8")) as Reject[]).map(
  (r) => `${r.file}:${r.line}:${r.field}:${r.code}`,
);

/** validate, then tickets and metrics, on one case; every check names the case. */
function checkCase(c: RuleCase): void {
  const dir = writeCase(c, work);
  const expected = c.expect(SAMPLE_DIR);
  const validate = cli("validate", "--data", dir, "--json", "--now", NOW);
  expect(validate.status, `${c.id}: validate exit (${validate.stderr})`).toBe(expected.validateExit);
  if (expected.validateExit === 2) {
    expect(validate.stdout, c.id).toBe("");
    for (const text of expected.fileError!.says) expect(validate.stderr, c.id).toContain(text);
  } else {
    const json = JSON.parse(validate.stdout) as { files: Record<string, { error?: string; status: string }>; rejects: Reject[] };
    if (expected.fileError) {
      const file = json.files[expected.fileError.table]!;
      for (const text of expected.fileError.says) expect(file.error, c.id).toContain(text);
    }
    const fresh = json.rejects.filter((r) => !planted.includes(`${r.file}:${r.line}:${r.field}:${r.code}`));
    const cascade = (r: Reject) => r.code === "unknown_reference" && (expected.cascadeIds ?? []).includes(r.value);
    expect(
      fresh.filter((r) => !cascade(r)).map((r) => `${r.file}:${r.line}:${r.field}:${r.code}`),
      c.id,
    ).toEqual(expected.rejects.map((r) => `${r.file}:${r.line}:${r.field}:${r.code}`));
    for (const want of expected.rejects) {
      const got = fresh.find((r) => r.file === want.file && r.line === want.line && r.field === want.field)!;
      expect(got.message, c.id).toContain(`${want.file}.csv, строка ${want.line}, поле «${want.field}»`);
      for (const text of want.says) expect(got.message, c.id).toContain(text);
    }
    // every planted row is still rejected (a refused file's rows are not read at all)
    const refused = expected.fileError?.table;
    for (const key of planted.filter((k) => !k.startsWith(`${refused}:`))) expect(json.rejects.map((r) => `${r.file}:${r.line}:${r.field}:${r.code}`), c.id).toContain(key);
  }
  for (const args of [["tickets", "--json"], ["metrics", "--month", "2026-10", "--json"]]) {
    const run = cli(...args, "--data", dir, "--as-of", NOW);
    if (expected.laterCommandsSucceed) {
      expect(run.status, `${c.id}: ${args[0]} (${run.stderr})`).toBe(0);
      expect(() => JSON.parse(run.stdout), `${c.id}: ${args[0]} prints JSON`).not.toThrow();
    } else {
      expect(run.status, `${c.id}: ${args[0]}`).toBe(1);
      for (const text of expected.fileError!.says) expect(run.stderr, `${c.id}: ${args[0]}`).toContain(text);
      expect(run.stderr, c.id).not.toMatch(/\n\s+at /);
    }
  }
}

function casesOfRow(row: 7 | 8 | 11): RuleCase[] {
  const cases = CASES.filter((c) => c.expect(SAMPLE_DIR).row === row);
  expect(cases.length).toBeGreaterThan(0);
  return cases;
}

const CASE_TIMEOUT_MS = 600_000;

describe("messy exports: dates, header, numbers (validate, then tickets and metrics)", () => {
  it("row 7: two-digit and absurd years, years outside the production calendar are rejected naming the year; the earliest accepted year breaks nothing later", () => {
    for (const c of casesOfRow(7)) checkCase(c);
  }, CASE_TIMEOUT_MS);

  it("row 8: a column named twice in the header is an error naming both positions and texts", () => {
    for (const c of casesOfRow(8)) checkCase(c);
  }, CASE_TIMEOUT_MS);

  it("row 11: impossible offsets, a response after the resolution and absurd numbers are rejected by a documented bound", () => {
    for (const c of casesOfRow(11)) checkCase(c);
  }, CASE_TIMEOUT_MS);
});

const ERLANG = ["simulate", "--erlang", "--arrivals-per-hour", "16.2", "--aht-minutes", "10", "--answer-within-minutes", "5"];

describe("messy inputs to simulate", () => {
  it("row 14: sizes beyond the bounds are refused at once, naming the flag; utilization ≥ 1 is called unstable in text and JSON", () => {
    const refusals: Array<[string[], string]> = [
      [["--agents", "1000000", "--hours", "100"], "--agents: 1 000 000 — больше допустимого (не больше 100)"],
      [["--agents", "3", "--hours", "1e9"], "--hours: 1 000 000 000 — больше допустимого (не больше 100 000)"],
      [["--agents", "3", "--hours", "90000"], "обращений за прогон (--arrivals-per-hour × --hours) — больше допустимого (не больше 1 000 000)"],
      [["--agents", "3", "--hours", "50000", "--runs", "1000"], "обращений во всех прогонах (--arrivals-per-hour × --hours × --runs) — больше допустимого (не больше 5 000 000); уменьшите --hours или --runs"],
    ];
    for (const [args, text] of refusals) {
      const started = Date.now();
      const run = cli(...ERLANG, ...args, "--json");
      expect(run.status, args.join(" ")).toBe(1);
      expect(run.stdout).toBe("");
      expect(run.stderr).toContain(text);
      expect(run.stderr).toContain("scenarios/README.md");
      // refused before any simulation: far below the child timeout (a run of that size takes minutes and gigabytes)
      expect(Date.now() - started).toBeLessThan(COMMAND_TIMEOUT_MS / 2);
    }
    const overloaded = ["simulate", "--erlang", "--arrivals-per-hour", "30", "--aht-minutes", "10", "--answer-within-minutes", "5", "--agents", "3", "--hours", "200", "--runs", "2"];
    const text = cli(...overloaded);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain("Очередь неустойчива: загрузка λ·AHT/c = 166,7 % ≥ 100 %");
    expect(text.stdout).toContain("Erlang C неприменим");
    expect(text.stdout).not.toContain("Infinity");
    const json = JSON.parse(cli(...overloaded, "--json").stdout) as { stable: boolean; message: string; erlang_c: unknown };
    expect(json.stable).toBe(false);
    expect(json.message).toContain("Очередь неустойчива");
    expect(json.erlang_c).toBeNull();
    const stable = JSON.parse(cli(...ERLANG, "--agents", "3", "--hours", "200", "--runs", "2", "--json").stdout) as { stable: boolean; erlang_c: { p_wait: number } };
    expect(stable.stable).toBe(true);
    expect(stable.erlang_c.p_wait).toBeGreaterThan(0.8);
  }, CASE_TIMEOUT_MS);

  it("row 15: a scenario of the wrong shape or with absurd numbers gets a message naming the field's JSON path", () => {
    const scenarios: Array<[string, string]> = [
      ["null", "сценарий должен быть JSON-объектом с полями сценария"],
      ["[1, 2]", "а в файле — массив"],
      ['{"tickets": null}', "поле «tickets» должно быть объектом, а в сценарии — null"],
      ['{"tickets": {"perClientMonth": 1e9}}', "поле «tickets.perClientMonth»: 1 000 000 000 — больше допустимого (от 0 до 100)"],
      ['{"tickets": {"weekdayProfile": [1, 2]}}', "поле «tickets.weekdayProfile»: ожидается массив из 7 чисел"],
      ['{"staff": {"support_manager": "два"}}', "поле «staff.support_manager» должно быть числом, а в сценарии — строка"],
      ['{"hires": [{"role": "boss", "month": "2027-01"}]}', "поле «hires[0].role»"],
      ['{"clients": {"initial": 5000}, "tickets": {"perClientMonth": 5}}', "обращений в месяц — больше допустимого (не больше 20 000)"],
      ['{"absences": {"sickEpisodeDays": 400}}', "поле «absences.sickEpisodeDays»: 400 — больше допустимого (от 0 до 120)"],
      ['{"absences": {"schedule": [{"role": "support_manager", "start": "2027-13", "days": 14}]}}', "поле «absences.schedule[0].start»: ожидается «ГГГГ-ММ» или «ГГГГ-ММ-ДД»"],
    ];
    for (const [index, [text, says]] of scenarios.entries()) {
      const file = join(work, `scenario-${index}.json`);
      writeFileSync(file, text);
      const run = cli("simulate", "--scenario", file, "--base", "settings", "--runs", "10", "--json");
      expect(run.status, text).toBe(1);
      expect(run.stdout, text).toBe("");
      expect(run.stderr, text).toContain(file);
      expect(run.stderr, text).toContain(says);
    }
    // the committed sample scenario stays within the bounds
    expect(cli("simulate", "--scenario", "scenarios/400-tickets.json", "--base", "settings", "--runs", "10", "--json").status).toBe(0);
  }, CASE_TIMEOUT_MS);
});
