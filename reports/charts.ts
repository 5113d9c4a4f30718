/**
 * One SVG chart per suite. With several worker counts: speedup against workers, one line per
 * runtime and variant, the speedup's 95% interval as error bars, and the ideal (speedup = workers)
 * as a dashed line. With one worker count (a line of one point says nothing): one bar per runtime
 * and variant, the interval as a whisker, the machine's measured capacity as a tick on the bar and
 * the ideal as a dashed rule. Made with Vega-Lite, rendered headless by Vega (`renderer: "none"`,
 * `view.toSVG()`), which works the same under Node, Deno and Bun. Both libraries are imported on
 * first use only, so a run that draws no chart does not load them.
 *
 * @module
 */
import { cellName, formatRatio, isBaseline, suitesOf } from "./_format.ts";
import { plainText } from "./escape.ts";
import type { Report } from "./report.ts";
import { caseCellName, formatMetricValue, isMetricSuite, metricHeading, suiteMetric } from "./_metric.ts";

/** One plotted point. */
interface SpeedupPoint {
  runtime: string;
  variant: string;
  series: string;
  workers: number;
  speedup: number;
  low: number;
  high: number;
  /** Median measured capacity beside the cell, when probed. */
  capacity: number | null;
  cell: string;
}

/** The points of one suite: every measured non-serial cell with a speedup. */
function pointsOf(report: Report, suite: string): SpeedupPoint[] {
  return report.results
    .filter((r) => r.suite === suite && !isBaseline(r.variant) && r.speedup !== null)
    .map((r) => ({
      runtime: plainText(r.runtime),
      variant: plainText(r.variant),
      series: plainText(`${r.runtime} ${r.variant}`),
      workers: r.workers,
      speedup: r.speedup!,
      low: r.speedupCiLow ?? r.speedup!,
      high: r.speedupCiHigh ?? r.speedup!,
      capacity: r.capacity?.median ?? null,
      cell: plainText(cellName(r)),
    }));
}

/** What every chart shares: size, font, and the subtitle naming the machine and the runtimes. */
function frame(report: Report, title: string, legend: string): Record<string, unknown> {
  const versions = report.runtimes.map((r) => `${r.name} ${r.version}`).join(", ");
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: 520,
    height: 320,
    background: "white",
    padding: 12,
    title: {
      text: plainText(title),
      subtitle: [
        plainText(`size ${report.config.size} · ${report.machine.cpuModel} · ${report.machine.logicalCores} logical cores`),
        plainText(`${versions} · ${legend}`),
      ],
      anchor: "start",
    },
    config: { font: "Helvetica, Arial, sans-serif", legend: { orient: "right" }, axis: { labelFontSize: 11, titleFontSize: 12 } },
  };
}

const SPEEDUP_TITLE = "Speedup over serial";

/** The runtime columns in report order, by label (`bun@1.4.5`) as the cells name them; files before labels: by name. */
const runtimeOrder = (report: Report) => report.runtimes.map((r) => plainText(r.label ?? r.name));

