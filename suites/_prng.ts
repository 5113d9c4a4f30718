/**
 * Private helper: the seedable generator the suites use, specified exactly so that any runtime (and the
 * CPython port) reproduces every draw bit for bit.
 *
 * - Generator: **xoshiro128\*\*** 1.1 (Blackman & Vigna), 32-bit output, four uint32 state words.
 * - Streams: stream `k` of run seed `s` (both uint32) seeds its state with **SplitMix64** started at
 *   the 64-bit value `s * 2^32 + k`: two SplitMix64 outputs `z1`, `z2` give
 *   `[lo32(z1), hi32(z1), lo32(z2), hi32(z2)]`. SplitMix64 is a bijection of its counter, so `z1` and
 *   `z2` are never both zero and the state is never all zero.
 *
 * Python equivalent (for the CPython port):
 * ```py
 * M64 = (1 << 64) - 1
 * def splitmix64(x):  # returns (new_state, output)
 *     x = (x + 0x9E3779B97F4A7C15) & M64
 *     z = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & M64
 *     z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
 *     return x, z ^ (z >> 31)
 * def stream_state(seed, k):
 *     x, z1 = splitmix64((seed << 32) | k); x, z2 = splitmix64(x)
 *     return [z1 & 0xFFFFFFFF, z1 >> 32, z2 & 0xFFFFFFFF, z2 >> 32]
 * ```
 *
 * @module
 */

const M64 = (1n << 64n) - 1n;

/** Largest run seed or stream index (both are uint32). */
export const MAX_UINT32 = 0xffff_ffff;

/**
 * The initial xoshiro128** state of stream `stream` of run seed `seed` (see the module text).
 * BigInt is used only here, once per stream, never in the draw loop.
 *
 * @example
 * ```ts
 * streamState(1, 0).length; // 4
 * ```
 */
export function streamState(seed: number, stream: number): [number, number, number, number] {
  for (const [what, v] of [["seed", seed], ["stream", stream]] as const) {
    if (!Number.isInteger(v) || v < 0 || v > MAX_UINT32) throw new RangeError(`${what} must be a uint32, got ${v}`);
  }
  let x = (BigInt(seed) << 32n) | BigInt(stream);
  const out: bigint[] = [];
  for (let i = 0; i < 2; i++) {
    x = (x + 0x9e3779b97f4a7c15n) & M64;
    let z = x;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & M64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & M64;
    out.push(z ^ (z >> 31n));
  }
  const lo = (z: bigint) => Number(z & 0xffff_ffffn);
  const hi = (z: bigint) => Number(z >> 32n);
  return [lo(out[0]!), hi(out[0]!), lo(out[1]!), hi(out[1]!)];
}

/**
 * A plain, readable xoshiro128** generator. Hot loops (the pi kernel) inline the same steps on local
 * variables instead; this class is the readable form the verifier and the tests check them against.
 *
 * @example
 * ```ts
 * const g = new Xoshiro128ss(streamState(7, 0));
 * g.nextUint32(); // an integer in [0, 2^32)
 * ```
 */
export class Xoshiro128ss {
  readonly #s: Uint32Array;

  /** Start from four uint32 state words (not all zero). */
  constructor(state: readonly number[]) {
    if (state.length !== 4 || state.every((w) => w === 0)) throw new RangeError("xoshiro128** needs four state words, not all zero");
    this.#s = Uint32Array.from(state);
  }

  /** The next 32-bit output, as an integer in [0, 2^32). */
  nextUint32(): number {
    const s = this.#s;
    const result = Math.imul(rotl(Math.imul(s[1], 5), 7), 9) >>> 0;
    const t = s[1] << 9;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** An integer in [0, bound) by `nextUint32() % bound` (bound <= 2^32; the small modulo bias is accepted and specified). */
  below(bound: number): number {
    return this.nextUint32() % bound;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
