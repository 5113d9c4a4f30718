/**
 * The block protocol: how the orchestrator asks a fresh runtime process to measure one **block** — one
 * runtime x suite with its serial baseline and the pools of its parallel variants — and how that
 * process answers. It replaced the one-cell-per-process protocol (now retired) for the benchmark
 * matrix: the runs of a cell and of its baseline are interleaved within seconds, so drift of a shared
 * machine lands on both alike.
 *
 * ## Request
 * `<runtime> <block script> <request JSON>`: exactly one argument after the script, a
 * {@link BlockRequest}.
 *
 * ## What the block does
 * 1. Prepares the tasks of the size once; starts every pool its cells need (each timed as `spawnMs`,
 *    never inside a sample) and, when `capacity` is set, a probe pool of `capacity.workers` threads;
 *    calibrates the probe's spin once (not recorded as a probe).
 * 2. Runs `warmup` warm-up sweeps, then `runs` measured sweeps. A sweep runs every cell once, in an
 *    order drawn from a generator seeded with `seed` (sweep k's order is the k-th draw, so the same
 *    seed replays the same order); a sweep starts with one capacity probe when `capacity` is set.
 *    Every run's answer is verified outside its timed region.
 * 3. Closes every pool and prints one record line.
 *
 * A cell that fails (wrong answer, crashed worker) is recorded failed and left out of later sweeps;
 * the other cells go on. Only what stops the whole block (unknown suite, a throw while preparing)
 * gives a {@link BlockFailureRecord}.
 *
 * ## Answer
 * Exactly one stdout line starting with `{"tribench-block":1`, one JSON object, `\n`-terminated;
 * other stdout lines are ignored, stderr is free text. Exit 0 with a success record (even if some
 * cells failed: they say so), 1 with a failure record; anything else is a protocol failure.
 *
 * Times are milliseconds from a monotonic clock; `atMs` is measured from the block's start.
 *
 * The file is over 300 lines because the types and the checks of the lines that carry them (encode,
 * decode, parse) must change together: a field added to one and not the other is a protocol bug.
 *
 * @module
 */
import { WORKER_APIS, type WorkerApi } from "../runtimes/types.ts";
import { clip } from "../core/text.ts";

/** Version of this protocol (both the request key and the answer key carry it). */
export const BLOCK_PROTOCOL_VERSION = 1;

/** Every answer line starts with exactly this. */
export const BLOCK_RECORD_PREFIX = `{"tribench-block":${BLOCK_PROTOCOL_VERSION}`;

/** One cell of a block: a variant and its pool size (1 for serial and async). */
export interface BlockCellSpec {
  variant: string;
  workers: number;
  /** The suite's case (a payload size, a counter strategy …) for a suite that declares cases. */
  case?: string;
}

/** What the orchestrator asks a block process to measure. */
export interface BlockRequest {
  "tribench-block-request": typeof BLOCK_PROTOCOL_VERSION;
  suite: string;
  size: string;
  /** The cells, serial first when present (it is the baseline of the others). */
  cells: BlockCellSpec[];
  /** Measured sweeps (>= 1): each runs every cell once. */
  runs: number;
  /** Warm-up sweeps (>= 0), verified, not recorded as samples. */
  warmup: number;
  /** Seed of the sweep orders (a 32-bit unsigned integer). */
  seed: number;
  /** Worker API of the pools; absent means `native`. */
  api?: WorkerApi;
  /** Probe the machine's parallel capacity on this many threads at the start of every sweep; absent = no probe. */
  capacity?: { workers: number };
  /** Extra suite modules (absolute paths of compiled ES modules exporting `SUITES`), loaded in the block and in its workers. */
  suiteModules?: string[];
}

