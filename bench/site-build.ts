/**
 * Clean builds of the site, side by side in one run: the sample (target ≤ 15 s), the 10× sample
 * (target ≤ 25 s; generated once into bench/out/data-10x) and the floor — Framework's build of
 * the same pages with their data files already made (static files, no loader). Each line gives
 * the wall time, the CPU time of the build's processes (steadier than wall time on a busy
 * machine), the data loader's own time from Framework's log, and the ratio to the floor.
 * Leaves dist/ built from the sample. Figures only, nothing asserted.
 * Run alone: `npx tsx bench/site-build.ts`.
 */
import { execFile, spawn } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import JSZip from "jszip";
import { buildSite, CACHE_DIR, PROJECT_ROOT } from "../loaders/site/build.ts";
import { formatSeconds } from "./phase.ts";

const OUT_DIR = fileURLToPath(new URL("./out/", import.meta.url));
const DATA_10X = join(OUT_DIR, "data-10x");
const FLOOR_DIR = join(OUT_DIR, "build-floor");
const OBSERVABLE = join(PROJECT_ROOT, "node_modules/.bin/observable");
const ARCHIVE_LOADER = /load \/data\/site\.zip → \[missing\] (?:[^\n]*\n)*?[^\n]*?success [^\n]*? in (\d+)ms/;
const WARM_ARCHIVE_TAKEN = "данные сайта: архив, рассчитанный рядом со сборкой";
const PAGE_LOADER = /load \/methodology\.md → \[missing\] success .*? in (\d+)ms/;
/** Linux counts children's CPU time in clock ticks of 1/100 s */
const TICKS_PER_SECOND = 100;

interface BuildFigures {
  wallMs: number;
  /** user + system CPU of the finished child processes (the build and its loaders) */
  cpuMs: number;
  /** the archive loader's time as Framework logs it; null when it did not run */
  loaderMs: number | null;
  pageLoaderMs: number | null;
  /** the loader took the archive the warm-up computed beside the build */
  warmTaken: boolean;
}

/** CPU time of this process's finished children so far (cutime + cstime of /proc/self/stat), milliseconds. */
function childrenCpuMs(): number {
  const fields = readFileSync("/proc/self/stat", "utf8").split(") ")[1]!.split(" ");
  // fields after the command: state is 0, so cutime (field 16) and cstime (17) are 13 and 14
  return ((Number(fields[13]) + Number(fields[14])) * 1000) / TICKS_PER_SECOND;
}

/** From a build's log: the data archive loader's and the «Методика» loader's times, and whether the warm archive was taken. */
export function loaderFigures(output: string): Pick<BuildFigures, "loaderMs" | "pageLoaderMs" | "warmTaken"> {
  const loader = ARCHIVE_LOADER.exec(output);
  const page = PAGE_LOADER.exec(output);
  return {
    loaderMs: loader ? Number(loader[1]) : null,
    pageLoaderMs: page ? Number(page[1]) : null,
    warmTaken: output.includes(WARM_ARCHIVE_TAKEN),
  };
}

function figuresOf(output: string, wallMs: number, cpuMs: number): BuildFigures {
  return { wallMs, cpuMs, ...loaderFigures(output) };
}

/** `npm run build` of the project on the data `env` points to. */
async function cleanBuild(env: NodeJS.ProcessEnv): Promise<BuildFigures> {
  const cpuBefore = childrenCpuMs();
  const result = await buildSite({ clean: true, env });
  return figuresOf(result.output, result.elapsedMs, childrenCpuMs() - cpuBefore);
}

/** The 10× sample (69,145 tickets): `npm run generate -- --out DIR --as-of 2026-11-24 --tickets-per-month 2920 --clients 2170`, once. */
async function ensureTenfoldData(): Promise<string> {
  if (existsSync(join(DATA_10X, "GENERATED.json"))) return DATA_10X;
  const args = ["--import", "tsx", join(PROJECT_ROOT, "loaders/generate/main.ts"), "--out", DATA_10X, "--as-of", "2026-11-24"];
  await promisify(execFile)(process.execPath, [...args, "--tickets-per-month", "2920", "--clients", "2170"], { cwd: PROJECT_ROOT });
  return DATA_10X;
}

