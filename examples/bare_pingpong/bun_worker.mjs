// Bare 8-byte ping-pong on Bun: Web Worker, worker.postMessage / self.postMessage.
// Usage: bun bun_worker.mjs [round trips per run = 2000] [runs = 21]
// Bun has no WorkerGlobalScope; it says which thread this is.
if (!Bun.isMainThread) {
  self.onmessage = (e) => self.postMessage(e.data);
} else {
  const trips = Number(process.argv[2] ?? 2000);
  const runs = Number(process.argv[3] ?? 21);
  const payload = "abcdefgh";
  const worker = new Worker(import.meta.url);
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
  console.log(JSON.stringify({ runtime: "bun", version: Bun.version, api: "Worker", payloadBytes: 8, trips, runs, medianUs: times[times.length >> 1], minUs: times[0], maxUs: times[times.length - 1] }));
  worker.terminate();
}
