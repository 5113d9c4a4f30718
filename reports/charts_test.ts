import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { join } from "node:path";
import { promisify } from "node:util";
import { DIST_DIR, PROJECT_ROOT } from "../core/project.ts";
import { renderSpeedupCharts, speedupChartSpec } from "./charts.ts";
import type { Report } from "./report.ts";
import { upgradeReport } from "./upgrade.ts";
import { loadFixture, loadThreeRuntimeFixture, loadV1Fixture } from "../testing/testdata/fixtures.ts";

const run = promisify(execFile);

/** The three-runtime fixture swept at one worker count (2): serial and the 2-worker cells only. */
function oneWorkerCount(): Report {
  const report = loadThreeRuntimeFixture();
  report.results = report.results.filter((r) => r.variant === "serial" || r.workers === 2);
  report.config.workers = [2];
  return report;
}

type Layer = { data?: { values: Record<string, unknown>[] }; mark?: { type: string }; layer?: Layer[]; encoding?: Record<string, unknown> };
/** Every mark of a spec with the data it draws, nested layers flattened. */
function marks(spec: { layer: Layer[] }): { type: string; values: Record<string, unknown>[]; encoding: Record<string, unknown> }[] {
  const out: { type: string; values: Record<string, unknown>[]; encoding: Record<string, unknown> }[] = [];
  const walk = (layers: Layer[], values: Record<string, unknown>[]) => {
    for (const l of layers) {
      const v = l.data?.values ?? values;
      if (l.mark) out.push({ type: l.mark.type, values: v, encoding: l.encoding ?? {} });
      if (l.layer) walk(l.layer, v);
    }
  };
  walk(spec.layer, []);
  return out;
}

