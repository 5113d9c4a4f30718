/**
 * The process-level test behind `tribench compare`'s verdicts: did HEAD's processes run a cell at a
 * different speed than BASE's?
 *
 * **The process is the unit.** A cell is measured in several fresh processes per side, several runs
 * each. Runs inside one process share its JIT decisions and address layout, so they are not
 * independent: treating them as samples calls a difference between two processes significant at
 * p = 0.002 (issue 13). Each process is summarised by the median of its runs (robust to a slow run) and
 * the test compares those per-process values.
 *
 * **Method: Welch's t test on the logs of the per-process values** (Welch 1947; Satterthwaite degrees
 * of freedom), with its t interval of the difference of mean logs, exponentiated into a ratio HEAD /
 * BASE of geometric means. Why this and not the alternatives the issue names:
 * - It is the mixed model, solved exactly. For the two-level model (process effect + run noise), the
 *   test of the fixed effect on per-process summaries is the classical two-stage analysis; with the
 *   same runs per process it equals the restricted-maximum-likelihood mixed-model test, with no
 *   iterative fit to go wrong on 4 processes.
 * - Logs: timings change by ratios (a 10% slower machine, a 10% faster JIT), noise is proportional to
 *   the time (a CV), and a ratio interval is what the verdict reports.
 * - Welch, not pooled variance: a change can alter the spread as well (a JIT decision that becomes
 *   bimodal), and Welch stays calibrated when the spreads differ, for the price of a degree of freedom
 *   or two when they do not.
 * - Not a permutation test on process medians: exact, but discrete. With 5 processes per side its
 *   smallest two-sided p is 2 / C(10, 5) = 0.0079, so after a correction across 57 cells (a lone change
 *   must reach alpha / 57) nothing could ever be flagged.
 * - Not a hierarchical bootstrap: with 5 processes per side, resampling them (with or without the runs
 *   inside) gives a spread of a mean too small by about sqrt(4/5) when the variance between processes
 *   dominates, with normal-like tails where the truth has about 8 degrees of freedom. At the level a
 *   lone change must reach among 57 cells (0.01 / 57) it would accept |t| = 4.2 where the t
 *   distribution needs 6.6, so A/A comparisons would flag cells far more often than alpha. Its p also
 *   has a floor, 2 / (resamples + 1).
 * The t test's p is continuous and has no floor: every --alpha the CLI accepts (down to 1e-6) is
 * reachable by any cell with 2 units per side, so compare has no level to refuse; a cell with fewer
 * is not tested but called incomparable. What limits a run is its power, reported per cell as the
 * {@link minimumDetectableLogChange}.
 *
 * Pure: no I/O, no randomness.
 *
 * @module
 */
import { gammaln } from "simple-statistics";

/** A t test of a difference (or contrast) of mean logs, as a ratio. */
export interface LogTTest {
  /** exp of the contrast of mean logs: for two groups, HEAD / BASE ratio of their geometric means. */
  ratio: number;
  /** Interval of `ratio` at the requested level. */
  low: number;
  high: number;
  /** Two-sided p of "the ratio is 1". */
  p: number;
  /** t statistic (positive = ratio above 1). */
  t: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  /** Standard error of the log ratio. */
  se: number;
}

/** One group of a contrast: its values and whether its mean log is added or subtracted. */
export interface ContrastGroup {
  values: readonly number[];
  sign: 1 | -1;
}

/**
 * Regularized incomplete beta I_x(a, b), by the continued fraction of Numerical Recipes (§6.4, modified
 * Lentz), using the symmetry I_x(a, b) = 1 - I_{1-x}(b, a) where the fraction converges slowly.
 */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (!(x >= 0 && x <= 1) || !(a > 0) || !(b > 0)) throw new RangeError(`regularizedBeta(${x}, ${a}, ${b}) is undefined`);
  if (x === 0 || x === 1) return x;
  const front = Math.exp(gammaln(a + b) - gammaln(a) - gammaln(b) + a * Math.log(x) + b * Math.log(1 - x));
  if (x > (a + 1) / (a + b + 2)) return 1 - (front * betaFraction(1 - x, b, a)) / b;
  return (front * betaFraction(x, a, b)) / a;
}

function betaFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    c = 1 + aa / c;
    d = 1 / (Math.abs(d) < tiny ? tiny : d);
    c = Math.abs(c) < tiny ? tiny : c;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    c = 1 + aa / c;
    d = 1 / (Math.abs(d) < tiny ? tiny : d);
    c = Math.abs(c) < tiny ? tiny : c;
    const step = d * c;
    h *= step;
    if (Math.abs(step - 1) < 1e-15) break;
  }
  return h;
}

/**
 * Two-sided tail of Student's t: P(|T| >= |t|) with `df` degrees of freedom (any real df > 0).
 *
 * @example
 * ```ts
 * studentTTwoSided(2.306004, 8); // 0.05
 * ```
 */
