/**
 * The cell protocol: how a fresh runtime process was asked to measure one cell, and how it answers.
 * The benchmark matrix now runs in blocks (`block_protocol.ts`); this one-cell protocol stays only
 * while the CPython host (`python_cell.ts`) still speaks it, and goes when that moves to blocks.
 *
 * ## Request
 * The cell process is started as `<runtime> <cell script> <request JSON>`: exactly one argument after
 * the script, a JSON object {@link CellRequest}, e.g.
 * `{"tribench-cell-request":1,"suite":"collatz","variant":"threads","workers":2,"size":"quick","runs":5,"warmup":1}`,
 * optionally with `"api":"node-compat"` (the pool's worker API; absent means native).
 *
 * ## Answer
 * The cell process writes **exactly one line** to **stdout** that starts with `{"tribench-cell":1`
 * (no space before the key) and is one JSON object: a {@link CellSuccessRecord} or a
 * {@link CellFailureRecord}. The line ends with `\n`. Any other stdout line is ignored (a workload or
 * runtime warning may print); stderr is free text, kept only to explain a crash.
 * - exit code 0 with a success record: the cell was measured and every run (warm-up included) verified;
 * - exit code 1 with a failure record: the cell ran but failed (`kind`, one-line `reason`);
 * - anything else (no record, two records, a record that is not valid JSON or lacks a field, or a
 *   success record followed by a non-zero exit) is a protocol failure, recorded by the orchestrator.
 *
 * Times are milliseconds (floating point, from a monotonic clock). `samplesMs` are the measured runs
 * in the order they ran; warm-up runs are apart in `warmupMs`. The answer is verified outside the
 * timed region, after every run.
 *
 * @module
 */
import { clip } from "../core/text.ts";
import { WORKER_APIS, type WorkerApi } from "../runtimes/types.ts";

// Re-exported for the CPython host files that still import it from here; new code imports core/text.ts.
export { clip };

/** Version of this protocol (both the request key and the answer key carry it). */
export const CELL_PROTOCOL_VERSION = 1;

/** Every answer line starts with exactly this. */
export const CELL_RECORD_PREFIX = `{"tribench-cell":${CELL_PROTOCOL_VERSION}`;

/** What the orchestrator asks a cell process to measure. */
export interface CellRequest {
  "tribench-cell-request": typeof CELL_PROTOCOL_VERSION;
  suite: string;
  variant: string;
  /** Pool size; 1 for serial and async. */
  workers: number;
  size: string;
  /** Measured runs (>= 1). */
  runs: number;
  /** Warm-up runs, not measured (>= 0). */
  warmup: number;
  /** Worker API of the pool; absent means `native`. */
  api?: WorkerApi;
}

/** What the cell measured, when it succeeded. */
export interface CellSuccessRecord {
  "tribench-cell": typeof CELL_PROTOCOL_VERSION;
  ok: true;
  /** Runtime that ran the cell, e.g. `deno`, and its exact version. */
  runtime: string;
  runtimeVersion: string;
  suite: string;
  variant: string;
  workers: number;
  size: string;
  /** The suite's short human form of the answer. */
  answer: string;
  /** Always true in a success record: every run's answer was verified. */
  verified: true;
  /** Measured runs, in order. */
  samplesMs: number[];
  /** Warm-up runs, in order (not used for statistics; shows the first-run effect). */
  warmupMs: number[];
  /** Pool start-up until every worker was ready; `null` without a pool. */
  spawnMs: number | null;
  /** The pool's mechanism, e.g. `node/worker_threads`; `null` without a pool. */
  mechanism: string | null;
  /** OS pids of the pool's process workers (empty for threads), so leftovers can be checked. */
  pids: readonly number[];
  /** How the runs were driven and what driving them cost. */
  harness: HarnessInfo;
}

/** The measuring harness and its own cost, so "the harness adds < 1%" can be shown per cell. */
export interface HarnessInfo {
  /** e.g. `python-loop` (the CPython cell). */
  name: string;
  /** Wall time of the whole measured phase (all runs, their verification, the harness itself). */
  phaseMs: number;
  /** Time spent verifying answers during the measured phase (outside the samples). */
  verifyMs: number;
  /** `phaseMs - sum(samplesMs) - verifyMs`: what the harness added around the samples. */
  overheadMs: number;
}

/** Kinds of failure a cell process can report itself. */
export type CellSelfFailureKind = "wrong-answer" | "crash" | "error";

/** What the cell reports when it could not produce a verified measurement. */
export interface CellFailureRecord {
  "tribench-cell": typeof CELL_PROTOCOL_VERSION;
  ok: false;
  runtime: string;
  runtimeVersion: string;
  kind: CellSelfFailureKind;
  /** One line a person understands (runtime, suite, variant, task, exit code or signal when known). */
  reason: string;
  /** Pids of process workers it had started, if any. */
  pids: readonly number[];
}

/** Either answer. */
export type CellRecord = CellSuccessRecord | CellFailureRecord;

/** The outcome of reading a cell process's stdout. */
export type ParsedCellOutput = { readonly record: CellRecord } | { readonly problem: string };

/** Encode a request as the single argument of the cell script. */
export function encodeCellRequest(request: Omit<CellRequest, "tribench-cell-request">): string {
  return JSON.stringify({ "tribench-cell-request": CELL_PROTOCOL_VERSION, ...request });
}

