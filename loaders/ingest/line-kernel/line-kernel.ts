/**
 * The line kernel of the physical-record scan (physical-records.ts): line-scan.wasm, compiled by
 * AssemblyScript from line-scan.as.ts (`npm run build:wasm`), finds with WebAssembly SIMD each
 * LF-terminated line of a window of the file, its number of delimiters and whether it holds a
 * quote, a bare CR or a byte that may pad a field (see line-scan.as.ts). Node only.
 *
 * One instance per process, made on first use: a WebAssembly memory holding the scan's window
 * (the file's bytes are read straight into it) and the output of one call, allocated once. Where
 * WebAssembly SIMD is unavailable, `lineKernel` returns null and the scan runs in JavaScript.
 */
import { readFileSync } from "node:fs";

/** A line holds a `"`. */
export const LINE_QUOTE = 1;
/** A line holds a CR that is not the one right before its LF. */
export const LINE_BARE_CR = 2;
/** A line holds a space, 0xA0 or 0xC2 byte next to a delimiter or a line end: some field may be padded. */
export const LINE_MAYBE_PADDED = 4;
/** Bits of a line's info word below its delimiter count. */
export const LINE_FLAG_BITS = 3;

const WASM_URL = new URL("./line-scan.wasm", import.meta.url);
const PAGE_BYTES = 64 << 10;
/** The window starts after the kernel's first page; the byte before it is an LF. */
const WINDOW_ADDRESS = PAGE_BYTES;
/** Readable bytes after the window (the kernel reads 16 bytes from the byte after each block). */
const WINDOW_SLACK_BYTES = 64;
/** Lines one call writes at most (8 bytes each). */
const LINES_PER_CALL = 1 << 16;
const LF = 10;

type ScanLines = (base: number, from: number, end: number, delimiter: number, out: number, maxLines: number) => number;

export interface LineKernel {
  /** the scan window's storage, a view over the kernel's memory */
  readonly window: Buffer;
  /** the last call's lines: [2 i] window index of the LF, [2 i + 1] delimiters << LINE_FLAG_BITS | flags */
  readonly lines: Int32Array;
  /**
   * Finds the complete lines of window[from, end) (`from` starts a line): at most LINES_PER_CALL,
   * and none after the first one with a quote or a bare CR. Returns how many `lines` holds.
   */
  scan(from: number, end: number, delimiter: number): number;
}

let compiled: WebAssembly.Module | null | undefined;
let instance: LineKernel | null = null;

/** The compiled kernel, or null when this runtime cannot run it (no WebAssembly SIMD). */
function kernelModule(): WebAssembly.Module | null {
  if (compiled === undefined) {
    const bytes = readFileSync(WASM_URL);
    compiled = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  }
  return compiled;
}

function makeKernel(module: WebAssembly.Module, windowBytes: number): LineKernel {
  const outAddress = Math.ceil((WINDOW_ADDRESS + windowBytes + WINDOW_SLACK_BYTES) / 8) * 8;
  const pages = Math.ceil((outAddress + LINES_PER_CALL * 8) / PAGE_BYTES);
  const memory = new WebAssembly.Memory({ initial: pages, maximum: pages });
  const exports = new WebAssembly.Instance(module, { env: { memory } }).exports as { scanLines: ScanLines };
  const scanLines = exports.scanLines;
  new Uint8Array(memory.buffer)[WINDOW_ADDRESS - 1] = LF;
  return {
    window: Buffer.from(memory.buffer, WINDOW_ADDRESS, windowBytes),
    lines: new Int32Array(memory.buffer, outAddress, LINES_PER_CALL * 2),
    scan: (from, end, delimiter) =>
      scanLines(WINDOW_ADDRESS, WINDOW_ADDRESS + from, WINDOW_ADDRESS + end, delimiter, outAddress, LINES_PER_CALL),
  };
}

/** The process's kernel for a window of `windowBytes`, or null when WebAssembly SIMD is unavailable. */
export function lineKernel(windowBytes: number): LineKernel | null {
  const module = kernelModule();
  if (module === null) return null;
  if (instance === null || instance.window.length !== windowBytes) instance = makeKernel(module, windowBytes);
  return instance;
}
