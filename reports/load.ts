/**
 * Read a tribench report file for `compare` and `merge`, always as the current model (report@2): a
 * report@1 file is checked against its own schema and upgraded (`upgrade.ts`). Every way a file can be
 * wrong (missing, a directory, empty, not JSON, not a tribench report, a newer schema, a broken report)
 * becomes a {@link UsageError} with one line naming the file and the problem, so the CLI exits 2
 * without a trace.
 *
 * @module
 */
import { readFile } from "node:fs/promises";
import { UsageError } from "../core/usage.ts";
import { REPORT_SCHEMA, type Report } from "./report.ts";
import { upgradeReport } from "./upgrade.ts";
import { ReportValidationError, validateAnyReport } from "./validate.ts";

/** Keep messages on one line, whatever the underlying error printed. */
const oneLine = (text: string) => text.replace(/\s+/g, " ").trim();

/**
 * Read and check the report at `path`; a report@1 comes back upgraded (with `upgradedFrom` set).
 *
 * @example
 * ```ts
 * const report = await loadReport("results/latest.json");
 * ```
 * @throws {UsageError} one line naming `path` and what is wrong with it
 */
export async function loadReport(path: string): Promise<Report> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new UsageError(`cannot read report '${path}': no such file`);
    if (code === "EISDIR") throw new UsageError(`'${path}' is a directory, not a report file`);
    if (code === "EACCES" || code === "EPERM") throw new UsageError(`cannot read report '${path}': permission denied`);
    throw new UsageError(`cannot read report '${path}': ${oneLine((error as Error).message)}`);
  }
  return parseReport(text, path);
}

/**
 * Check the text of a report and return it as the current model; `name` is only used in messages.
 *
 * @throws {UsageError} one line naming `name` and what is wrong with the text
 */
export function parseReport(text: string, name: string): Report {
  if (text.trim() === "") throw new UsageError(`'${name}' is empty, not a tribench report`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`'${name}' is not valid JSON (${oneLine((error as Error).message)})`);
  }
  try {
    const report = validateAnyReport(value);
    return report.schema === REPORT_SCHEMA ? report : upgradeReport(report);
  } catch (error) {
    const reason = oneLine((error as Error).message);
    const problem = error instanceof ReportValidationError ? error.problem : "invalid";
    throw new UsageError(`'${name}': ${problem === "invalid" ? `not a valid tribench report: ${reason}` : reason}`);
  }
}
