/**
 * The filter flags of `support-analytics metrics`: taken out of the arguments (the rest goes to the
 * common data-command parser), checked before any data is read, and a bad one ends the real command
 * with exit 1 and a Russian message naming it.
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { checkFilterFlags, splitFilterFlags } from "../loaders/cli/support-filter.ts";

const ROOT = fileURLToPath(new URL("../", import.meta.url));

describe("metrics filter flags", () => {
  it("takes --from/--to/--priority/--segment/--client out of the arguments, in both spellings", () => {
    expect(splitFilterFlags(["--json", "--priority", "standard", "--client=C-0001", "--month", "2026-10"])).toEqual({
      flags: { priority: "standard", client: "C-0001" },
      rest: ["--json", "--month", "2026-10"],
    });
    expect(splitFilterFlags(["--json", "--month", "2026-10"])).toEqual({ flags: null, rest: ["--json", "--month", "2026-10"] });
    expect(() => splitFilterFlags(["--segment"])).toThrow("Параметру --segment нужно значение");
    expect(() => splitFilterFlags(["--client", "--json"])).toThrow("Параметру --client нужно значение");
  });
  it("rejects an unknown priority, a malformed month and --month beside --from/--to", () => {
    expect(() => checkFilterFlags({ priority: "urgent" }, undefined)).toThrow("Приоритет «urgent» не известен");
    expect(() => checkFilterFlags({ from: "2026-13" }, undefined)).toThrow();
    expect(() => checkFilterFlags({ from: "2026-01" }, "2026-02")).toThrow("либо --month, либо --from/--to");
    expect(() => checkFilterFlags({ priority: "all", segment: "cottage", from: "2026-01", to: "2026-02" }, undefined)).not.toThrow();
  });
  it("the command exits 1 naming the bad flag, before reading any data", () => {
    const child = spawnSync(process.execPath, [`${ROOT}bin/support-analytics.js`, "metrics", "--priority", "urgent", "--data", "/nonexistent"], { cwd: ROOT, encoding: "utf8" });
    expect(child.status).toBe(1);
    expect(child.stderr).toContain("Приоритет «urgent» не известен");
    expect(child.stdout).toBe("");
  });
});