/** One capacity probe: a calibrated spin on one thread, then the same spin on N threads at once. */
export interface CapacityProbe {
  /** The sweep it opened (0-based; measured sweeps only). */
  sweep: number;
  /** Start, from the block's start. */
  atMs: number;
  /** Threads of the parallel spin. */
  workers: number;
  /** Wall time of the spin on one thread. */
  oneMs: number;
  /** Wall time until all `workers` spins finished. */
  allMs: number;
  /** `workers * oneMs / allMs`: how many cores' worth of work the machine gave at that moment. */
  capacity: number;
}

/** A measured cell of a block. `samplesMs[k]` is its run in sweep k (so index k pairs runs across cells). */
export interface BlockCellSuccess {
  ok: true;
  variant: string;
  workers: number;
  /** The suite's short human form of the answer (of the last run). */
  answer: string;
  /** Measured runs, one per sweep, in sweep order. */
  samplesMs: number[];
  /** Start of each measured run, from the block's start (same indexes as `samplesMs`). */
  atMs: number[];
  /** Position of each measured run in the block's whole run order (0-based, over all cells). */
  seq: number[];
  /** Warm-up runs, in order. */
  warmupMs: number[];
  /** Pool start-up until every worker was ready; `null` without a pool. */
  spawnMs: number | null;
  /** e.g. `node/worker_threads`; `null` without a pool. */
  mechanism: string | null;
  /** OS pids of the pool's process workers (empty for threads). */
  pids: number[];
}

/** A cell of a block that could not be measured; the rest of the block went on. */
export interface BlockCellFailure {
  ok: false;
  variant: string;
  workers: number;
  kind: "wrong-answer" | "crash" | "error";
  /** One line a person understands. */
  reason: string;
  pids: number[];
}

/** Either outcome of a cell. */
export type BlockCellRecord = BlockCellSuccess | BlockCellFailure;

/** How the runs were driven and what driving them cost (the "harness adds < 1%" figure). */
export interface BlockHarnessInfo {
  /** e.g. `tribench-interleaved`. */
  name: string;
  /** Wall time of the measured sweeps (runs, their verification, probes, the harness itself). */
  phaseMs: number;
  /** Time spent verifying answers during the measured sweeps. */
  verifyMs: number;
  /** Time spent in capacity probes during the measured sweeps. */
  probeMs: number;
  /** `phaseMs - sum(all samples) - verifyMs - probeMs`. */
  overheadMs: number;
}

/** The block's answer when it ran (some cells may still have failed). */
export interface BlockSuccessRecord {
  "tribench-block": typeof BLOCK_PROTOCOL_VERSION;
  ok: true;
  runtime: string;
  runtimeVersion: string;
  suite: string;
  size: string;
  seed: number;
  /** Same order as the request's cells. */
  cells: BlockCellRecord[];
  /** One per measured sweep when the request asked for capacity, else empty. */
  probes: CapacityProbe[];
  /** The order of each measured sweep, as indexes into `cells`. */
  order: number[][];
  harness: BlockHarnessInfo;
}

/** The block could not run at all. */
export interface BlockFailureRecord {
  "tribench-block": typeof BLOCK_PROTOCOL_VERSION;
  ok: false;
  runtime: string;
  runtimeVersion: string;
  kind: "wrong-answer" | "crash" | "error";
  reason: string;
  pids: number[];
}

/** Either answer. */
export type BlockRecord = BlockSuccessRecord | BlockFailureRecord;

/** The outcome of reading a block process's stdout. */
export type ParsedBlockOutput = { readonly record: BlockRecord } | { readonly problem: string };

/** Encode a request as the single argument of the block script. */
export function encodeBlockRequest(request: Omit<BlockRequest, "tribench-block-request">): string {
  return JSON.stringify({ "tribench-block-request": BLOCK_PROTOCOL_VERSION, ...request });
}

/**
 * Decode the block script's argument; throws an Error with a one-line message when it is not a valid request.
 *
 * @example
 * ```ts
 * decodeBlockRequest('{"tribench-block-request":1,"suite":"pi","size":"quick","cells":[{"variant":"serial","workers":1}],"runs":3,"warmup":0,"seed":7}').suite; // "pi"
 * ```
 */