/**
 * A copy of src/ where the data files are static: the members of the archive the last build
 * made, and «Методика» as the page its loader wrote. Its own config re-exports the project's.
 */
async function prepareFloor(): Promise<void> {
  rmSync(FLOOR_DIR, { recursive: true, force: true });
  const src = join(FLOOR_DIR, "src");
  cpSync(join(PROJECT_ROOT, "src"), src, {
    recursive: true,
    filter: (path) => !path.includes(".observablehq") && !path.endsWith(".md.ts") && !path.endsWith("site.zip.ts"),
  });
  const archive = await JSZip.loadAsync(readFileSync(join(CACHE_DIR, "data", "site.zip")));
  mkdirSync(join(src, "data", "site"), { recursive: true });
  for (const name of Object.keys(archive.files)) writeFileSync(join(src, "data", "site", name), await archive.file(name)!.async("uint8array"));
  cpSync(join(CACHE_DIR, "methodology.md"), join(src, "methodology.md"));
  writeFileSync(join(FLOOR_DIR, "observablehq.config.ts"), `export { default } from ${JSON.stringify(join(PROJECT_ROOT, "observablehq.config.ts"))};\n`);
}

/** `observable build` of the floor copy from a clean cache. */
async function floorBuild(): Promise<BuildFigures> {
  rmSync(join(FLOOR_DIR, "src", ".observablehq"), { recursive: true, force: true });
  rmSync(join(FLOOR_DIR, "dist"), { recursive: true, force: true });
  const cpuBefore = childrenCpuMs();
  const started = performance.now();
  const chunks: string[] = [];
  const code = await new Promise<number>((resolveExit, reject) => {
    const child = spawn(OBSERVABLE, ["build"], { cwd: FLOOR_DIR, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => chunks.push(chunk.toString()));
    child.once("error", reject);
    child.once("close", (exitCode) => resolveExit(exitCode ?? 1));
  });
  if (code !== 0) throw new Error(`Сборка «пола» не удалась (код ${code}):\n${chunks.join("").slice(-4000)}`);
  return figuresOf(chunks.join(""), performance.now() - started, childrenCpuMs() - cpuBefore);
}

function line(label: string, figures: BuildFigures, floor: BuildFigures | null, targetMs: number | null): string {
  const parts = [`${label}: ${formatSeconds(figures.wallMs)}`, `ЦП ${formatSeconds(figures.cpuMs)}`];
  if (figures.loaderMs !== null) {
    const how = figures.warmTaken ? "с ожиданием расчёта рядом со сборкой" : "расчёт в загрузчике";
    parts.push(`загрузчик данных ${formatSeconds(figures.loaderMs)} (${how})`);
  }
  if (figures.pageLoaderMs !== null) parts.push(`загрузчик «Методики» ${formatSeconds(figures.pageLoaderMs)}`);
  if (floor) parts.push(`${(figures.wallMs / floor.wallMs).toLocaleString("ru-RU", { maximumFractionDigits: 2 })}× пола`);
  if (targetMs !== null) parts.push(`цель ≤ ${formatSeconds(targetMs)}`);
  return parts.join("; ");
}

export async function benchSiteBuild(): Promise<void> {
  const tenfold = await ensureTenfoldData();
  const base: NodeJS.ProcessEnv = { SUPPORT_ANALYTICS_DB: "", SUPPORT_ANALYTICS_AS_OF: "", SUPPORT_ANALYTICS_NOW: "" };
  console.log(`Нагрузка машины перед сборками (loadavg за 1 мин): ${loadavg()[0]!.toLocaleString("ru-RU", { maximumFractionDigits: 1 })}`);
  const big = await cleanBuild({ ...base, SUPPORT_ANALYTICS_DATA: tenfold });
  const sample = await cleanBuild({ ...base, SUPPORT_ANALYTICS_DATA: join(PROJECT_ROOT, "data", "sample") });
  await prepareFloor();
  const floor = await floorBuild();
  console.log(line("пол: те же страницы, данные готовыми файлами", floor, null, null));
  console.log(line("npm run build, образец (чистый кэш)", sample, floor, 15_000));
  console.log(line("npm run build, 10× образца (чистый кэш)", big, floor, 25_000));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  await benchSiteBuild();
}
