// Bare 8-byte ping-pong on Deno: Web Worker, worker.postMessage / self.postMessage.
// Usage: deno run --allow-read=examples/bare_pingpong deno_worker.mjs [round trips per run = 2000] [runs = 21]
if (typeof WorkerGlobalScope !== "undefined" && self instanceof WorkerGlobalScope) {
  self.onmessage = (e) => self.postMessage(e.data);
} else {
  const trips = Number(Deno.args[0] ?? 2000);
  const runs = Number(Deno.args[1] ?? 21);
  const payload = "abcdefgh";
  const worker = new Worker(import.meta.url, { type: "module" });
  let onEcho = () => {};
  worker.onmessage = (e) => onEcho(e.data);
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
  console.log(JSON.stringify({ runtime: "deno", version: Deno.version.deno, api: "Worker", payloadBytes: 8, trips, runs, medianUs: times[times.length >> 1], minUs: times[0], maxUs: times[times.length - 1] }));
  worker.terminate();
}