test("one SVG per suite with title, axes, legend, ideal line and every runtime", async () => {
  const charts = await renderSpeedupCharts(loadFixture());
  assert.deepEqual(Object.keys(charts), ["collatz", "pi"]);
  for (const [suite, svg] of Object.entries(charts)) {
    assert.match(svg, /^<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.ok(svg.trimEnd().endsWith("</svg>"));
    for (const text of [`${suite}: speedup vs workers`, "Workers", "Speedup over serial", "Runtime", "Variant", "node", "deno", "threads", "processes", "ideal"]) {
      assert.ok(svg.includes(`>${text}<`), `${suite}: no text ${text}`);
    }
  }
});

test("strings from the machine are escaped in the SVG", async () => {
  const { collatz } = await renderSpeedupCharts(loadFixture());
  assert.ok(collatz!.includes("&lt;x86_64&gt;"));
  assert.ok(!collatz!.includes("<x86_64>"));
});

test("several worker counts: the spec plots each parallel cell's speedup and interval, and the ideal line to the most workers", () => {
  const report = loadThreeRuntimeFixture();
  const spec = speedupChartSpec(report, "pi") as { layer: { data: { values: Record<string, unknown>[] } }[] };
  const ideal = spec.layer[0]!.data.values;
  assert.deepEqual(ideal, [{ workers: 1, speedup: 1 }, { workers: 2, speedup: 2 }]);
  const points = spec.layer[2]!.data.values;
  // 3 runtimes x 2 variants x 2 worker counts, less the failed deno cell; no serial points.
  assert.equal(points.length, 11);
  assert.ok(!points.some((p) => p.variant === "serial"));
  const nodeThreads2 = points.find((p) => p.runtime === "node" && p.variant === "threads" && p.workers === 2)!;
  const cell = report.results.find((r) => r.suite === "pi" && r.runtime === "node" && r.variant === "threads" && r.workers === 2)!;
  assert.deepEqual([nodeThreads2.speedup, nodeThreads2.low, nodeThreads2.high], [cell.speedup, cell.speedupCiLow, cell.speedupCiHigh]);
  assert.ok(marks(spec as { layer: Layer[] }).some((m) => m.type === "line"));
});

test("one worker count: bars per runtime and variant with interval whiskers, capacity ticks and the ideal", async () => {
  const report = oneWorkerCount();
  const spec = speedupChartSpec(report, "pi") as { layer: Layer[] };
  const all = marks(spec);
  assert.ok(!all.some((m) => m.type === "line" || m.type === "point"), "no one-point lines");
  const bars = all.find((m) => m.type === "bar")!;
  // 3 runtimes x 2 variants at 2 workers, less the failed deno cell.
  assert.equal(bars.values.length, 5);
  assert.deepEqual(Object.keys(bars.encoding).filter((k) => ["x", "xOffset", "y", "color"].includes(k)).sort(), ["color", "x", "xOffset", "y"]);
  for (const p of bars.values) {
    const cell = report.results.find((r) => r.suite === "pi" && r.runtime === p.runtime && r.variant === p.variant && r.workers === 2)!;
    assert.deepEqual([p.speedup, p.low, p.high, p.capacity], [cell.speedup, cell.speedupCiLow, cell.speedupCiHigh, cell.capacity!.median]);
  }
  const whiskers = all.find((m) => m.type === "rule" && m.values === bars.values)!;
  assert.deepEqual([(whiskers.encoding.y as { field: string }).field, (whiskers.encoding.y2 as { field: string }).field], ["low", "high"]);
  assert.equal(all.find((m) => m.type === "tick")!.values.length, 5);
  assert.deepEqual(all.find((m) => m.type === "rule" && m.values !== bars.values)!.values, [{ speedup: 2 }]);
  const svg = (await renderSpeedupCharts(report)).pi!;
  for (const text of ["pi: speedup at 2 workers", "Runtime", "Variant", "Speedup over serial", "ideal (2)", "node", "deno", "bun", "threads", "processes"]) {
    assert.ok(svg.includes(`>${text}<`), `no text ${text}`);
  }
  assert.match(svg, /ticks: measured capacity/);
});

test("bars without capacity (an upgraded report@1 at one worker count) draw no ticks", () => {
  const v1 = upgradeReport(loadV1Fixture());
  v1.results = v1.results.filter((r) => r.variant === "serial" || r.workers === 2);
  const all = marks(speedupChartSpec(v1, "collatz") as { layer: Layer[] });
  assert.equal(all.find((m) => m.type === "bar")!.values.length, 4);
  assert.ok(!all.some((m) => m.type === "tick"));
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
  const report = loadFixture();
  const bars = loadFixture();
  bars.results = bars.results.filter((r) => r.variant === "serial" || r.workers === 2);
  bars.config.workers = [2];
  const charts = { ...(await renderSpeedupCharts(report)), bars: (await renderSpeedupCharts(bars)).collatz };
  console.log(JSON.stringify(Object.fromEntries(Object.entries(charts).map(([k, v]) => [k, createHash("sha256").update(v).digest("hex")]))));
`;
for (const [runtime, argv] of [
  ["deno", ["eval", "--no-prompt", script]],
  ["bun", ["-e", script]],
] as const) {
  test(`charts render the same under ${runtime}`, { timeout: 60_000 }, async () => {
    const bars = loadFixture();
    bars.results = bars.results.filter((r) => r.variant === "serial" || r.workers === 2);
    bars.config.workers = [2];
    const here = { ...(await renderSpeedupCharts(loadFixture())), bars: (await renderSpeedupCharts(bars)).collatz! };
    const { stdout } = await run(join(PROJECT_ROOT, "node_modules", ".bin", runtime), [...argv], { cwd: PROJECT_ROOT, env: { ...process.env, NO_COLOR: "1" } });
    const hashes = JSON.parse(stdout.trim().split("\n").pop()!);
    assert.deepEqual(hashes, Object.fromEntries(Object.entries(here).map(([k, v]) => [k, createHash("sha256").update(v).digest("hex")])));
  });
}
