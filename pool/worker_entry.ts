/**
 * The one script every worker runs, thread or process, on every runtime. It connects to the pool
 * (`worker_transport.ts`: a `node:worker_threads` port, a Web Worker scope, Node-style IPC, or framed
 * stdio), then runs the chunks it is sent, one at a time, in order, answering each batch with one message.
 *
 * Its tasks are the built-ins plus the suites of the task modules named in the pool's INIT message,
 * imported once before the initializer runs; a RUN message only names a task of that table.
 *
 * The hot loop calls task functions directly and only awaits when a task returns a promise, so a
 * batch of synchronous tasks costs one message in and one message out, with no promise per task.
 *
 * @module
 */
import { threadFlag } from "./builtin_tasks.ts";
import { type ChunkFailure, INIT, INIT_FAILED, READY, RESULTS, RUN, STOP, toFailure } from "../runtimes/protocol.ts";
import { buildTaskTable, loadTaskTable, resolveTask, type TaskFunction, type TaskTable } from "./task_registry.ts";
import { connectWorker } from "./worker_transport.ts";

const transport = await connectWorker("worker_entry");
threadFlag.value = transport.kind === "thread";

/** Built-ins only until INIT names the task modules (no RUN comes before READY). */
let table: TaskTable = buildTaskTable([]);
const lookup = (name: string): TaskFunction => resolveTask(table, name);

/** Chunks received but not yet run, as flat [task, inputs, task, inputs, …]. */
let queue: unknown[] = [];
let head = 0;
let running = false;
/** Finished chunk records not yet sent, after the RESULTS tag. */
let outbox: unknown[] = [RESULTS];

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === "object" && typeof (value as { then?: unknown }).then === "function";
}

function flush(): void {
  if (outbox.length > 1) {
    const message = outbox;
    outbox = [RESULTS];
    transport.send(message);
  }
}

/** Run queued chunks until the queue is empty or a task returns a promise. */
function drain(): void {
  running = true;
  while (head < queue.length) {
    const name = queue[head] as string;
    const inputs = queue[head + 1] as unknown[];
    head += 2;
    let fn: TaskFunction;
    try {
      fn = lookup(name);
    } catch (error) {
      outbox.push(toFailure(0, error));
      continue;
    }
    const outputs = new Array<unknown>(inputs.length);
    let failure: ChunkFailure | undefined;
    for (let i = 0; i < inputs.length; i++) {
      let value: unknown;
      try {
        value = fn(inputs[i]);
      } catch (error) {
        failure = toFailure(i, error);
        break;
      }
      if (isThenable(value)) {
        // Send what is finished so far, then wait for this one outside the hot loop.
        flush();
        void finishAsync(fn, inputs, outputs, i, value);
        return;
      }
      outputs[i] = value;
    }
    outbox.push(failure ?? outputs);
  }
  queue = [];
  head = 0;
  running = false;
  flush();
}

async function finishAsync(fn: TaskFunction, inputs: unknown[], outputs: unknown[], from: number, pending: PromiseLike<unknown>): Promise<void> {
  let failure: ChunkFailure | undefined;
  for (let i = from; i < inputs.length; i++) {
    try {
      outputs[i] = await (i === from ? pending : fn(inputs[i]));
    } catch (error) {
      failure = toFailure(i, error);
      break;
    }
  }
  outbox.push(failure ?? outputs);
  drain();
}

/**
 * Import the task modules the pool named, then run the initializer (it may be one of their tasks).
 * Either failure is answered with one line saying which it was.
 */
async function initialize(task: unknown, arg: unknown, modules: unknown): Promise<void> {
  try {
    if (modules !== null && modules !== undefined) {
      if (!Array.isArray(modules)) throw new Error("INIT carried task modules that are not a list of paths");
      table = await loadTaskTable(modules as string[]);
    }
  } catch (error) {
    return transport.send([INIT_FAILED, oneLine(error)]);
  }
  try {
    if (typeof task === "string") await lookup(task)(arg);
  } catch (error) {
    return transport.send([INIT_FAILED, `initializer ${task} threw: ${oneLine(error)}`]);
  }
  transport.send([READY]);
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0]!;
}

transport.listen((received) => {
  const message = received as unknown[];
  switch (message[0]) {
    case RUN:
      for (let i = 1; i < message.length; i++) queue.push(message[i]);
      if (!running) drain();
      break;
    case INIT:
      void initialize(message[1], message[2], message[3]);
      break;
    case STOP:
      flush();
      transport.exit(0);
      break;
  }
});
