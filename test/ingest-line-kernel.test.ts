/**
 * The physical-record scan's WebAssembly line kernel (loaders/ingest/line-kernel/): the kernel's
 * own output on known lines; the scan with the kernel deep-equal to the JavaScript-only scan on
 * generated files full of the hard cases (spaces and no-break spaces at field boundaries, quotes,
 * multi-line fields, CRLF, bare CR, CR-only files, blank lines, wrong field counts, over-long
 * lines, invalid UTF-8, `,` `;` and TAB), some of them placed across the scan's 8 MB window
 * boundaries; and the committed .wasm byte-identical to what the installed compiler makes of
 * its source.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { LINE_BARE_CR, LINE_FLAG_BITS, LINE_MAYBE_PADDED, LINE_QUOTE, lineKernel } from "../loaders/ingest/line-kernel/line-kernel.ts";
import { MAX_RECORD_BYTES, scanPhysicalRecords, type ScanOptions } from "../loaders/ingest/physical-records.ts";
import { random } from "./helpers/random.ts";

const ROOT = join(import.meta.dirname, "..");
const dir = mkdtempSync(join(tmpdir(), "line-kernel-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NBSP = "\u00A0";
/** The scan's window: 8 MiB chunk + the record limit + 16 bytes. */
const WINDOW_BYTES = (8 << 20) + MAX_RECORD_BYTES + 16;

interface KernelLine {
  end: number;
  delimiters: number;
  quote: boolean;
  bareCr: boolean;
  maybePadded: boolean;
}

/** The kernel's lines for `text` placed at the start of its window. */
function kernelLines(text: string, delimiter: string): KernelLine[] {
  const kernel = lineKernel(WINDOW_BYTES)!;
  const bytes = Buffer.from(text);
  bytes.copy(kernel.window);
  const found = kernel.scan(0, bytes.length, delimiter.charCodeAt(0));
  return Array.from({ length: found }, (_, i) => {
    const info = kernel.lines[2 * i + 1]!;
    return {
      end: kernel.lines[2 * i]!,
      delimiters: info >>> LINE_FLAG_BITS,
      quote: (info & LINE_QUOTE) !== 0,
      bareCr: (info & LINE_BARE_CR) !== 0,
      maybePadded: (info & LINE_MAYBE_PADDED) !== 0,
    };
  });
}

describe("the line kernel", () => {
  it("runs in this Node (WebAssembly SIMD), so the comparisons below compare two paths", () => {
    expect(lineKernel(WINDOW_BYTES)).not.toBeNull();
  });

  it("reports each complete line's LF, delimiters and flags, across 16-byte blocks", () => {
    const long = "x".repeat(40);
    const text = `a,b,c\n${long},${long}\r\n\n,,,,\nd;e\nf, g\n  \nh\n${NBSP}i,j\nrest,without,lf`;
    const ends = [...text.matchAll(/\n/g)].map((m) => Buffer.byteLength(text.slice(0, m.index)));
    expect(kernelLines(text, ",")).toEqual([
      { end: ends[0], delimiters: 2, quote: false, bareCr: false, maybePadded: false },
      { end: ends[1], delimiters: 1, quote: false, bareCr: false, maybePadded: false },
      { end: ends[2], delimiters: 0, quote: false, bareCr: false, maybePadded: false },
      { end: ends[3], delimiters: 4, quote: false, bareCr: false, maybePadded: false },
      { end: ends[4], delimiters: 0, quote: false, bareCr: false, maybePadded: false },
      { end: ends[5], delimiters: 1, quote: false, bareCr: false, maybePadded: true },
      { end: ends[6], delimiters: 0, quote: false, bareCr: false, maybePadded: true },
      { end: ends[7], delimiters: 0, quote: false, bareCr: false, maybePadded: false },
      { end: ends[8], delimiters: 1, quote: false, bareCr: false, maybePadded: true },
    ]);
  });

  it("flags a quote and a bare CR, and stops after the first such line", () => {
    expect(kernelLines('a,"b"\nc\n', ",").map((l) => [l.quote, l.bareCr])).toEqual([[true, false]]);
    expect(kernelLines("a\rb,c\nd\n", ",").map((l) => [l.quote, l.bareCr])).toEqual([[false, true]]);
    expect(kernelLines("a\r\n\r\nb\n", ",").map((l) => l.bareCr)).toEqual([false, false, false]);
    expect(kernelLines("a\r\r\n", ",").map((l) => l.bareCr)).toEqual([true]);
  });

  it("flags a line only where a space, 0xA0 or 0xC2 byte meets a delimiter or a line end", () => {
    const flags = (text: string, delimiter = ",") => kernelLines(text, delimiter).map((l) => l.maybePadded);
    expect(flags("x y,a b\nЖЖ,ЖЖ\n")).toEqual([false, false]);
    expect(flags("ЖР,ЖЖ\n")).toEqual([true]); // Р is D0 A0: flagged, and the exact test finds no padding
    expect(flags("a ,b\na, b\na,b \na,b \r\n a,b\n")).toEqual([true, true, true, true, true]);
    expect(flags(`a${NBSP};b\na;${NBSP}b\na,b;c d\n`, ";")).toEqual([true, true, false]);
    expect(flags("a\t b\na b\tc\n", "\t")).toEqual([true, false]);
  });
});

