/**
 * Multiple-testing corrections for `tribench compare`, which tests every cell of a matrix (57 at
 * default size) at once: at alpha 0.01 per cell, a perfect measurement would still flag a cell in about
 * 4 of 10 comparisons of a commit with itself (1 - 0.99^57 = 0.44).
 *
 * - {@link benjaminiHochberg}: Benjamini & Hochberg (1995) step-up procedure, as adjusted p values.
 *   Rejecting where the adjusted p <= q keeps the false discovery rate (the expected share of false
 *   verdicts among the flagged cells) at or below q for independent or positively dependent tests
 *   (Benjamini & Yekutieli 2001), and the chance of any false verdict at or below q when nothing changed.
 * - {@link holm}: Holm (1979) step-down procedure, as adjusted p values: the chance of any false
 *   verdict stays at or below alpha whatever changed and however the tests depend on each other.
 *
 * Adjusted p values (the smallest level at which a hypothesis would be rejected) are what R's
 * `p.adjust(p, "BH")` and `p.adjust(p, "holm")` return, so results can be checked against it.
 *
 * Pure: no I/O.
 *
 * @module
 */

/** The corrections tribench uses. */
export type Correction = "bh" | "holm";

/** Human names of the corrections, for verdict lines. */
export const CORRECTION_NAMES: Readonly<Record<Correction, string>> = {
  bh: "Benjamini–Hochberg",
  holm: "Holm",
};

function checkP(p: readonly number[]): void {
  for (const x of p) if (!(x >= 0 && x <= 1)) throw new RangeError(`p value ${x} is not in [0, 1]`);
}

/** Indexes of `p` sorted by ascending p (stable, so ties keep their input order). */
function ascending(p: readonly number[]): number[] {
  return p.map((_, i) => i).sort((a, b) => p[a]! - p[b]! || a - b);
}

/**
 * Benjamini–Hochberg adjusted p values, in input order: for the i-th smallest of m,
 * min over j >= i of m p(j) / j, capped at 1.
 *
 * @example
 * ```ts
 * benjaminiHochberg([0.01, 0.04, 0.03]); // [0.03, 0.04, 0.04]
 * ```
 */
export function benjaminiHochberg(p: readonly number[]): number[] {
  checkP(p);
  const m = p.length;
  const order = ascending(p);
  const adjusted = new Array<number>(m);
  let running = 1;
  // Step-up: walk from the largest p down, so each value is the minimum over itself and all larger.
  for (let rank = m; rank >= 1; rank--) {
    const i = order[rank - 1]!;
    running = Math.min(running, (m * p[i]!) / rank);
    adjusted[i] = running;
  }
  return adjusted;
}

/**
 * Holm adjusted p values, in input order: for the i-th smallest of m,
 * max over j <= i of (m - j + 1) p(j), capped at 1.
 *
 * @example
 * ```ts
 * holm([0.01, 0.04, 0.03]); // [0.03, 0.06, 0.06]
 * ```
 */
export function holm(p: readonly number[]): number[] {
  checkP(p);
  const m = p.length;
  const order = ascending(p);
  const adjusted = new Array<number>(m);
  let running = 0;
  // Step-down: walk from the smallest p up, so each value is the maximum over itself and all smaller.
  for (let rank = 1; rank <= m; rank++) {
    const i = order[rank - 1]!;
    running = Math.max(running, Math.min(1, (m - rank + 1) * p[i]!));
    adjusted[i] = running;
  }
  return adjusted;
}

/** Adjusted p values by `correction`. */
export function adjustP(p: readonly number[], correction: Correction): number[] {
  return correction === "bh" ? benjaminiHochberg(p) : holm(p);
}
