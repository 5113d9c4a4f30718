/**
 * The public entry of the `tribench` package (`import { defineSuite } from "tribench"`): the helper
 * that writes a workload suite for `tribench --suite-file`, and the types of a suite.
 *
 * This is the top of the layers but imports only `suites/`: a user's
 * suite bundle includes this module, so it must not pull in the command line, the pools or a report.
 *
 * @example The README's suite (`hash.suite.ts`), run with `npx tribench --suite-file hash.suite.ts`:
 * ```ts
 * import { createHash } from "node:crypto";
 * import { defineSuite } from "tribench";
 * const sha = (text: string) => createHash("sha256").update(text).digest("hex");
 * export default defineSuite({
 *   name: "sha256-chain", sizes: { quick: 32_000, default: 128_000 },
 *   split: (n, parts) => Array.from({ length: parts }, (_, i) => ({ seed: `task-${i}`, steps: n / parts })),
 *   kernel: ({ seed, steps }) => { let h = seed; for (let s = 0; s < steps; s++) h = sha(h); return h; },
 *   combine: (hashes) => sha(hashes.join("")),
 *   expect: { quick: "57aae722fffcc920b443b8a3a9fc963af0694638f04e0bee8d6b5abdf42735d3", default: "f8d335559c702b39aaf5ba76151cda91e9a349670e5e16508de22233991bfd86" },
 * });
 * ```
 * The expected digests are Python's: `h = f"task-{i}"`, `n / 16` times `h = sha256(h).hexdigest()`
 * for each of the 16 tasks, then the SHA-256 of the 16 results joined.
 *
 * @module
 */
export { DEFAULT_TASKS, DEFAULT_VARIANTS, defineSuite } from "../suites/define.ts";
export type { SuiteDefinition, SuiteSizes } from "../suites/define.ts";
export type { AnySuite, SizeName, Suite, VariantName, Verdict } from "../suites/types.ts";
