/**
 * How a worker script finds its channel to its parent, on every runtime: a `node:worker_threads`
 * port, a Web Worker scope (Deno's and Bun's native threads), Node-style IPC, or framed stdio (Deno
 * process workers). The pool's entry (`worker_entry.ts`) and the communication suites' entry
 * (`comm_entry.ts`) both start with {@link connectWorker}, so a worker of either kind is connected,
 * and says that it is leaving, the same way.
 *
 * @module
 */
import { encodeFrame, EXITING, LineFramer, TRANSPORT_FLAG, WEB_WORKER_NAME } from "../runtimes/protocol.ts";

/** A worker's channel to its parent, whatever carries it. */
export interface WorkerTransport {
  /** `thread` for a `node:worker_threads` port or a Web Worker scope, `process` for IPC and stdio. */
  readonly kind: "thread" | "process";
  /** Send one message; `transfer` moves its ArrayBuffers where the channel can (threads), else they are copied. */
  send(message: unknown, transfer?: ArrayBuffer[]): void;
  /** Call `listener` with every message from the parent, in order. */
  listen(listener: (message: unknown) => void): void;
  /** Leave with `code`: the worker's last act. */
  exit(code: number): void;
}

interface WebScope {
  name?: string;
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  onmessage: ((event: { data: unknown }) => void) | null;
  close(): void;
}

declare const Deno: {
  stdin: { read(buffer: Uint8Array): Promise<number | null> };
  stdout: { writeSync(bytes: Uint8Array): number };
  exit(code?: number): never;
};

/**
 * Connect the worker running this code to its parent: the transport the parent chose by
 * `TRANSPORT_FLAG` (process workers), else the thread the worker runs in. In a thread,
 * `process.exit`, `Deno.exit` and `self.close` first tell the parent an EXITING notice (see
 * {@link hookExit}). Throws when the script was started neither way; `entry` names it in that message.
 *
 * @example
 * ```ts
 * const transport = await connectWorker("worker_entry");
 * transport.listen((message) => transport.send(message)); // an echo worker
 * ```
 */
export async function connectWorker(entry: string): Promise<WorkerTransport> {
  const flag = process.argv.find((a) => a.startsWith(TRANSPORT_FLAG))?.slice(TRANSPORT_FLAG.length);
  if (flag === "stdio") return stdioTransport();
  if (flag === "ipc") return ipcTransport();
  const scope = globalThis as unknown as WebScope;
  if (scope.name === WEB_WORKER_NAME) return webTransport(scope);
  const { parentPort } = await import("node:worker_threads");
  if (!parentPort) throw new Error(`${entry}: started neither as a worker nor with ${TRANSPORT_FLAG}`);
  hookExit((code) => parentPort.postMessage([EXITING, code]));
  return {
    kind: "thread",
    send: (m, t) => parentPort.postMessage(m, t),
    listen: (l) => void parentPort.on("message", l),
    exit: (code) => process.exit(code),
  };
}

function ipcTransport(): WorkerTransport {
  const send = process.send!.bind(process);
  // The parent is gone (it died without killing us): nobody will read what we send.
  process.on("disconnect", () => process.exit(0));
  return {
    kind: "process",
    send: (m) => void send(m as object),
    listen: (l) => void process.on("message", l),
    exit: (code) => process.exit(code),
  };
}

function stdioTransport(): WorkerTransport {
  const encoder = new TextEncoder();
  const write = (text: string) => {
    let bytes = encoder.encode(text);
    while (bytes.length > 0) bytes = bytes.subarray(Deno.stdout.writeSync(bytes));
  };
  // Something a task or suite prints must not corrupt the frames: route console output to stderr.
  console.log = console.error;
  console.info = console.error;
  return {
    kind: "process",
    send: (m) => write(encodeFrame(m)),
    listen: (l) => {
      const framer = new LineFramer(l, (line) => console.error(line));
      void (async () => {
        // Plain reads into one buffer: cheaper per message than the ReadableStream wrapper.
        const buffer = new Uint8Array(1 << 16);
        for (let n = await Deno.stdin.read(buffer); n !== null; n = await Deno.stdin.read(buffer)) {
          framer.push(buffer.subarray(0, n));
        }
        // The parent closed our stdin: it is gone or wants us gone.
        Deno.exit(0);
      })();
    },
    exit: (code) => Deno.exit(code),
  };
}

function webTransport(scope: WebScope): WorkerTransport {
  const transport: WorkerTransport = {
    kind: "thread",
    // Only a non-empty transfer list is passed: a Web Worker scope is not asked to read an empty one.
    send: (m, t) => (t?.length ? scope.postMessage(m, t) : scope.postMessage(m)),
    listen: (l) => {
      scope.onmessage = (e) => l(e.data);
    },
    exit: (code) => process.exit(code),
  };
  // Web Workers fire no exit event in the parent (Deno), so code calling process.exit / Deno.exit /
  // self.close must tell the parent its code first; the parent's handle then ends the worker itself.
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
 * Make `process.exit` (and `Deno.exit`) in a thread worker send an EXITING notice first. The parent
 * then ignores anything the worker sends afterwards (Bun may run on after `process.exit` in a worker)
 * and knows the code even where the runtime reports none (Deno Web Workers).
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
