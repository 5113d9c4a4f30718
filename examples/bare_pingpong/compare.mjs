// Bare ping-pong against tribench's `ping-pong threads x1 8 B` cell, per runtime, taken in turns
// (bare, tribench, bare, tribench …) so both see the same machine minute, and both on the same one
// CPU that tribench pins ping-pong to (taskset -c; --no-pin in the arguments runs both unpinned).
// Prints one line per runtime: the median of the bare runs' medians, tribench's (median of its
// process medians) and how far apart they are. Needs a build (npm run build) and Linux for pinning.
//
// Usage: node examples/bare_pingpong/compare.mjs [pairs = 4] [--no-pin] [--runtimes node,deno,bun]
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const args = process.argv.slice(2);
const pin = !args.includes("--no-pin");
const runtimesAt = args.indexOf("--runtimes");
const runtimes = runtimesAt >= 0 ? args[runtimesAt + 1].split(",") : ["node", "deno", "bun"];
const pairs = Number(args.find((a) => /^\d+$/.test(a)) ?? 4);
const bin = (name) => join(root, "node_modules", ".bin", name);

// The CPU tribench pins ping-pong to, asked of tribench's own code (the bare scripts stay bare).
const { oneCpu } = await import(pathToFileURL(join(root, "dist", "runtimes", "cpu_pinning.js")).href);
const cpu = pin ? oneCpu() : undefined;
if (cpu && !("cpu" in cpu)) throw new Error(`cannot pin: ${cpu.unavailable} (or pass --no-pin)`);
const onCpu = (argv) => (cpu ? [...cpu.prefix, ...argv] : argv);

const bareArgv = {
  node: [process.execPath, join(here, "node_worker_threads.mjs")],
  deno: [bin("deno"), "run", `--allow-read=${here}`, join(here, "deno_worker.mjs")],
  bun: [bin("bun"), join(here, "bun_worker.mjs")],
};
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const run = (argv) => execFileSync(argv[0], argv.slice(1), { cwd: root, encoding: "utf8", maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "ignore"] });

for (const runtime of runtimes) {
  const bare = [];
  const tribench = [];
  for (let i = 0; i < pairs; i++) {
    bare.push(JSON.parse(run(onCpu([...bareArgv[runtime], "2000", "21"]))).medianUs);
    // tribench pins ping-pong itself; --no-pin keeps it where the OS puts it, like the bare script.
    const report = JSON.parse(run([process.execPath, join(root, "dist", "scripts", "tribench.js"), "--suites", "ping-pong", "--variants", "threads",
      "--runtimes", runtime, "--rounds", "1", "--runs", "21", "--json", "--out", join(root, "results", "bare-compare"), ...(pin ? [] : ["--no-pin"])]));
    const cell = report.results.find((r) => r.case === "8 B" && r.variant === "threads");
    tribench.push(cell.metric.value);
  }
  const b = median(bare);
  const t = median(tribench);
  console.log(`${runtime.padEnd(5)} bare ${b.toFixed(1).padStart(6)} µs  tribench ${t.toFixed(1).padStart(6)} µs  tribench/bare ${(t / b).toFixed(3)}  ` +
    `(bare runs ${bare.map((x) => x.toFixed(1)).join(" ")}; tribench runs ${tribench.map((x) => x.toFixed(1)).join(" ")}; ${pin ? `both on CPU ${cpu.cpu}` : "unpinned"})`);
}
