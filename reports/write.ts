/**
 * Write a run's report files into the results folder: the JSON named by the run's start time
 * (never replacing another run's file), `latest.json`, the Markdown beside them and one SVG chart
 * per suite linked from it; and append the Markdown to `$GITHUB_STEP_SUMMARY` when it is set.
 *
 * Every file appears whole or not at all (temporary file in the same folder, flushed, then renamed
 * or hard-linked into place), so a run killed while writing never leaves a truncated report.
 *
 * @module
 */
import { randomBytes } from "node:crypto";
import { appendFile, link, mkdir, open, readdir, rename, stat, unlink } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import { renderSpeedupCharts } from "./charts.ts";
import { renderMarkdown, type MarkdownOptions } from "./markdown.ts";
import type { Report } from "./report.ts";
import { processAlive } from "../core/process_group.ts";

/** Paths of the files {@link writeReportFiles} wrote. */
export interface WrittenReport {
  /** This run's JSON, e.g. `results/tribench-20261125T184207Z.json`. */
  json: string;
  /** This run's Markdown, beside the JSON. */
  markdown: string;
  /** This run's SVG charts, one per suite with a parallel cell. */
  charts: string[];
  /** `latest.json` in the same folder (a copy of `json`). */
  latest: string;
}

/** Options of {@link writeReportFiles}. */
export interface WriteOptions {
  /** Draw the SVG charts (default true). */
  charts?: boolean;
  /** File to append the Markdown to; default `$GITHUB_STEP_SUMMARY`; `null` for none. */
  stepSummary?: string | null;
  /** What the Markdown gets besides the charts, e.g. sections from the analyses (the versus section). */
  markdown?: Pick<MarkdownOptions, "sections">;
}

const errorCode = (error: unknown) => (error as NodeJS.ErrnoException | undefined)?.code;

/** Write `data` to a fresh temporary file beside `path`, flushed to disk; returns its path. */
async function writeTemp(path: string, data: string): Promise<string> {
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`);
  const handle = await open(temp, "wx");
  try {
    await handle.writeFile(data, "utf8");
    // Flush before the rename, or a crash could leave the new name pointing at an empty file.
    await handle.sync();
  } catch (error) {
    await handle.close();
    await unlink(temp).catch(() => {});
    throw error;
  }
  await handle.close();
  return temp;
}

/**
 * Replace (or create) `path` with `data` atomically: readers see the old file or the new one,
 * never a part of it.
 *
 * @example
 * ```ts
 * await writeFileAtomic("results/latest.json", JSON.stringify(report));
 * ```
 */
export async function writeFileAtomic(path: string, data: string): Promise<void> {
  const temp = await writeTemp(path, data);
  try {
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => {});
    throw error;
  }
}

/**
 * Create `path` with `data` atomically, failing with `EEXIST` if it already exists. A hard link is
 * the atomic "create if absent" for a whole file; where links are not supported, a check then
 * rename stands in (not atomic against a concurrent writer of the same name, which needs two runs
 * started in the same second on such a file system).
 */
async function createFileAtomic(path: string, data: string): Promise<void> {
  const temp = await writeTemp(path, data);
  try {
    await link(temp, path);
  } catch (error) {
    const code = errorCode(error);
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "ENOSYS") {
      await unlink(temp).catch(() => {});
      throw error;
    }
    const exists = await stat(path).then(() => true, () => false);
    if (exists) {
      await unlink(temp).catch(() => {});
      throw Object.assign(new Error(`${path} already exists`), { code: "EEXIST" });
    }
    await rename(temp, path);
    return;
  }
  await unlink(temp).catch(() => {});
}

/** `2026-11-25T18:42:07.512Z` -> `tribench-20261125T184207Z`; the current time if it is not a date. */
export function runBaseName(createdAt: string): string {
  const date = new Date(createdAt);
  const iso = (Number.isNaN(date.getTime()) ? new Date() : date).toISOString();
  return `tribench-${iso.slice(0, 19).replace(/[-:]/g, "")}Z`;
}

/** A suite name as part of a file name: letters, digits, `.`, `_` and `-` only. */
const fileSafe = (name: string) => name.replace(/[^A-Za-z0-9._-]/g, "_");

/** The JSON text of a report as written to disk. */
export const reportJson = (report: Report): string => JSON.stringify(report, null, 2) + "\n";

/**
 * Write the report files of one run into `outDir` (created if missing). The JSON is named by the
 * run's start time; when a file of that name exists (another run in the same second), `-2`, `-3` …
 * is added rather than replacing it. A chart that cannot be drawn does not lose the report: the
 * Markdown then says why there is no chart.
 *
 * @example
 * ```ts
 * const files = await writeReportFiles(report, "results");
 * console.log(`report: ${files.markdown}`);
 * ```
 */
export async function writeReportFiles(report: Report, outDir: string, options: WriteOptions = {}): Promise<WrittenReport> {
  await mkdir(outDir, { recursive: true });
  await removeStaleTemps(outDir);
  const json = reportJson(report);

  // The JSON first: once it is on disk, the measurements are safe whatever happens next.
  const stem = runBaseName(report.createdAt);
  let base = stem;
  for (let n = 2; ; n++) {
    try {
      await createFileAtomic(join(outDir, `${base}.json`), json);
      break;
    } catch (error) {
      if (errorCode(error) !== "EEXIST" || n > 1000) throw error;
      base = `${stem}-${n}`;
    }
  }
  const latest = join(outDir, "latest.json");
  await writeFileAtomic(latest, json);

  const chartFiles: Record<string, string> = {};
  const charts: string[] = [];
  let chartNote: string | undefined;
  if (options.charts !== false) {
    try {
      for (const [suite, svg] of Object.entries(await renderSpeedupCharts(report))) {
        const name = `${base}-${fileSafe(suite)}.svg`;
        await writeFileAtomic(join(outDir, name), svg);
        chartFiles[suite] = name;
        charts.push(join(outDir, name));
      }
    } catch (error) {
      chartNote = `The charts could not be drawn: ${(error as Error).message}`;
    }
  }

  const markdown = join(outDir, `${base}.md`);
  await writeFileAtomic(markdown, renderMarkdown(report, { ...options.markdown, chartFiles, ...(chartNote ? { chartNote } : {}) }));

  const summary = options.stepSummary === undefined ? process.env.GITHUB_STEP_SUMMARY : options.stepSummary;
  if (summary) {
    // Relative chart links would not resolve in the job summary, so it gets the tables only.
    await appendFile(summary, renderMarkdown(report, { ...options.markdown }) + "\n", "utf8");
  }
  return { json: join(outDir, `${base}.json`), markdown, charts, latest };
}

/**
 * Remove temporary files left by an earlier run that was killed (SIGKILL) between writing one and
 * renaming it: ours are `.<name>.<pid>.<hex>.tmp`, and a file whose process is gone is never renamed.
 */
async function removeStaleTemps(outDir: string): Promise<void> {
  const names = await readdir(outDir).catch(() => [] as string[]);
  for (const name of names) {
    const pid = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/.exec(name)?.[1];
    if (pid !== undefined && !processAlive(Number(pid))) await unlink(join(outDir, name)).catch(() => {});
  }
}


