import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { promisify } from "node:util";
import { DIST_DIR, PROJECT_ROOT } from "../core/project.ts";
import { renderSpeedupCharts, speedupChartSpec } from "./charts.ts";
import { loadFixture, loadThreeRuntimeFixture } from "../testing/testdata/fixtures.ts";

const run = promisify(execFile);

test("one SVG per suite with title, axes, legend, ideal line and every runtime", async () => {
  const charts = await renderSpeedupCharts(loadFixture());
  assert.deepEqual(Object.keys(charts), ["collatz", "pi"]);
  for (const [suite, svg] of Object.entries(charts)) {
    assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.ok(svg.trimEnd().endsWith("</svg>"));
    for (const text of [`${suite}: speedup vs workers`, "Workers", "Speedup (serial median / median)", "Runtime", "Variant", "node", "deno", "threads", "processes", "ideal"]) {
      assert.ok(svg.includes(`>${text}<`), `${suite}: no text ${text}`);
    }
  }
});

test("strings from the machine are escaped in the SVG", async () => {
  const { collatz } = await renderSpeedupCharts(loadFixture());
  assert.ok(collatz!.includes("&lt;x86_64&gt;"));
  assert.ok(!collatz!.includes("<x86_64>"));
});

test("the spec plots each parallel cell's speedup and interval, and the ideal line to the most workers", () => {
  const spec = speedupChartSpec(loadThreeRuntimeFixture(), "pi") as { layer: { data: { values: Record<string, unknown>[] } }[] };
  const ideal = spec.layer[0]!.data.values;
  assert.deepEqual(ideal, [{ workers: 1, speedup: 1 }, { workers: 2, speedup: 2 }]);
  const points = spec.layer[2]!.data.values;
  // 3 runtimes x 2 variants x 2 worker counts, less the failed deno cell; no serial points.
  assert.equal(points.length, 11);
  assert.ok(!points.some((p) => p.variant === "serial"));
  const nodeThreads2 = points.find((p) => p.runtime === "node" && p.variant === "threads" && p.workers === 2)!;
  assert.deepEqual([nodeThreads2.speedup, nodeThreads2.low, nodeThreads2.high], [1.9442, 1.9339, 1.9584]);
});

test("a suite with no parallel cell gets no chart", async () => {
  const report = loadFixture();
  report.results = report.results.filter((r) => r.suite !== "pi" || r.variant === "serial");
  report.failures = [];
  assert.deepEqual(Object.keys(await renderSpeedupCharts(report)), ["collatz"]);
});

// The orchestrator may run on any runtime, so the charts must render on each (same SVG, byte for byte).
const script = `
  const { renderSpeedupCharts } = await import(${JSON.stringify(join(DIST_DIR, "reports", "charts.js"))});
  const { loadFixture } = await import(${JSON.stringify(join(DIST_DIR, "testing", "testdata", "fixtures.js"))});
  const { createHash } = await import("node:crypto");
  const charts = await renderSpeedupCharts(loadFixture());
  console.log(JSON.stringify(Object.fromEntries(Object.entries(charts).map(([k, v]) => [k, createHash("sha256").update(v).digest("hex")]))));
`;
for (const [runtime, argv] of [
  ["deno", ["eval", "--no-prompt", script]],
  ["bun", ["-e", script]],
] as const) {
  test(`charts render the same under ${runtime}`, { timeout: 60_000 }, async () => {
    const here = await renderSpeedupCharts(loadFixture());
    const { stdout } = await run(join(PROJECT_ROOT, "node_modules", ".bin", runtime), [...argv], { cwd: PROJECT_ROOT, env: { ...process.env, NO_COLOR: "1" } });
    const hashes = JSON.parse(stdout.trim().split("\n").pop()!);
    assert.deepEqual(hashes, Object.fromEntries(Object.entries(here).map(([k, v]) => [k, createHash("sha256").update(v).digest("hex")])));
  });
}
