/**
 * The WebAssembly SIMD kernel of the physical-record scan (line-kernel.ts loads it), in
 * AssemblyScript (v128, i32, usize: compiled by asc into line-scan.wasm, left out of tsc by
 * tsconfig.json): finds the LF-terminated lines of a window of the file's bytes, 16 bytes at a
 * time, and writes for each line where its LF is, its number of delimiters and flags. The caller lays out the memory: the
 * window's bytes with at least one byte before them and 32 after them readable, and the output.
 *
 * Output, per line i (two i32 at out + 8 i): the window index of its LF; delimiters << 3 | flags.
 * Flags: QUOTE (the line holds a `"`), BARE_CR (a CR that is not the one right before the LF),
 * MAYBE_PADDED (a byte 0x20, 0xA0 or 0xC2 next to a delimiter, an LF or a CR, or the byte before the
 * window: every space or no-break space at a field's boundary is among them).
 */

const LF: i8 = 10;
const CR: i8 = 13;
const QUOTE: i8 = 34;
const SPACE: i8 = 0x20;
const NBSP_LEAD: i8 = -62; // 0xC2
const NBSP_TRAIL: i8 = -96; // 0xA0

const FLAG_QUOTE: i32 = 1;
const FLAG_BARE_CR: i32 = 2;
const FLAG_MAYBE_PADDED: i32 = 4;
const FLAG_BITS: i32 = 3;

/**
 * Scans the bytes [from, end) (memory addresses; `from` starts a line) and writes the complete
 * lines found, at most `maxLines`; stops after a line with a quote or a bare CR. Returns the
 * number of lines written.
 */
export function scanLines(base: usize, from: usize, end: usize, delimiter: i32, out: usize, maxLines: i32): i32 {
  const vLf = i8x16.splat(LF);
  const vCr = i8x16.splat(CR);
  const vQuote = i8x16.splat(QUOTE);
  const vDelimiter = i8x16.splat(<i8>delimiter);
  const vSpace = i8x16.splat(SPACE);
  const vLead = i8x16.splat(NBSP_LEAD);
  const vTrail = i8x16.splat(NBSP_TRAIL);
  let lines: i32 = 0;
  let lineStart = from;
  let delimiters: i32 = 0;
  let crs: i32 = 0;
  let quotes: i32 = 0;
  let padded: i32 = 0;
  for (let p = from; p < end; p += 16) {
    const v = v128.load(p);
    const before = v128.load(p - 1);
    const after = v128.load(p + 1);
    const valid: i32 = end - p >= 16 ? 0xffff : (1 << <i32>(end - p)) - 1;
    let lf = i8x16.bitmask(i8x16.eq(v, vLf)) & valid;
    const delims = i8x16.bitmask(i8x16.eq(v, vDelimiter));
    const quote = i8x16.bitmask(i8x16.eq(v, vQuote));
    const cr = i8x16.bitmask(i8x16.eq(v, vCr));
    const pad = v128.or(v128.or(i8x16.eq(v, vSpace), i8x16.eq(v, vLead)), i8x16.eq(v, vTrail));
    const sepBefore = v128.or(v128.or(i8x16.eq(before, vDelimiter), i8x16.eq(before, vLf)), i8x16.eq(before, vCr));
    const sepAfter = v128.or(v128.or(i8x16.eq(after, vDelimiter), i8x16.eq(after, vLf)), i8x16.eq(after, vCr));
    const edge = i8x16.bitmask(v128.and(pad, v128.or(sepBefore, sepAfter)));
    let rest: i32 = 0xffff;
    while (lf != 0) {
      const k = ctz<i32>(lf);
      const mine = rest & ((1 << k) - 1);
      delimiters += popcnt<i32>(delims & mine);
      crs += popcnt<i32>(cr & mine);
      quotes |= quote & mine;
      padded |= edge & mine;
      const lfAt = p + <usize>k;
      if (lfAt > lineStart && load<i8>(lfAt - 1) == CR) crs--;
      let flags: i32 = 0;
      if (quotes != 0) flags |= FLAG_QUOTE;
      if (crs != 0) flags |= FLAG_BARE_CR;
      if (padded != 0) flags |= FLAG_MAYBE_PADDED;
      const slot = out + (<usize>lines << 3);
      store<i32>(slot, <i32>(lfAt - base));
      store<i32>(slot, (delimiters << FLAG_BITS) | flags, 4);
      lines++;
      if ((flags & (FLAG_QUOTE | FLAG_BARE_CR)) != 0 || lines >= maxLines) return lines;
      lineStart = lfAt + 1;
      delimiters = 0;
      crs = 0;
      quotes = 0;
      padded = 0;
      rest = 0xffff & ~((2 << k) - 1);
      lf &= lf - 1;
    }
    const mine = rest & valid;
    delimiters += popcnt<i32>(delims & mine);
    crs += popcnt<i32>(cr & mine);
    quotes |= quote & mine;
    padded |= edge & mine;
  }
  return lines;
}