/** Bars for a sweep of one worker count: x = runtime, bars side by side per variant. */
function barSpec(report: Report, suite: string, points: SpeedupPoint[], workers: number): Record<string, unknown> {
  const ideal = Math.min(workers, report.machine.usableCores);
  const yMax = Math.max(ideal, ...points.map((p) => Math.max(p.high, p.capacity ?? 0))) * 1.12;
  const runtimeSort = runtimeOrder(report);
  const variantSort = report.config.variants.map(plainText);
  const x = { field: "runtime", type: "nominal", title: "Runtime", sort: runtimeSort, axis: { labelAngle: 0 } };
  const xOffset = { field: "variant", type: "nominal", sort: variantSort };
  const y = { field: "speedup", type: "quantitative", title: SPEEDUP_TITLE, scale: { domain: [0, yMax], nice: false } };
  const color = { field: "variant", type: "nominal", title: "Variant", sort: variantSort };
  const withCapacity = points.filter((p) => p.capacity !== null);
  const layers: Record<string, unknown>[] = [
    {
      data: { values: points },
      layer: [
        {
          mark: { type: "bar", opacity: 0.85 },
          encoding: {
            x, xOffset, y, color,
            tooltip: [{ field: "cell" }, { field: "speedup", format: ".2f" }, { field: "low", format: ".2f" }, { field: "high", format: ".2f" }],
          },
        },
        { mark: { type: "rule", strokeWidth: 1.5, color: "#222222" }, encoding: { x, xOffset, y: { field: "low", type: "quantitative" }, y2: { field: "high" } } },
      ],
    },
    {
      data: { values: [{ speedup: ideal }] },
      layer: [
        { mark: { type: "rule", color: "#888888", strokeDash: [6, 4], strokeWidth: 1.5 }, encoding: { y } },
        { mark: { type: "text", text: `ideal (${ideal})`, color: "#666666", align: "right", baseline: "bottom", dy: -3, x: "width", fontStyle: "italic" }, encoding: { y } },
      ],
    },
  ];
  if (withCapacity.length) {
    layers.push({
      data: { values: withCapacity },
      mark: { type: "tick", color: "#000000", thickness: 2 },
      encoding: { x, xOffset, y: { field: "capacity", type: "quantitative" } },
    });
  }
  return {
    ...frame(report, `${suite}: speedup at ${workers} workers`, `whiskers: 95% interval${withCapacity.length ? " · ticks: measured capacity" : ""}`),
    layer: layers,
    description: plainText(`Speedup at ${workers} workers for ${suite}: ${points.map((p) => `${p.cell} ${formatRatio(p.speedup)}`).join("; ")}`),
  };
}

/**
 * The Vega-Lite specification of one suite's chart (exported for tests and for anyone who wants
 * to restyle it): bars when the parallel cells share one worker count, lines otherwise. Strings in
 * it are plain text; Vega escapes them when it writes SVG.
 */
export function speedupChartSpec(report: Report, suite: string): Record<string, unknown> {
  const points = pointsOf(report, suite);
  const sweep = [...new Set(points.map((p) => p.workers))];
  if (sweep.length === 1) return barSpec(report, suite, points, sweep[0]!);
  const workers = [...new Set([1, ...report.config.workers, ...points.map((p) => p.workers)])].sort((a, b) => a - b);
  const maxWorkers = workers[workers.length - 1]!;
  const ideal = workers.map((w) => ({ workers: w, speedup: w }));
  const yMax = Math.max(maxWorkers, ...points.map((p) => p.high)) * 1.08;
  // A little room either side so the end points and their bars are not cut by the plot's edge.
  const pad = Math.max(0.08 * (maxWorkers - workers[0]!), 0.1);
  const x = {
    field: "workers", type: "quantitative", title: "Workers",
    scale: { domain: [workers[0]! - pad, maxWorkers + pad], nice: false, zero: false },
    axis: { values: workers, format: "d", grid: false },
  };
  const y = { field: "speedup", type: "quantitative", title: SPEEDUP_TITLE, scale: { domain: [0, yMax], nice: false } };
  const color = { field: "runtime", type: "nominal", title: "Runtime", sort: runtimeOrder(report) };
  const variantSort = report.config.variants.map(plainText);
  return {
    ...frame(report, `${suite}: speedup vs workers`, "bars: 95% interval"),
    layer: [
      {
        data: { values: ideal },
        mark: { type: "line", color: "#888888", strokeDash: [6, 4], strokeWidth: 1.5 },
        encoding: { x, y },
      },
      {
        data: { values: [ideal[ideal.length - 1]!] },
        mark: { type: "text", text: "ideal", color: "#666666", align: "right", dx: -6, dy: -8, fontStyle: "italic" },
        encoding: { x, y },
      },
      {
        data: { values: points },
        layer: [
          {
            mark: { type: "rule", strokeWidth: 1.5 },
            encoding: { x, y: { field: "low", type: "quantitative" }, y2: { field: "high" }, color, detail: { field: "series" } },
          },
          {
            mark: { type: "line", strokeWidth: 2 },
            encoding: {
              x, y, color, detail: { field: "series" },
              strokeDash: { field: "variant", type: "nominal", title: "Variant", sort: variantSort },
            },
          },
          {
            mark: { type: "point", filled: true, size: 60 },
            encoding: {
              x, y, color,
              shape: { field: "variant", type: "nominal", title: "Variant", sort: variantSort },
              tooltip: [{ field: "cell" }, { field: "speedup", format: ".2f" }, { field: "low", format: ".2f" }, { field: "high", format: ".2f" }],
            },
          },
        ],
      },
    ],
    resolve: { scale: { color: "shared" } },
    description: plainText(`Speedup vs workers for ${suite}: ${points.map((p) => `${p.cell} ${formatRatio(p.speedup)}`).join("; ")}`),
  };
}

