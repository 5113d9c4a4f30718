#!/usr/bin/env node
/**
 * The `tribench` command (package.json `bin`). Bad usage prints one line, `tribench: <message>`, and
 * exits 2; never a stack trace.
 *
 * @module
 */
import { main } from "../cli/cli.ts";
import { UsageError } from "../core/usage.ts";

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`tribench: ${error.message}\n`);
    process.exitCode = error.exitCode;
  } else {
    // A bug, not a usage error: still one line first, the stack after it for the bug report.
    process.stderr.write(`tribench: internal error: ${(error as Error)?.message ?? String(error)}\n${(error as Error)?.stack ?? ""}\n`);
    process.exitCode = 1;
  }
}
