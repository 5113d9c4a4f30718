/**
 * Test fixture for registry_test.ts (not a test itself): prints, as one JSON line, which runtime runs
 * it, its version, and whether it could read the file named in argv[2] (to check Deno's narrow
 * read permission: a file outside the project must be refused, without a prompt).
 *
 * @module
 */
import { readFileSync } from "node:fs";
import { currentRuntimeName } from "../runtimes/registry.ts";

const runtime = currentRuntimeName();
const versions = process.versions as { node?: string; deno?: string; bun?: string };
const version = runtime === "deno" ? versions.deno : runtime === "bun" ? versions.bun : versions.node;
let read: "allowed" | "denied" | "absent" = "absent";
if (process.argv[2]) {
  try {
    readFileSync(process.argv[2]);
    read = "allowed";
  } catch (error) {
    const code = (error as { code?: string; name?: string }).code ?? (error as { name?: string }).name;
    read = code === "ENOENT" ? "absent" : "denied";
  }
}
process.stdout.write(JSON.stringify({ runtime, version, read }) + "\n");