export function decodeBlockRequest(text: string | undefined): BlockRequest {
  if (text === undefined) throw new Error("block script needs one argument: the request JSON");
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error("block request is not valid JSON");
  }
  const v = value as Record<string, unknown>;
  if (!v || typeof v !== "object" || v["tribench-block-request"] !== BLOCK_PROTOCOL_VERSION) {
    throw new Error(`block request is not a tribench-block-request version ${BLOCK_PROTOCOL_VERSION}`);
  }
  for (const key of ["suite", "size"] as const) if (typeof v[key] !== "string") throw new Error(`block request field '${key}' must be a string`);
  const cells = v.cells;
  if (!Array.isArray(cells) || cells.length === 0) throw new Error("block request field 'cells' must be a non-empty array");
  for (const [i, c] of cells.entries()) {
    const cell = c as Record<string, unknown> | null;
    if (!cell || typeof cell !== "object" || typeof cell.variant !== "string" || !isWhole(cell.workers, 1)) {
      throw new Error(`block request cell ${i} must be {"variant": string, "workers": whole number >= 1}`);
    }
    if (cell.case !== undefined && (typeof cell.case !== "string" || cell.case === "")) throw new Error(`block request cell ${i} field 'case' must be a non-empty string`);
  }
  if (!isWhole(v.runs, 1)) throw new Error("block request field 'runs' must be a whole number >= 1");
  if (!isWhole(v.warmup, 0)) throw new Error("block request field 'warmup' must be a whole number >= 0");
  if (!isWhole(v.seed, 0) || v.seed > 0xffffffff) throw new Error("block request field 'seed' must be a 32-bit unsigned integer");
  if (v.api !== undefined && !WORKER_APIS.includes(v.api as WorkerApi)) throw new Error(`block request field 'api' must be one of ${WORKER_APIS.join(", ")}`);
  if (v.capacity !== undefined && !isWhole((v.capacity as Record<string, unknown> | null)?.workers, 1)) {
    throw new Error("block request field 'capacity' must be {\"workers\": whole number >= 1}");
  }
  if (v.suiteModules !== undefined && !(Array.isArray(v.suiteModules) && v.suiteModules.every((m) => typeof m === "string" && m !== ""))) {
    throw new Error("block request field 'suiteModules' must be an array of module paths");
  }
  return v as unknown as BlockRequest;
}

/** Encode an answer as its one stdout line (with the trailing newline). */
export function encodeBlockRecord(record: BlockRecord): string {
  const line = JSON.stringify(record);
  // JSON.stringify keeps key order, so the prefix holds as long as the key comes first.
  if (!line.startsWith(BLOCK_RECORD_PREFIX)) throw new Error("block record must start with its protocol key");
  return line + "\n";
}

/**
 * Find and check the one answer line in a block process's stdout. Never throws: a problem is returned
 * as a one-line description.
 *
 * @example
 * ```ts
 * parseBlockOutput("hello\n").problem; // "printed no tribench-block record (stdout: 'hello')"
 * ```
 */
export function parseBlockOutput(stdout: string): ParsedBlockOutput {
  const lines = stdout.split("\n").map((l) => l.replace(/\r$/, ""));
  const candidates = lines.filter((l) => l.startsWith(BLOCK_RECORD_PREFIX));
  if (candidates.length === 0) {
    const other = lines.filter((l) => l.trim() !== "");
    return { problem: other.length ? `printed no tribench-block record (stdout: '${clip(other[other.length - 1]!)}')` : "printed nothing on stdout" };
  }
  if (candidates.length > 1) return { problem: `printed ${candidates.length} tribench-block records instead of one` };
  let value: unknown;
  try {
    value = JSON.parse(candidates[0]!);
  } catch {
    return { problem: `printed a tribench-block record that is not valid JSON: '${clip(candidates[0]!)}'` };
  }
  const wrong = checkBlockRecord(value);
  return wrong ? { problem: `printed a malformed tribench-block record: ${wrong}` } : { record: value as BlockRecord };
}

