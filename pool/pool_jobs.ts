/**
 * The pool's units of work: a job (one `map`, `imapUnordered` or `submit` call) is cut into chunks;
 * the pool sends chunks to workers and hands each chunk's outputs back to its job.
 *
 * @module
 */

/** One call on the pool, settled by its chunks. */
export interface Job {
  /** Set once the job has settled (resolved, failed, cancelled): its remaining chunks are skipped. */
  done: boolean;
  /** Outputs of one chunk, in input order. */
  deliver(chunk: Chunk, outputs: unknown[]): void;
  /** Settle the job with an error (only the first call counts). */
  fail(error: unknown): void;
}

/** A slice of a job's inputs that one worker runs in one go. */
export interface Chunk {
  readonly job: Job;
  readonly task: string;
  /** Index of the chunk's first input in the job's inputs. */
  readonly start: number;
  readonly inputs: unknown[];
  /** Set for tasks with a timeout or abort signal: they run alone on a worker, so killing it hurts no one else. */
  readonly exclusive: boolean;
  /** Milliseconds the chunk may run once dispatched (exclusive chunks only). */
  readonly timeoutMs?: number;
  /** Aborts the chunk (exclusive chunks only). */
  readonly signal?: AbortSignal;
}

/** Cut `inputs` into chunks of `chunksize` for `job`. */
export function chunksOf(job: Job, task: string, inputs: readonly unknown[], chunksize: number): Chunk[] {
  const chunks: Chunk[] = [];
  for (let start = 0; start < inputs.length; start += chunksize) {
    chunks.push({ job, task, start, inputs: inputs.slice(start, start + chunksize), exclusive: false });
  }
  return chunks;
}

/** `map`: outputs in input order; the first failure rejects the whole call (like Python's `Pool.map`). */
export class MapJob<O> implements Job {
  done = false;
  readonly #results: O[];
  #remaining: number;
  readonly promise: Promise<O[]>;
  #resolve!: (value: O[]) => void;
  #reject!: (error: unknown) => void;

  constructor(count: number) {
    this.#results = new Array<O>(count);
    this.#remaining = count;
    this.promise = new Promise<O[]>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    if (count === 0) this.#settle();
  }

  deliver(chunk: Chunk, outputs: unknown[]): void {
    const results = this.#results;
    for (let i = 0, at = chunk.start; i < outputs.length; i++, at++) results[at] = outputs[i] as O;
    this.#remaining -= outputs.length;
    if (this.#remaining === 0) this.#settle();
  }

  fail(error: unknown): void {
    if (this.done) return;
    this.done = true;
    this.#reject(error);
  }

  #settle(): void {
    this.done = true;
    this.#resolve(this.#results);
  }
}

/** `submit`: one input, one output. */
export class SubmitJob<O> implements Job {
  done = false;
  /** Called once when the job settles (the pool drops its abort listener there). */
  onSettle: (() => void) | undefined;
  readonly promise: Promise<O>;
  #resolve!: (value: O) => void;
  #reject!: (error: unknown) => void;

  constructor() {
    this.promise = new Promise<O>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  deliver(_chunk: Chunk, outputs: unknown[]): void {
    if (this.done) return;
    this.done = true;
    this.onSettle?.();
    this.#resolve(outputs[0] as O);
  }

  fail(error: unknown): void {
    if (this.done) return;
    this.done = true;
    this.onSettle?.();
    this.#reject(error);
  }
}

/** `imapUnordered`: yields `{ index, value }` as chunks finish; a failure is thrown at the next `next()`. */
export class UnorderedJob<O> implements Job, AsyncIterableIterator<{ index: number; value: O }> {
  done = false;
  #buffer: { index: number; value: O }[] = [];
  #head = 0;
  #remaining: number;
  #error: { error: unknown } | undefined;
  #waiter: ((result: IteratorResult<{ index: number; value: O }>) => void) | undefined;
  #waiterReject: ((error: unknown) => void) | undefined;
  /** Called when the consumer stops early, so the pool can forget the job. */
  onCancel: () => void = () => {};

  constructor(count: number) {
    this.#remaining = count;
    if (count === 0) this.done = true;
  }

  deliver(chunk: Chunk, outputs: unknown[]): void {
    for (let i = 0; i < outputs.length; i++) this.#buffer.push({ index: chunk.start + i, value: outputs[i] as O });
    this.#remaining -= outputs.length;
    if (this.#remaining === 0) this.done = true;
    this.#wake();
  }

  fail(error: unknown): void {
    if (this.done) return;
    this.done = true;
    this.#error = { error };
    this.#wake();
  }

  #wake(): void {
    const waiter = this.#waiter;
    if (!waiter) return;
    this.#waiter = undefined;
    const reject = this.#waiterReject!;
    this.#waiterReject = undefined;
    this.next().then(waiter, reject);
  }

  next(): Promise<IteratorResult<{ index: number; value: O }>> {
    if (this.#head < this.#buffer.length) {
      const value = this.#buffer[this.#head++]!;
      if (this.#head > 1024 && this.#head * 2 > this.#buffer.length) {
        this.#buffer = this.#buffer.slice(this.#head);
        this.#head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.#error) {
      const { error } = this.#error;
      this.#error = undefined;
      this.#remaining = 0;
      return Promise.reject(error);
    }
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.#waiter = resolve;
      this.#waiterReject = reject;
    });
  }

  return(): Promise<IteratorResult<{ index: number; value: O }>> {
    if (!this.done) {
      this.done = true;
      this.onCancel();
    }
    this.#buffer = [];
    this.#head = 0;
    this.#error = undefined;
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<{ index: number; value: O }> {
    return this;
  }
}