/**
 * Decode the cell script's argument; throws an Error with a one-line message when it is not a valid request.
 *
 * @example
 * ```ts
 * decodeCellRequest('{"tribench-cell-request":1,"suite":"pi","variant":"serial","workers":1,"size":"quick","runs":3,"warmup":0}').suite; // "pi"
 * ```
 */
export function decodeCellRequest(text: string | undefined): CellRequest {
  if (text === undefined) throw new Error("cell script needs one argument: the request JSON");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error("cell request is not valid JSON");
  }
  const v = value as Record<string, unknown>;
  if (!v || typeof v !== "object" || v["tribench-cell-request"] !== CELL_PROTOCOL_VERSION) {
    throw new Error(`cell request is not a tribench-cell-request version ${CELL_PROTOCOL_VERSION}`);
  }
  for (const key of ["suite", "variant", "size"] as const) {
    if (typeof v[key] !== "string") throw new Error(`cell request field '${key}' must be a string`);
  }
  if (!isWhole(v.workers, 1)) throw new Error("cell request field 'workers' must be a whole number >= 1");
  if (!isWhole(v.runs, 1)) throw new Error("cell request field 'runs' must be a whole number >= 1");
  if (!isWhole(v.warmup, 0)) throw new Error("cell request field 'warmup' must be a whole number >= 0");
  if (v.api !== undefined && !WORKER_APIS.includes(v.api as WorkerApi)) throw new Error(`cell request field 'api' must be one of ${WORKER_APIS.join(", ")}`);
  return v as unknown as CellRequest;
}

/** Encode an answer as its one stdout line (with the trailing newline). */
export function encodeCellRecord(record: CellRecord): string {
  const line = JSON.stringify(record);
  // JSON.stringify keeps key order, so the prefix holds as long as the key comes first.
  if (!line.startsWith(CELL_RECORD_PREFIX)) throw new Error("cell record must start with its protocol key");
  return line + "\n";
}

/**
 * Find and check the one answer line in a cell process's stdout. Never throws: a problem is returned
 * as a one-line description.
 *
 * @example
 * ```ts
 * parseCellOutput("hello\n").problem; // "printed no tribench-cell record (stdout: 'hello')"
 * ```
 */
export function parseCellOutput(stdout: string): ParsedCellOutput {
  const lines = stdout.split("\n").map((l) => l.replace(/\r$/, ""));
  const candidates = lines.filter((l) => l.startsWith(CELL_RECORD_PREFIX));
  if (candidates.length === 0) {
    const other = lines.filter((l) => l.trim() !== "");
    return { problem: other.length ? `printed no tribench-cell record (stdout: '${clip(other[other.length - 1]!)}')` : "printed nothing on stdout" };
  }
  if (candidates.length > 1) return { problem: `printed ${candidates.length} tribench-cell records instead of one` };
  let value: unknown;
  try {
    value = JSON.parse(candidates[0]!);
  } catch {
    return { problem: `printed a tribench-cell record that is not valid JSON: '${clip(candidates[0]!)}'` };
  }
  const missing = checkRecord(value);
  return missing ? { problem: `printed a malformed tribench-cell record: ${missing}` } : { record: value as CellRecord };
}

/** The first thing wrong with a decoded record, or `undefined` when it is well-formed. */
function checkRecord(value: unknown): string | undefined {
  if (!value || typeof value !== "object" || Array.isArray(value)) return "not an object";
  const r = value as Record<string, unknown>;
  if (r.ok !== true && r.ok !== false) return "field 'ok' must be true or false";
  for (const key of ["runtime", "runtimeVersion"]) if (typeof r[key] !== "string") return `field '${key}' must be a string`;
  if (!isNumberArray(r.pids)) return "field 'pids' must be an array of numbers";
  if (r.ok === false) {
    if (!["wrong-answer", "crash", "error"].includes(r.kind as string)) return "field 'kind' must be wrong-answer, crash or error";
    if (typeof r.reason !== "string" || !r.reason) return "field 'reason' must be a non-empty string";
    return undefined;
  }
  for (const key of ["suite", "variant", "size", "answer"]) if (typeof r[key] !== "string") return `field '${key}' must be a string`;
  if (!isWhole(r.workers, 1)) return "field 'workers' must be a whole number >= 1";
  if (r.verified !== true) return "field 'verified' must be true in a success record";
  if (!isNumberArray(r.samplesMs) || r.samplesMs.length === 0) return "field 'samplesMs' must be a non-empty array of numbers";
  if (!r.samplesMs.every((x) => x >= 0)) return "field 'samplesMs' holds a negative time";
  if (!isNumberArray(r.warmupMs)) return "field 'warmupMs' must be an array of numbers";
  if (r.spawnMs !== null && !isFiniteNumber(r.spawnMs)) return "field 'spawnMs' must be a number or null";
  if (r.mechanism !== null && typeof r.mechanism !== "string") return "field 'mechanism' must be a string or null";
  const h = r.harness as Record<string, unknown> | undefined;
  if (!h || typeof h !== "object" || typeof h.name !== "string") return "field 'harness' must be an object with a name";
  for (const key of ["phaseMs", "verifyMs", "overheadMs"]) if (!isFiniteNumber(h[key])) return `field 'harness.${key}' must be a number`;
  return undefined;
}

function isFiniteNumber(x: unknown): x is number {
  return typeof x === "number" && Number.isFinite(x);
}

function isNumberArray(x: unknown): x is number[] {
  return Array.isArray(x) && x.every(isFiniteNumber);
}

function isWhole(x: unknown, min: number): x is number {
  return typeof x === "number" && Number.isInteger(x) && x >= min;
}
