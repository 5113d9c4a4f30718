/**
 * What a suite's declarations ({@link Suite.cases}, {@link Suite.metric}) mean for one cell: which
 * case it names, whether its variant can run that case, how many workers it has, and its measure.
 * The plan, the block and the report all ask here, so they cannot disagree.
 *
 * @module
 */
import type { AnySuite, MetricUnit, SizeName, SuiteCase, VariantName } from "./types.ts";

/** The case of `suite` called `name`, or `undefined`. */
export function caseNamed(suite: AnySuite, name: string | undefined): SuiteCase | undefined {
  return name === undefined ? undefined : suite.cases?.find((c) => c.name === name);
}

/**
 * What is wrong with a cell naming case `name` of `suite`, in one line, or `undefined`: a suite with
 * cases needs a known one, a suite without takes none.
 *
 * @example
 * ```ts
 * caseProblem(gcd, "8 B"); // "suite gcd has no cases, but a cell names case '8 B'"
 * ```
 */
export function caseProblem(suite: AnySuite, name: string | undefined): string | undefined {
  if (!suite.cases?.length) return name === undefined ? undefined : `suite ${suite.name} has no cases, but a cell names case '${name}'`;
  if (name === undefined) return `suite ${suite.name} measures cases (${suite.cases.map((c) => c.name).join(", ")}); a cell must name one`;
  return caseNamed(suite, name) ? undefined : `suite ${suite.name} has no case '${name}' (it has ${suite.cases.map((c) => c.name).join(", ")})`;
}

/** Why `variant` cannot run case `name` of `suite` (one line), or `undefined` when it can. */
export function unsupportedReason(suite: AnySuite, name: string | undefined, variant: VariantName): string | undefined {
  return caseNamed(suite, name)?.unsupported?.[variant];
}

/** Whether a metric unit is a rate (operations per second) rather than a time per operation. */
export function isRateUnit(unit: MetricUnit | string): boolean {
  return unit.endsWith("/s");
}

/** A suite's measure for one cell: the declaration with its numbers filled in. */
export interface CellMetricSpec {
  readonly name: string;
  readonly unit: MetricUnit;
  /** A time per operation is better lower, a rate higher. */
  readonly better: "lower" | "higher";
  /** Operations in one timed run. */
  readonly perRun: number;
  /** Payload bytes per operation, both ways; `null` when the suite moves none it declares. */
  readonly bytesPerOp: number | null;
}

/**
 * The measure of one cell of `suite` at size `size`, or `null` when the suite declares none (its
 * runs are times to solution). Throws one line when the declaration gives no positive count.
 */
export function cellMetric(suite: AnySuite, size: SizeName | string, caseName: string | undefined, workers: number): CellMetricSpec | null {
  const metric = suite.metric;
  if (!metric) return null;
  const params = suite.sizes[size as SizeName];
  const perRun = metric.perRun(params, caseName, workers);
  if (!(Number.isFinite(perRun) && perRun > 0)) throw new Error(`suite ${suite.name} declares ${perRun} ${metric.name}s per run for ${caseName ?? "its cell"} at size ${size}`);
  const bytes = metric.bytesPerOp ? metric.bytesPerOp(params, caseName) : null;
  return { name: metric.name, unit: metric.unit, better: isRateUnit(metric.unit) ? "higher" : "lower", perRun, bytesPerOp: bytes ?? null };
}
