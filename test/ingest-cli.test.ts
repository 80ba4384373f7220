/**
 * `npx support-analytics validate`: exit codes, the documented JSON shape, the Russian text
 * report; and data/README.md documents every canonical column.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { renderReadme } from "../loaders/ingest/schema-doc.ts";
import { SCHEMA, TABLE_NAMES } from "../loaders/schema.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const BIN = fileURLToPath(new URL("../bin/support-analytics.js", import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: "utf8", env: { ...process.env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("support-analytics validate", () => {
  it("prints the JSON accounting and rejects and exits 0 when rows are rejected", () => {
    const { status, stdout } = cli("validate", "--data", fixture("utf8"), "--json", "--now", "2026-11-24T12:00:00Z");
    expect(status).toBe(0);
    const json = JSON.parse(stdout) as {
      files: Record<string, { read: number; accepted: number; rejected: number }>;
      rejects: Array<Record<string, unknown>>;
    };
    expect(Object.keys(json)).toEqual(["files", "rejects"]);
    expect(Object.keys(json.files)).toEqual(TABLE_NAMES);
    // the committed production calendar (2024–2027) does not cover T6 (2013) and T23 (2005)
    expect(json.files.tickets).toMatchObject({ read: 24, accepted: 7, rejected: 17 });
    expect(json.files.payments).toMatchObject({ read: 0, accepted: 0, rejected: 0, status: "missing" });
    expect(json.rejects).toHaveLength(36);
    for (const reject of json.rejects) {
      expect(Object.keys(reject)).toEqual(["file", "line", "field", "value", "code", "message"]);
    }
    expect(json.rejects[0]).toMatchObject({ file: "clients", line: 5, field: "churned_at", value: "2024-03-01", code: "chronology" });
  });

  it("prints a Russian report by default", () => {
    const { status, stdout } = cli("validate", "--data", fixture("bitrix-cp1251"), "--now", "2026-11-24T12:00:00Z");
    expect(status).toBe(0);
    expect(stdout).toContain("Прочитано");
    expect(stdout).toMatch(/tickets\s+Обращения\s+прочитан\s+Windows-1251\s+«;»\s+5\s+3\s+2/);
    expect(stdout).toContain("нет данных");
    expect(stdout).toContain("tickets.csv, строка 5, поле «created_at»");
  });

  it("exits 2 with one line on stderr when a required file is missing", () => {
    const { status, stdout, stderr } = cli("validate", "--data", fixture("no-clients"), "--json");
    expect(status).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain("clients.csv");
  });

  it("exits 1 on an unknown option", () => {
    expect(cli("validate", "--bogus").status).toBe(1);
  });
});

describe("data/README.md", () => {
  it("documents every table and column of the canonical schema", () => {
    const readme = readFileSync(fileURLToPath(new URL("../data/README.md", import.meta.url)), "utf8");
    for (const table of TABLE_NAMES) {
      expect(readme).toContain(`\`${table}\``);
      for (const column of SCHEMA[table].columns) {
        expect(readme, `${table}.${column.name}`).toMatch(new RegExp(`\\| \`${column.name}\`${column.required ? " ?\\*" : ""} `));
      }
    }
  });

  it("has its generated schema tables up to date (npx tsx loaders/ingest/schema-doc.ts --write)", () => {
    const readme = readFileSync(fileURLToPath(new URL("../data/README.md", import.meta.url)), "utf8");
    expect(renderReadme(readme)).toBe(readme);
  });
});
