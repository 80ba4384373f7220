/**
 * sfc32 (Small Fast Counter, 4 × 32-bit state): the step shared by the sample generator's streams
 * (loaders/generate/rng.ts) and the simulator's generator (simulator/prng.ts). Only 32-bit integer
 * arithmetic, so a seed gives the same stream in Node and in every browser. Seeding is the
 * subclass's: it passes the four state words and how many draws to discard.
 */
export class Sfc32 {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(a: number, b: number, c: number, d: number, warmUpDraws: number) {
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
    for (let i = 0; i < warmUpDraws; i++) this.nextUint32();
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }
}
