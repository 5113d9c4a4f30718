/**
 * The messages between the pool and its workers. They are flat arrays with a numeric tag first,
 * because these are the cheapest shapes to structured-clone and to JSON-encode, and the pool sends
 * one per batch of chunks, not one per task.
 *
 * Ordering is the whole protocol: a worker runs the chunks it is given one at a time, in the order
 * received, and answers them in that order, so neither side needs ids.
 *
 * pool -> worker
 * - `[INIT, initTask | null, initArg, taskModules]` first message: import `taskModules` (absolute paths
 *   of compiled ES modules exporting `SUITES`; their suites join the built-in tasks), run the
 *   initializer, then answer READY
 * - `[RUN, task1, inputs1, task2, inputs2, …]`     run these chunks, in order
 * - `[STOP]`                                       finish and exit with code 0
 *
 * worker -> pool
 * - `[READY]` or `[INIT_FAILED, reason]` (one line: a task module that failed to load, or the initializer's error)
 * - `[RESULTS, r1, r2, …]`  one record per finished chunk, in order: an array of outputs when it
 *   succeeded, or a {@link ChunkFailure} object when one of its items threw
 * - `[EXITING, code]`       sent by the worker just before it calls exit (runtimes that fire no exit
 *   event learn the code this way)
 *
 * @module
 */

/** The name the pool gives Web Workers, so the entry knows to use the Web Worker scope. */
export const WEB_WORKER_NAME = "tribench-web";
/** The argv flag that tells a process worker its transport: `ipc` or `stdio`. */
export const TRANSPORT_FLAG = "--tribench-transport=";

/** Message tags. */
export const INIT = 0;
export const RUN = 1;
export const STOP = 2;
export const READY = 3;
export const INIT_FAILED = 4;
export const RESULTS = 5;
export const EXITING = 6;

/** A chunk whose item `i` threw: the original error's name, message and stack. */
export interface ChunkFailure {
  /** Index of the failed item inside its chunk. */
  readonly i: number;
  /** Error name (`TypeError`, …). */
  readonly n: string;
  /** Error message, unchanged. */
  readonly m: string;
  /** Stack inside the worker, if any. */
  readonly s?: string;
}

/** Turn anything a task threw into a {@link ChunkFailure}. */
export function toFailure(i: number, thrown: unknown): ChunkFailure {
  if (thrown instanceof Error) return { i, n: thrown.name, m: thrown.message, s: thrown.stack };
  return { i, n: "Error", m: String(thrown) };
}

/**
 * The marker that starts a protocol line on a stdio transport (ASCII record separator). Lines that do
 * not start with it are something the task printed and are passed through, not parsed.
 */
export const FRAME_MARK = "\x1e";

/**
 * Splits a byte stream into protocol messages (one JSON value per line after {@link FRAME_MARK}).
 * Anything else on the stream goes to `other`.
 */
export class LineFramer {
  #rest = "";
  readonly #decoder = new TextDecoder();

  constructor(
    private readonly onMessage: (message: unknown) => void,
    private readonly other: (line: string) => void,
  ) {}

  /** Feed bytes; calls `onMessage` for each complete frame. */
  push(bytes: Uint8Array): void {
    const text = this.#rest + this.#decoder.decode(bytes, { stream: true });
    let start = 0;
    for (let nl = text.indexOf("\n", start); nl >= 0; nl = text.indexOf("\n", start)) {
      const line = text.slice(start, nl);
      start = nl + 1;
      if (line.charCodeAt(0) === 0x1e) this.onMessage(JSON.parse(line.slice(1)));
      else this.other(line);
    }
    this.#rest = text.slice(start);
  }
}

/** Encode one message as a frame (marker, JSON, newline). */
export function encodeFrame(message: unknown): string {
  return FRAME_MARK + JSON.stringify(message) + "\n";
}