/** The first thing wrong with a decoded record, or `undefined` when it is well-formed. */
function checkBlockRecord(value: unknown): string | undefined {
  if (!isObject(value)) return "not an object";
  const r = value;
  if (r.ok !== true && r.ok !== false) return "field 'ok' must be true or false";
  for (const key of ["runtime", "runtimeVersion"]) if (typeof r[key] !== "string") return `field '${key}' must be a string`;
  if (r.ok === false) return checkFailure(r);
  for (const key of ["suite", "size"]) if (typeof r[key] !== "string") return `field '${key}' must be a string`;
  if (!isWhole(r.seed, 0)) return "field 'seed' must be a whole number";
  const order = r.order;
  if (!Array.isArray(order) || !order.every((o) => isNumberArray(o) && o.every((i) => isWhole(i, 0)))) return "field 'order' must be an array of index arrays";
  const sweeps = order.length;
  if (!Array.isArray(r.cells) || r.cells.length === 0) return "field 'cells' must be a non-empty array";
  for (const [i, c] of r.cells.entries()) {
    const wrong = checkCell(c, sweeps);
    if (wrong) return `cell ${i}: ${wrong}`;
  }
  if (!Array.isArray(r.probes) || (r.probes.length !== 0 && r.probes.length !== sweeps)) return "field 'probes' must hold one probe per sweep or none";
  for (const p of r.probes as unknown[]) {
    if (!isObject(p) || !["sweep", "atMs", "workers", "oneMs", "allMs", "capacity"].every((k) => isFiniteNumber(p[k]))) return "a probe lacks a numeric field";
  }
  const h = r.harness;
  if (!isObject(h) || typeof h.name !== "string") return "field 'harness' must be an object with a name";
  for (const key of ["phaseMs", "verifyMs", "probeMs", "overheadMs"]) if (!isFiniteNumber(h[key])) return `field 'harness.${key}' must be a number`;
  return undefined;
}

/** What is wrong with one cell of a success record (a measured cell has one sample per sweep). */
function checkCell(value: unknown, sweeps: number): string | undefined {
  if (!isObject(value)) return "not an object";
  if (typeof value.variant !== "string") return "field 'variant' must be a string";
  if (!isWhole(value.workers, 1)) return "field 'workers' must be a whole number >= 1";
  if (value.ok === false) return checkFailure(value);
  if (value.ok !== true) return "field 'ok' must be true or false";
  if (typeof value.answer !== "string") return "field 'answer' must be a string";
  for (const key of ["samplesMs", "atMs", "seq"]) {
    const xs = value[key];
    if (!isNumberArray(xs) || xs.length !== sweeps) return `field '${key}' must hold one number per sweep (${sweeps})`;
  }
  if (!(value.samplesMs as number[]).every((x) => x >= 0)) return "field 'samplesMs' holds a negative time";
  if (!isNumberArray(value.warmupMs)) return "field 'warmupMs' must be an array of numbers";
  if (value.spawnMs !== null && !isFiniteNumber(value.spawnMs)) return "field 'spawnMs' must be a number or null";
  if (value.mechanism !== null && typeof value.mechanism !== "string") return "field 'mechanism' must be a string or null";
  if (!isNumberArray(value.pids)) return "field 'pids' must be an array of numbers";
  return undefined;
}

/** What is wrong with a failure (of the block, or of one cell). */
function checkFailure(r: Record<string, unknown>): string | undefined {
  if (!["wrong-answer", "crash", "error"].includes(r.kind as string)) return "field 'kind' must be wrong-answer, crash or error";
  if (typeof r.reason !== "string" || !r.reason) return "field 'reason' must be a non-empty string";
  if (!isNumberArray(r.pids)) return "field 'pids' must be an array of numbers";
  return undefined;
}

function isObject(x: unknown): x is Record<string, unknown> {
  return !!x && typeof x === "object" && !Array.isArray(x);
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