/**
 * The Vega-Lite specification of the chart of a suite that reports its own measure: per case, one
 * dot per runtime and variant with its interval as a rule; a log scale when the figures span more
 * than 30x (ping-pong's 8 B and 1 MiB round trips do), because bars on a log scale have no baseline.
 */
export function metricChartSpec(report: Report, suite: string): Record<string, unknown> {
  const m = suiteMetric(report, suite);
  const points = report.results
    .filter((r) => r.suite === suite && r.metric !== undefined && r.metric.value > 0)
    .map((r) => ({
      case: plainText(r.case ?? "-"), series: plainText(`${r.runtime} ${r.variant}`), runtime: plainText(r.runtime), variant: plainText(r.variant),
      value: r.metric!.value, low: Math.max(r.metric!.low, Number.MIN_VALUE), high: r.metric!.high, cell: plainText(caseCellName(r, false)),
    }));
  const values = points.flatMap((p) => [p.low, p.high]);
  const log = values.length > 0 && Math.max(...values) / Math.min(...values) > 30;
  const heading = m ? metricHeading(m) : "measure";
  const x = { field: "case", type: "nominal", title: "Case", sort: [...new Set(points.map((p) => p.case))], axis: { labelAngle: -30 } };
  const xOffset = { field: "series", type: "nominal" };
  const y = { field: "value", type: "quantitative", title: plainText(`${heading}${log ? " (log scale)" : ""}`), scale: log ? { type: "log" } : { zero: true } };
  const color = { field: "runtime", type: "nominal", title: "Runtime", sort: runtimeOrder(report) };
  const shape = { field: "variant", type: "nominal", title: "Variant", sort: report.config.variants.map(plainText) };
  return {
    ...frame(report, `${suite}: ${heading} (${m?.better ?? "lower"} is better)`, "rules: 95% interval"),
    width: 640,
    data: { values: points },
    layer: [
      { mark: { type: "rule", strokeWidth: 1.5 }, encoding: { x, xOffset, y: { field: "low", type: "quantitative" }, y2: { field: "high" }, color } },
      {
        mark: { type: "point", filled: true, size: 70 },
        encoding: { x, xOffset, y, color, shape, tooltip: [{ field: "cell" }, { field: "value", format: ".4~g" }, { field: "low", format: ".4~g" }, { field: "high", format: ".4~g" }] },
      },
    ],
    description: plainText(`${heading} for ${suite}: ${points.map((p) => `${p.cell} ${formatMetricValue(p.value, m?.unit ?? "")}`).join("; ")}`),
  };
}

/** Render a Vega-Lite spec to an SVG string, headless. */
async function toSvg(spec: Record<string, unknown>): Promise<string> {
  const [vl, vega] = await Promise.all([import("vega-lite"), import("vega")]);
  const compiled = vl.compile(spec as never).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/**
 * One SVG chart per suite that has at least one parallel cell with a speedup, or a measured cell of
 * its own measure (suite name -> SVG).
 *
 * @example
 * ```ts
 * const charts = await renderSpeedupCharts(report);
 * await writeFile("collatz.svg", charts.collatz);
 * ```
 */
export async function renderSpeedupCharts(report: Report): Promise<Record<string, string>> {
  const charts: Record<string, string> = {};
  for (const suite of suitesOf(report)) {
    // A suite with its own measure gets a chart of that measure, never of a speedup it does not have.
    if (isMetricSuite(report, suite)) {
      if (report.results.some((r) => r.suite === suite && r.metric !== undefined)) charts[suite] = await toSvg(metricChartSpec(report, suite));
      continue;
    }
    if (pointsOf(report, suite).length === 0) continue;
    charts[suite] = await toSvg(speedupChartSpec(report, suite));
  }
  return charts;
}
