// Bare 8-byte ping-pong on Node: node:worker_threads, worker.postMessage / parentPort.postMessage.
// Usage: node node_worker_threads.mjs [round trips per run = 2000] [runs = 21]
import { isMainThread, parentPort, Worker } from "node:worker_threads";

if (!isMainThread) {
  parentPort.on("message", (m) => parentPort.postMessage(m));
} else {
  const trips = Number(process.argv[2] ?? 2000);
  const runs = Number(process.argv[3] ?? 21);
  const payload = "abcdefgh";
  const worker = new Worker(new URL(import.meta.url));
  let onEcho = () => {};
  worker.on("message", (m) => onEcho(m));
  const run = () =>
    new Promise((resolve) => {
      let left = trips;
      const t0 = performance.now();
      onEcho = () => {
        if (--left > 0) worker.postMessage(payload);
        else resolve(performance.now() - t0);
      };
      worker.postMessage(payload);
    });
  const times = [];
  for (let r = 0; r < runs + 2; r++) {
    const ms = await run();
    if (r >= 2) times.push((ms * 1000) / trips);
  }
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({ runtime: "node", version: process.versions.node, api: "node:worker_threads", payloadBytes: 8, trips, runs, medianUs: times[times.length >> 1], minUs: times[0], maxUs: times[times.length - 1] }));
  await worker.terminate();
}