export function studentTTwoSided(t: number, df: number): number {
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be positive, not ${df}`);
  if (!Number.isFinite(t)) return Number.isNaN(t) ? Number.NaN : 0;
  return regularizedBeta(df / (df + t * t), df / 2, 0.5);
}

/** Density of Student's t with `df` degrees of freedom. */
function studentTDensity(t: number, df: number): number {
  return Math.exp(gammaln((df + 1) / 2) - gammaln(df / 2) - 0.5 * Math.log(df * Math.PI) - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/**
 * Quantile of Student's t: the t with P(T <= t) = `probability`. Newton's method on the two-sided
 * tail, kept inside a bracket that always holds the root (a step that would leave it bisects
 * instead), so it converges in a few steps and never diverges.
 *
 * @example
 * ```ts
 * studentTQuantile(0.975, 8); // 2.306004…
 * ```
 */
export function studentTQuantile(probability: number, df: number): number {
  if (!(probability > 0 && probability < 1)) throw new RangeError(`probability must be in (0, 1), not ${probability}`);
  if (!(df > 0)) throw new RangeError(`degrees of freedom must be positive, not ${df}`);
  if (probability === 0.5) return 0;
  const tail = 2 * Math.min(probability, 1 - probability); // two-sided tail of |t|, decreasing in t
  let lo = 0;
  let hi = 1;
  while (studentTTwoSided(hi, df) > tail) [lo, hi] = [hi, hi * 2];
  let t = (lo + hi) / 2;
  for (let i = 0; i < 100; i++) {
    const excess = studentTTwoSided(t, df) - tail;
    if (excess > 0) lo = t;
    else hi = t;
    const next = t + excess / (2 * studentTDensity(t, df));
    const stepped = next > lo && next < hi ? next : (lo + hi) / 2;
    if (Math.abs(stepped - t) <= 1e-13 * Math.max(1, t)) {
      t = stepped;
      break;
    }
    t = stepped;
  }
  return probability > 0.5 ? t : -t;
}

function meanAndVariance(xs: readonly number[]): [number, number] {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1);
  return [mean, variance];
}

/**
 * Welch's t test of a contrast of independent groups' mean logs, sum of sign x mean(log values), with
 * the Welch–Satterthwaite degrees of freedom (Satterthwaite 1946). Two groups, HEAD minus BASE, is
 * Welch's two-sample test ({@link logWelchTest}); four, (HEAD serial - HEAD cell) - (BASE serial -
 * BASE cell), tests a change of speedup measured without pairs. Every value must be positive; every
 * group needs at least 2.
 *
 * @example
 * ```ts
 * logContrastTest([{ values: [110, 112, 108], sign: 1 }, { values: [100, 101, 99], sign: -1 }], 0.95).ratio; // ≈ 1.10
 * ```
 */
export function logContrastTest(groups: readonly ContrastGroup[], level: number): LogTTest {
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1), not ${level}`);
  let diff = 0;
  let variance = 0;
  let dfDenominator = 0;
  let units = 0;
  for (const g of groups) {
    if (g.values.length < 2) throw new RangeError(`a t test needs 2 values per group (got ${g.values.length})`);
    for (const x of g.values) if (!(x > 0 && Number.isFinite(x))) throw new RangeError(`log t test: ${x} is not a positive number`);
    const [mean, v] = meanAndVariance(g.values.map(Math.log));
    const w = v / g.values.length;
    diff += g.sign * mean;
    variance += w;
    if (w > 0) dfDenominator += (w * w) / (g.values.length - 1);
    units += g.values.length;
  }
  const se = Math.sqrt(variance);
  const ratio = Math.exp(diff);
  if (se === 0) {
    // No spread at all (identical values in every group): the difference is certain.
    return { ratio, low: ratio, high: ratio, p: diff === 0 ? 1 : 0, t: diff === 0 ? 0 : Math.sign(diff) * Infinity, df: units - groups.length, se };
  }
  const df = variance ** 2 / dfDenominator;
  const t = diff / se;
  const half = studentTQuantile(1 - (1 - level) / 2, df) * se;
  return { ratio, low: Math.exp(diff - half), high: Math.exp(diff + half), p: studentTTwoSided(t, df), t, df, se };
}

/**
 * Welch's two-sample t test of log(head) against log(base), two-sided, with the (`level`) interval of
 * the ratio of geometric means HEAD / BASE. Each side needs at least 2 positive values.
 *
 * @example
 * ```ts
 * const r = logWelchTest([100, 104, 98, 101, 99], [110, 113, 108, 111, 109], 0.95);
 * r.ratio; // ≈ 1.098, r.p ≈ 0.0001
 * ```
 */
export function logWelchTest(base: readonly number[], head: readonly number[], level: number): LogTTest {
  return logContrastTest([{ values: head, sign: 1 }, { values: base, sign: -1 }], level);
}

/**
 * The smallest true log change this test would find with probability `power` at two-sided level
 * `alpha`, given the standard error and degrees of freedom a comparison showed:
 * (t(1 - alpha/2) + t(power)) x se (the usual normal-theory power formula with t quantiles, e.g.
 * Cohen 1988, ch. 2). A plug-in estimate: it uses the spread this run saw as if it were the truth.
 *
 * @example
 * ```ts
 * Math.exp(minimumDetectableLogChange(0.0316, 8, 0.05, 0.8)) - 1; // ≈ 0.106: a 10.6% change
 * ```
 */
export function minimumDetectableLogChange(se: number, df: number, alpha: number, power: number): number {
  if (!(alpha > 0 && alpha < 1) || !(power > 0 && power < 1)) throw new RangeError(`alpha and power must be in (0, 1)`);
  if (se === 0) return 0;
  return (studentTQuantile(1 - alpha / 2, df) + studentTQuantile(power, df)) * se;
}
