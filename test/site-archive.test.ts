/**
 * The site's data archive (src/data/site.zip.ts, loaders/site/site-archive.ts): one loader run
 * writes every member of SITE_MEMBERS, each the same bytes as that member computed alone from its
 * own opened dataset (as a separate loader computes it), generatedAt-like timestamps aside; the
 * pages read only members the archive has.
 */
import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import JSZip from "jszip";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "../loaders/db.ts";
import type { Pipeline } from "../loaders/pipeline.ts";
import { closeDataset, openSiteDataset } from "../loaders/site/dataset.ts";
import { produceMembers, zipMembers, type MemberBytes } from "../loaders/site/site-archive.ts";
import { SITE_MEMBERS } from "../loaders/site/site-members.ts";

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL("../", import.meta.url));
const SAMPLE = `${ROOT}data/sample`;
const TSX = `${ROOT}node_modules/.bin/tsx`;
const ENV_KEYS = ["SUPPORT_ANALYTICS_DATA", "SUPPORT_ANALYTICS_DB", "SUPPORT_ANALYTICS_AS_OF", "SUPPORT_ANALYTICS_NOW"] as const;

/** The sample, no warehouse, the data's own as-of: for this process and its children. */
const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
function useSample(): void {
  for (const key of ENV_KEYS) delete process.env[key];
  process.env.SUPPORT_ANALYTICS_DATA = SAMPLE;
}
function restoreEnv(): void {
  for (const key of ENV_KEYS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
}

/** A member's bytes with the moments of the run (generatedAt, the clock in «позже момента проверки») blanked. */
function withoutRunMoments(name: string, bytes: Uint8Array): Uint8Array | string {
  if (!name.endsWith(".json")) return bytes;
  const text = Buffer.from(bytes).toString("utf8").replace(/момента проверки \(\d\d\.\d\d\.\d{4} \d\d:\d\d/g, "момента проверки (…");
  const value = JSON.parse(text) as unknown;
  if (value && typeof value === "object" && "generatedAt" in value) (value as { generatedAt: unknown }).generatedAt = "…";
  return JSON.stringify(value);
}

function bytesOf(value: MemberBytes): Uint8Array {
  return typeof value === "string" ? new TextEncoder().encode(value) : value;
}

describe("src/data/site.zip.ts on the sample", () => {
  let archive: JSZip;
  beforeAll(async () => {
    useSample();
    const { stdout } = await run(TSX, [`${ROOT}src/data/site.zip.ts`], { cwd: ROOT, env: process.env, encoding: "buffer", maxBuffer: 256 * 1024 * 1024, timeout: 240_000 });
    archive = await JSZip.loadAsync(stdout);
  }, 260_000);
  afterAll(restoreEnv);

  it("holds every member of SITE_MEMBERS, in the table's order, and nothing else", () => {
    expect(Object.keys(archive.files)).toEqual(Object.keys(SITE_MEMBERS));
  });

  it("each member is what that member alone makes from its own dataset, byte for byte (run moments aside)", async () => {
    const differing: string[] = [];
    for (const [name, produce] of Object.entries(SITE_MEMBERS)) {
      const pipeline = await openSiteDataset();
      let alone: Uint8Array;
      try {
        alone = bytesOf(await produce(pipeline));
      } finally {
        closeDataset(pipeline);
      }
      const inArchive = await archive.file(name)!.async("uint8array");
      expect(inArchive.length, name).toBeGreaterThan(0);
      if (Buffer.compare(Buffer.from(bytesOf(withoutRunMoments(name, inArchive) as MemberBytes)), Buffer.from(bytesOf(withoutRunMoments(name, alone) as MemberBytes))) !== 0) differing.push(name);
    }
    expect(differing).toEqual([]);
  }, 240_000);

  it("the Arrow members carry their own dictionary ids: the same bytes whatever the process made before", async () => {
    const projects = await archive.file("projects.arrow")!.async("uint8array");
    const clients = await archive.file("clients.arrow")!.async("uint8array");
    const pipeline = await openSiteDataset();
    try {
      const clientsFirst = bytesOf(await SITE_MEMBERS["clients.arrow"]!(pipeline));
      const projectsAfter = bytesOf(await SITE_MEMBERS["projects.arrow"]!(pipeline));
      expect(Buffer.compare(Buffer.from(clientsFirst), Buffer.from(clients))).toBe(0);
      expect(Buffer.compare(Buffer.from(projectsAfter), Buffer.from(projects))).toBe(0);
    } finally {
      closeDataset(pipeline);
    }
  }, 120_000);
});

describe("the pages' data files", () => {
  it("every FileAttachment under data/site/ names a member of the archive", () => {
    const sources = readdirSync(`${ROOT}src`).filter((f) => f.endsWith(".md") || f.endsWith(".md.ts"));
    const used = new Set<string>();
    for (const file of sources) {
      for (const match of readFileSync(`${ROOT}src/${file}`, "utf8").matchAll(/FileAttachment\(\\?"data\/site\/([^"\\]+)\\?"\)/g)) used.add(match[1]!);
    }
    expect(used.size).toBeGreaterThan(10);
    expect([...used].filter((name) => !(name in SITE_MEMBERS))).toEqual([]);
  });
});

describe("produceMembers and zipMembers", () => {
  let db: Awaited<ReturnType<typeof openDatabase>>;
  let pipeline: Pipeline;
  beforeAll(async () => {
    db = await openDatabase();
    // a database default other than UTC: a new connection takes it unless it sets UTC itself
    await db.connection.run("SET GLOBAL TimeZone='Asia/Tokyo'");
    pipeline = { instance: db.instance, connection: db.connection } as Pipeline;
  });
  afterAll(() => {
    db.connection.closeSync();
    db.instance.closeSync();
  });

  it("(self-check) a plain new connection would take the database's default zone", async () => {
    const plain = await db.instance.connect();
    try {
      expect((await plain.runAndReadAll("SELECT current_setting('TimeZone')")).getRows()[0]![0]).toBe("Asia/Tokyo");
    } finally {
      plain.closeSync();
    }
  });

  /** Creates a connection-local table (a second one on the same connection fails) and reports the session's time zone. */
  const tempTableMember = (tag: string) => async (p: Pipeline) => {
    await p.connection.run(`CREATE TEMP TABLE scratch AS SELECT '${tag}' AS tag`);
    const zone = (await p.connection.runAndReadAll("SELECT current_setting('TimeZone')")).getRows()[0]![0];
    await p.connection.run("DROP TABLE scratch");
    return `${tag}:${String(zone)}`;
  };

  it("runs the concurrent members on connections of their own (UTC), and returns the members in the table's order", async () => {
    const slow = (tag: string) => async (p: Pipeline) => {
      await p.connection.run(`CREATE TEMP TABLE scratch AS SELECT '${tag}' AS tag`);
      await new Promise((r) => setTimeout(r, 50));
      const zone = (await p.connection.runAndReadAll("SELECT current_setting('TimeZone')")).getRows()[0]![0];
      return `${tag}:${String(zone)}`;
    };
    const members = { "a.json": tempTableMember("a"), "b.json": slow("b"), "c.json": slow("c"), "d.json": tempTableMember("d") };
    const made = await produceMembers(pipeline, members, new Set(["b.json", "c.json"]));
    expect([...made.entries()]).toEqual([
      ["a.json", "a:UTC"],
      ["b.json", "b:UTC"],
      ["c.json", "c:UTC"],
      ["d.json", "d:UTC"],
    ]);
  });

  it("fails with the error of a concurrent member that fails", async () => {
    const members = {
      "ok.json": tempTableMember("ok"),
      "bad.json": async () => {
        throw new Error("backtest broke");
      },
    };
    await expect(produceMembers(pipeline, members, new Set(["bad.json"]))).rejects.toThrow("backtest broke");
  });

  it("packs the members uncompressed into a ZIP that gives back the same bytes, the same archive for the same members", async () => {
    const members = new Map<string, MemberBytes>([
      ["x.json", '{"a":1}'],
      ["y.arrow", new Uint8Array([0, 255, 7])],
    ]);
    const zip = await zipMembers(members);
    const read = await JSZip.loadAsync(zip);
    expect(await read.file("x.json")!.async("string")).toBe('{"a":1}');
    expect([...(await read.file("y.arrow")!.async("uint8array"))]).toEqual([0, 255, 7]);
    expect(Buffer.compare(Buffer.from(await zipMembers(members)), Buffer.from(zip))).toBe(0);
  });
});

describe("loaders/site/member-cli.ts", () => {
  it("refuses an unknown member, naming it and the members there are", async () => {
    const failed = await run(TSX, [`${ROOT}loaders/site/member-cli.ts`, "metrics.jsn"], { cwd: ROOT }).catch((e: { code: number; stderr: string }) => e);
    expect((failed as { code: number }).code).toBe(1);
    expect((failed as { stderr: string }).stderr).toMatch(/Нет такого файла данных сайта: «metrics\.jsn»; есть: as-of\.json, .*metrics\.json/);
  });
});
