/**
 * Flag parsing shared by `tribench compare` and `tribench merge`: `node:util` parseArgs with its errors
 * turned into one-line {@link UsageError}s, numeric flags checked, outputs written with clear errors.
 *
 * @module
 */
import { appendFile } from "node:fs/promises";
import { parseArgs, type ParseArgsConfig } from "node:util";
import { oneOf, UsageError } from "../core/usage.ts";
import { writeFileAtomic } from "../reports/write.ts";

type Options = NonNullable<ParseArgsConfig["options"]>;

/** `parseArgs` for a verb; an unknown or malformed flag becomes a UsageError naming the valid ones. */
export function parseVerbArgs<O extends Options>(verb: string, args: string[], options: O): ReturnType<typeof parseArgs<{ args: string[]; options: O; allowPositionals: true; strict: true }>> {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    const message = (error as Error).message;
    const unknown = /Unknown option '([^']+)'/.exec(message)?.[1];
    const valid = Object.keys(options).map((o) => `--${o}`);
    if (unknown) oneOf(`option for ${verb}`, unknown, valid);
    const option = /Option '(--[\w-]+)/.exec(message)?.[1];
    if (option && /ambiguous/.test(message)) {
      throw new UsageError(`${option} needs a value; for a value starting with '-' write ${option}=VALUE`);
    }
    if (option && /argument missing/.test(message)) throw new UsageError(`${option} needs a value`);
    // Node's own wording, cut to its first sentence so it stays one line.
    throw new UsageError(`${verb}: ${message.split(/\.\s|\n/)[0]!.trim()}`);
  }
}

/** A number flag within [min, max]; `5%` is accepted where percent makes sense. */
export function numberFlag(name: string, value: string | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const text = value.trim().replace(/%$/, "");
  const n = text === "" ? Number.NaN : Number(text);
  if (!Number.isFinite(n) || n < min || n > max) {
    throw new UsageError(`--${name} must be a number from ${min} to ${max}, not '${value}'`);
  }
  return n;
}

/** Write (atomically) or append an output file; a path we cannot write is the user's to fix, so a UsageError. */
export async function writeOutput(path: string, data: string, append = false): Promise<void> {
  try {
    await (append ? appendFile(path, data) : writeFileAtomic(path, data));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "its folder does not exist" : code === "EISDIR" ? "it is a directory"
      : code === "EACCES" || code === "EPERM" ? "permission denied" : (error as Error).message.replace(/\s+/g, " ");
    throw new UsageError(`cannot write '${path}': ${why}`);
  }
}

/** Append Markdown to the GitHub job summary when `$GITHUB_STEP_SUMMARY` is set; a failure only warns. */
export async function appendStepSummary(markdown: string): Promise<void> {
  const path = process.env.GITHUB_STEP_SUMMARY;
  if (!path) return;
  try {
    await appendFile(path, `${markdown}\n`);
  } catch (error) {
    process.stderr.write(`tribench: warning: cannot append to $GITHUB_STEP_SUMMARY (${(error as Error).message.replace(/\s+/g, " ")})\n`);
  }
}