/** Cells of every kind the scan treats differently (`d` the delimiter, `eol` the line ending). */
function cellMakers(d: string, eol: string): Array<() => string> {
  return [
    () => "plain",
    () => "",
    () => "Привет Мир",
    () => "Р",
    () => " lead",
    () => "trail ",
    () => `${NBSP}nb`,
    () => `nb${NBSP}`,
    () => "a b",
    () => `"x${d}y"`,
    () => `" q "`,
    () => `"a${eol}b"`,
    () => `"he said ""hi"""`,
    () => 'ab"c',
    () => "bare\rcr",
    () => `"open${d}`,
    () => "\xff",
  ];
}

/**
 * A generated export: header, then records of random cells, blank lines and wrong field counts;
 * `rate`: the share of cells of a special kind (a low one leaves a field's padding to a few records).
 */
function generate(seed: number, records: number, d: string, eol: string, rate: number): string {
  const rnd = random(seed);
  const makers = cellMakers(d, eol);
  const cell = () => (rnd() >= rate ? "v" + Math.floor(rnd() * 1000) : makers[Math.floor(rnd() * makers.length)]!());
  const rows = [["id", "a", "b", "c", "e"].join(d)];
  for (let i = 0; i < records; i++) {
    if (rnd() < 0.08) rows.push("");
    if (rnd() < 0.05) rows.push(eol === "\r\n" ? "\r" : " ");
    const width = rnd() < 0.1 ? Math.floor(rnd() * 8) : 5;
    const cells = [`R${i}`, ...Array.from({ length: width - 1 }, cell)];
    if (rnd() < 0.05) cells.push("");
    rows.push(cells.join(d));
  }
  const mixed = seed % 5 === 0 && eol === "\n";
  return rows.map((row, i) => row + (mixed && i % 7 === 3 ? "\r\n" : eol)).join("");
}

function scanBoth(name: string, content: string | Buffer, options: Omit<ScanOptions, "lineKernel">) {
  const path = join(dir, name);
  writeFileSync(path, content);
  const withKernel = scanPhysicalRecords(path, { ...options, lineKernel: true });
  const javascript = scanPhysicalRecords(path, { ...options, lineKernel: false });
  return { withKernel, javascript };
}

describe("the scan with the kernel equals the JavaScript scan", () => {
  const delimiters = [",", ";", "\t"];
  const endings = ["\n", "\r\n", "\r"];
  for (let seed = 1; seed <= 36; seed++) {
    const delimiter = delimiters[seed % 3]!;
    const eol = endings[Math.floor(seed / 3) % 3]!;
    it(`seed ${seed}, ${JSON.stringify(delimiter)}, ${JSON.stringify(eol)}`, () => {
      const text = (seed % 4 === 0 ? "\uFEFF" : "") + generate(seed, 400, delimiter, eol, seed % 2 === 0 ? 0.5 : 0.01);
      const body = seed % 6 === 1 ? text.replace(/\r?\n$/, "") : text; // some files end without a line ending
      const { withKernel, javascript } = scanBoth(`seed-${seed}.csv`, body, { delimiter, headerFields: 5, checkUtf8: false });
      expect(withKernel).toEqual(javascript);
      expect(withKernel.records).toBeGreaterThan(300);
    });
  }

  it("on files with invalid UTF-8 checked (the kernel stands aside) and over-long lines", () => {
    const long = "y".repeat(MAX_RECORD_BYTES + 5);
    const text = `id,a\n1,2\n${long},3\n4, 5\n${long.slice(0, MAX_RECORD_BYTES - 10)}\n6,\xff\n7,8\n`;
    for (const checkUtf8 of [false, true]) {
      const { withKernel, javascript } = scanBoth("long.csv", text, { delimiter: ",", headerFields: 2, checkUtf8 });
      expect(withKernel).toEqual(javascript);
      expect(withKernel.rejects.map((r) => r.code)).toContain("line_too_long");
    }
  });

  it("with the hard cases across the 8 MB window boundaries", () => {
    const filler = "1,Ромашка,2024-01-05,12,x y\n".repeat(Math.ceil((8 << 20) / 30));
    for (const [seed, eol] of [
      [101, "\n"],
      [102, "\r\n"],
      [103, "\n"],
    ] as const) {
      const tail = generate(seed, 12000, ",", eol, 0.003).split(eol).slice(1).join(eol);
      const content = "id,a,b,c,e" + eol + filler.slice(0, (8 << 20) - 2000 * (seed - 100)) + tail;
      const { withKernel, javascript } = scanBoth("big.csv", content, { delimiter: ",", headerFields: 5, checkUtf8: false });
      expect(Buffer.byteLength(content)).toBeGreaterThan(WINDOW_BYTES);
      expect(withKernel).toEqual(javascript);
    }
  });
});

describe("the committed kernel", () => {
  it("is what the installed AssemblyScript compiler makes of its source with `npm run build:wasm`", () => {
    const script: string = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).scripts["build:wasm"];
    const [command, ...args] = script.split(/\s+/);
    expect(command).toBe("asc");
    const output = args.indexOf("-o") + 1;
    const committed = args[output]!;
    args[output] = join(dir, "line-scan.wasm");
    execFileSync(join(ROOT, "node_modules/.bin/asc"), args, { cwd: ROOT, stdio: "pipe" });
    expect(readFileSync(join(dir, "line-scan.wasm")).equals(readFileSync(join(ROOT, committed)))).toBe(true);
  });
});
