/**
 * Exponential(1) draws by the ziggurat method (Marsaglia & Tsang, «The ziggurat method for
 * generating random variables», 2000; 256 layers): about 99 % of the draws take one 32-bit step of
 * the generator, a table read and one comparison; a logarithm only in the wedges and the tail. The
 * step's low 8 bits pick the layer and its high 24 bits the place in it (no bit serves both).
 */
import type { Rng } from "./prng.js";

const LAYERS = 256;
/** where the tail starts, and the area of each layer (Marsaglia & Tsang's constants for 256 layers) */
const TAIL_START = 7.69711747013104972;
const LAYER_AREA = 3.949659822581572e-3;
/** the place within a layer: 24 bits */
const PLACE_SCALE = 2 ** 24;

/** [i]: a place below it is inside layer i's rectangle under the curve (accepted at once) */
const ACCEPT = new Float64Array(LAYERS);
/** [i]: x per unit of place in layer i */
const WIDTH = new Float64Array(LAYERS);
/** [i]: e^(−x_i) at layer i's right edge */
const DENSITY = new Float64Array(LAYERS);

function buildTables(): void {
  let x = TAIL_START;
  let previous = TAIL_START;
  const base = LAYER_AREA / Math.exp(-x);
  ACCEPT[0] = (x / base) * PLACE_SCALE;
  ACCEPT[1] = 0;
  WIDTH[0] = base / PLACE_SCALE;
  WIDTH[LAYERS - 1] = x / PLACE_SCALE;
  DENSITY[0] = 1;
  DENSITY[LAYERS - 1] = Math.exp(-x);
  for (let i = LAYERS - 2; i >= 1; i--) {
    x = -Math.log(LAYER_AREA / x + Math.exp(-x));
    ACCEPT[i + 1] = (x / previous) * PLACE_SCALE;
    previous = x;
    DENSITY[i] = Math.exp(-x);
    WIDTH[i] = x / PLACE_SCALE;
  }
}
buildTables();

/** One Exponential(1) draw from `rng`. */
export function exponentialZiggurat(rng: Rng): number {
  for (;;) {
    const step = rng.nextUint32();
    const layer = step & 255;
    const place = step >>> 8;
    if (place < ACCEPT[layer]!) return place * WIDTH[layer]!;
    // the tail beyond TAIL_START: the exponential is memoryless
    if (layer === 0) return TAIL_START - Math.log(rng.uniformPositive());
    const x = place * WIDTH[layer]!;
    // the wedge between the rectangle and the curve
    if (DENSITY[layer]! + rng.uniform() * (DENSITY[layer - 1]! - DENSITY[layer]!) < Math.exp(-x)) return x;
  }
}
