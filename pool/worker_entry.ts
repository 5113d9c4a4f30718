/**
 * The one script every worker runs, thread or process, on every runtime. It finds how it is connected
 * to the pool (a `node:worker_threads` port, a Web Worker scope, Node-style IPC, or framed stdio),
 * then runs the chunks it is sent, one at a time, in order, answering each batch with one message.
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
import {
  type ChunkFailure,
  encodeFrame,
  EXITING,
  INIT,
  INIT_FAILED,
  LineFramer,
  READY,
  RESULTS,
  RUN,
  STOP,
  toFailure,
  TRANSPORT_FLAG,
  WEB_WORKER_NAME,
} from "../runtimes/protocol.ts";
import { buildTaskTable, loadTaskTable, resolveTask, type TaskFunction, type TaskTable } from "./task_registry.ts";


interface Transport {
  send(message: unknown[]): void;
  listen(listener: (message: unknown[]) => void): void;
  /** Leave: the worker's last act. */
  exit(code: number): void;
}

interface WebScope {
  name?: string;
  postMessage(message: unknown): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  close(): void;
}

declare const Deno: {
  stdin: { read(buffer: Uint8Array): Promise<number | null> };
  stdout: { writeSync(bytes: Uint8Array): number };
  exit(code?: number): never;
};

async function connect(): Promise<Transport> {
  const flag = process.argv.find((a) => a.startsWith(TRANSPORT_FLAG))?.slice(TRANSPORT_FLAG.length);
  if (flag === "stdio") return stdioTransport();
  if (flag === "ipc") return ipcTransport();
  threadFlag.value = true;
  const scope = globalThis as unknown as WebScope;
  if (scope.name === WEB_WORKER_NAME) return webTransport(scope);
  const { parentPort } = await import("node:worker_threads");
  if (!parentPort) throw new Error("worker_entry: started neither as a worker nor with " + TRANSPORT_FLAG);
  hookExit((code) => parentPort.postMessage([EXITING, code]));
  return {
    send: (m) => parentPort.postMessage(m),
    listen: (l) => parentPort.on("message", l),
    exit: (code) => process.exit(code),
  };
}

function ipcTransport(): Transport {
  const send = process.send!.bind(process);
  // The pool is gone (it died without killing us): nobody will read our results.
  process.on("disconnect", () => process.exit(0));
  return {
    send: (m) => void send(m),
    listen: (l) => process.on("message", l as (m: unknown) => void),
    exit: (code) => process.exit(code),
  };
}

function stdioTransport(): Transport {
  const encoder = new TextEncoder();
  const write = (text: string) => {
    let bytes = encoder.encode(text);
    while (bytes.length > 0) bytes = bytes.subarray(Deno.stdout.writeSync(bytes));
  };
  // Something a task prints must not corrupt the frames: route console output to stderr.
  console.log = console.error;
  console.info = console.error;
  return {
    send: (m) => write(encodeFrame(m)),
    listen: (l) => {
      const framer = new LineFramer((m) => l(m as unknown[]), (line) => console.error(line));
      void (async () => {
        // Plain reads into one buffer: cheaper per message than the ReadableStream wrapper.
        const buffer = new Uint8Array(1 << 16);
        for (let n = await Deno.stdin.read(buffer); n !== null; n = await Deno.stdin.read(buffer)) {
          framer.push(buffer.subarray(0, n));
        }
        // The pool closed our stdin: it is gone or wants us gone.
        Deno.exit(0);
      })();
    },
    exit: (code) => Deno.exit(code),
  };
}

function webTransport(scope: WebScope): Transport {
  const transport: Transport = {
    send: (m) => scope.postMessage(m),
    listen: (l) => {
      scope.onmessage = (e) => l(e.data as unknown[]);
    },
    exit: (code) => process.exit(code),
  };
  // Web Workers fire no exit event in the parent (Deno), so a task calling process.exit / Deno.exit /
  // self.close must tell the pool its code first; the pool then ends the worker itself.
  const tellExit = (code: number) => scope.postMessage([EXITING, code]);
  hookExit(tellExit);
  if (typeof scope.close === "function") {
    const realClose = scope.close.bind(scope);
    scope.close = () => {
      tellExit(0);
      realClose();
    };
  }
  return transport;
}

/**
 * Make `process.exit` (and `Deno.exit`) in a thread worker send an EXITING notice first. The pool then
 * ignores anything the worker sends afterwards (Bun may run on after `process.exit` in a worker) and
 * knows the code even where the runtime reports none (Deno Web Workers).
 */
function hookExit(tell: (code: number) => void): void {
  const realExit = process.exit.bind(process);
  process.exit = ((code?: number) => {
    tell(typeof code === "number" ? code : typeof process.exitCode === "number" ? process.exitCode : 0);
    return realExit(code);
  }) as typeof process.exit;
  const deno = (globalThis as { Deno?: { exit(code?: number): never } }).Deno;
  if (deno) {
    const realDenoExit = deno.exit.bind(deno);
    try {
      deno.exit = (code?: number): never => {
        tell(code ?? 0);
        return realDenoExit(code);
      };
    } catch {
      // Deno.exit read-only: process.exit is still covered.
    }
  }
}

const transport = await connect();

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

transport.listen((message) => {
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
