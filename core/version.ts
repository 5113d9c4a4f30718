/**
 * tribench's own version, read once from `package.json` (the one place it is written).
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { PROJECT_ROOT } from "./project.ts";

/** tribench's version, from package.json; `0.0.0` when it cannot be read. */
export function toolVersion(): string {
  try {
    return (JSON.parse(readFileSync(`${PROJECT_ROOT}/package.json`, "utf8")) as { version?: string }).version ?? "0.0.0";
  } catch {
    return "0.0.0";
  }
}
