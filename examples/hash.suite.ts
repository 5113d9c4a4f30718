/**
 * A user suite (run it with `tribench --suite-file examples/hash.suite.ts`): SHA-256 of many buffers
 * with `node:crypto`, the same code on Node (OpenSSL), Deno (its Rust node:crypto) and Bun
 * (BoringSSL), as a content-hashing step of a bundler or a file-sync tool does.
 *
 * The corpus: buffer `i` is `2^(10 + (7i mod 11)) + (i mod 61)` bytes long (1 KiB to 1 MiB, so both
 * per-call overhead and throughput count) and holds the 32-byte SHA-256 of the text `tribench-hash-i`
 * repeated. Each kernel builds its buffers (a native fill, a few percent of the time) and hashes them;
 * the answer is the buffer count, the bytes hashed, and the SHA-256 of all digests (hex, in index
 * order), so it does not depend on how the work was split.
 *
 * Verified with `expect`: the answers below were computed independently with CPython 3.11's hashlib
 * (2026-12-01) by `examples/hash_answers.py` (`python3 examples/hash_answers.py 200 11 800 8000`):
 * ```py
 * import hashlib
 * def answer(n):
 *     digests, total = [], 0
 *     for i in range(n):
 *         size = 2 ** (10 + (7 * i) % 11) + i % 61
 *         block = hashlib.sha256(f"tribench-hash-{i}".encode()).digest()
 *         data = (block * (size // 32 + 1))[:size]
 *         digests.append(hashlib.sha256(data).hexdigest()); total += size
 *     return {"buffers": n, "bytes": total, "digest": hashlib.sha256("".join(digests).encode()).hexdigest()}
 * ```
 * In your own project import `defineSuite` from `"tribench"`; this file imports the source beside it.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { createHash } from "node:crypto";
import { defineSuite } from "../api/mod.ts";

/** A size: how many buffers to hash. */
export interface HashSize {
  readonly buffers: number;
}

/** One task: the buffers `[from, to)`. */
export interface HashTask {
  readonly from: number;
  readonly to: number;
}

/** What a task returns: its bytes hashed and the hex digest of each of its buffers, in order. */
export interface HashPart {
  readonly bytes: number;
  readonly digests: string[];
}

/** The answer. */
export interface HashAnswer {
  readonly buffers: number;
  readonly bytes: number;
  /** SHA-256 (hex) of the buffers' hex digests concatenated in index order. */
  readonly digest: string;
}

/** Length in bytes of buffer `i`. */
export function bufferLength(i: number): number {
  return 2 ** (10 + ((7 * i) % 11)) + (i % 61);
}

/** Buffer `i` of the corpus: the SHA-256 of `tribench-hash-i`, repeated to its length. */
export function corpusBuffer(i: number): Buffer {
  const block = createHash("sha256").update(`tribench-hash-${i}`).digest();
  return Buffer.alloc(bufferLength(i), block);
}

/** The kernel: build and hash buffers `[from, to)`. */
function hashBuffers(task: HashTask): HashPart {
  const digests: string[] = [];
  let bytes = 0;
  for (let i = task.from; i < task.to; i++) {
    const data = corpusBuffer(i);
    bytes += data.length;
    digests.push(createHash("sha256").update(data).digest("hex"));
  }
  return { bytes, digests };
}

/** The hash suite. */
export const hash = defineSuite<HashSize, HashTask, HashPart, HashAnswer>({
  name: "hash",
  description: "SHA-256 of many 1 KiB to 1 MiB buffers with node:crypto",
  sizes: {
    // Calibration 2026-12-01 (serial: split, kernels and combine in one thread; CPU time by process.cpuUsage,
    // median of runs 2-7 in one process), Node 20.20 / Deno 2.9 / Bun 1.4: quick 28/88/25 ms, seed 2.4/5.6/2.6 ms,
    // default 103/345/102 ms (146 MiB: about 100 ms on Node, like the built-ins); large is ten times default's
    // bytes (not timed). Deno's node:crypto hashes about 3x slower than OpenSSL and BoringSSL here.
    quick: { buffers: 200 },
    seed: { buffers: 11 },
    default: { buffers: 800 },
    large: { buffers: 8000 },
  },
  split(size, parts) {
    const n = Math.min(parts, size.buffers);
    return Array.from({ length: n }, (_, k) => ({ from: Math.floor((k * size.buffers) / n), to: Math.floor(((k + 1) * size.buffers) / n) }));
  },
  kernel: hashBuffers,
  combine(partials) {
    const all = createHash("sha256");
    let buffers = 0;
    let bytes = 0;
    for (const part of partials) {
      for (const d of part.digests) all.update(d);
      buffers += part.digests.length;
      bytes += part.bytes;
    }
    return { buffers, bytes, digest: all.digest("hex") };
  },
  expect: {
    quick: { buffers: 200, bytes: 37868026, digest: "2054ac3ac91aaf7eb766b6e2104599ed3b55d963022b6fc6d8f823b23b391e60" },
    seed: { buffers: 11, bytes: 2096183, digest: "4d183073032f6b0182475154355b3074966563f3cc46bb3e0ccbca016cce29c7" },
    default: { buffers: 800, bytes: 152760579, digest: "fee0ddc05da87ad4f3fe2fabc636fe63cb66d7b729562a44102c229a4f2dd71b" },
    large: { buffers: 8000, bytes: 1524265110, digest: "0197395efb146bbfdb894591ad42245b5f631aec5f765d3eeb2d63444b227745" },
  },
  describeAnswer: (r) => `${r.buffers} buffers, ${(r.bytes / 2 ** 20).toFixed(1)} MiB, digest ${r.digest.slice(0, 12)}`,
});

/** The suites of this file (a suite file may also `export default` one suite). */
export const suites = [hash];
