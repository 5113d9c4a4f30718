/**
 * The installable package (issue 15): `npm pack`, then `npm install ./tribench-x.y.z.tgz --offline`
 * into an empty project, then `npx tribench --version` and `--list` there, and the public API import.
 *
 * Slow but included in `npm test` (about 10–20 s, most of it npm installing ~400 packages from its
 * cache). It runs on Node only: packing and installing are npm's work, the same whichever runtime runs
 * the tests, and the installed CLI is started by `npx` (Node) either way.
 *
 * Offline, no download: npm's cache holds the packages' tarballs (`npm ci` filled it) but not always
 * their registry metadata, which `npm install` of a bare tarball needs to choose versions. So the empty
 * project first gets a lockfile holding exactly the versions of our own lockfile's production
 * packages (dev ones left out: a dependency the CLI loads but only `devDependencies` holds would then
 * be missing and `--list` fails), and `npm install <tgz> --offline` installs from that, as it would for
 * a user whose lockfile already pins them.
 *
 * @module
 */
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { PROJECT_ROOT } from "../core/project.ts";
import { SUITE_NAMES } from "../suites/registry.ts";

const onNode = !("Deno" in globalThis) && !("Bun" in globalThis);

interface LockEntry {
  readonly version?: string;
  readonly resolved?: string;
  readonly dev?: boolean;
  readonly link?: boolean;
  readonly [key: string]: unknown;
}

/** npm's environment for a child, without what a parent `npm test` set about *this* package. */
function npmEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, npm_config_audit: "false", npm_config_fund: "false", npm_config_update_notifier: "false" };
  for (const key of Object.keys(env)) {
    if (/^npm_(package_|lifecycle_|command$|config_local_prefix$)/i.test(key)) delete env[key];
  }
  return env;
}

/** Run `argv` in `cwd`; resolves with stdout, rejects with one line holding the command and its stderr's end. */
function run(argv: readonly string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(argv[0]!, argv.slice(1), { cwd, env: npmEnv(), maxBuffer: 16 * 2 ** 20 }, (error, stdout, stderr) => {
      if (error) reject(new Error(`${argv.join(" ")} failed (${error.code ?? error.signal}): ${String(stderr).trim().split("\n").slice(-3).join(" | ")}`));
      else resolve(String(stdout));
    });
  });
}

/**
 * The lockfile of an empty project `name` already pinning our production packages, each with its
 * registry tarball URL (our lockfile may omit it: `omit-lockfile-registry-resolved`) and integrity.
 */
function seededLockfile(name: string, registry: string): string {
  const ours = JSON.parse(readFileSync(join(PROJECT_ROOT, "package-lock.json"), "utf8")) as { packages: Record<string, LockEntry> };
  const packages: Record<string, LockEntry> = { "": { name, version: "1.0.0" } };
  for (const [path, entry] of Object.entries(ours.packages)) {
    if (path === "" || entry.dev || entry.link || !path.startsWith("node_modules/")) continue;
    const pkg = path.slice(path.lastIndexOf("node_modules/") + "node_modules/".length);
    packages[path] = { ...entry, resolved: entry.resolved ?? `${registry}${pkg}/-/${pkg.split("/").pop()}-${entry.version}.tgz` };
  }
  return `${JSON.stringify({ name, version: "1.0.0", lockfileVersion: 3, requires: true, packages }, null, 2)}\n`;
}

test("npm pack, an offline install into an empty project, then npx tribench --version and --list there (slow)", { skip: !onNode && "packing and installing are npm's work: checked once, on Node", timeout: 120_000 }, async () => {
  const ours = JSON.parse(readFileSync(join(PROJECT_ROOT, "package.json"), "utf8")) as { name: string; version: string };
  const temp = mkdtempSync(join(tmpdir(), "tribench-pack-"));
  try {
    // The tarball of the current build (tests run after it; --ignore-scripts skips `prepare`, a rebuild).
    const packed = JSON.parse(await run(["npm", "pack", "--ignore-scripts", "--json", "--pack-destination", temp], PROJECT_ROOT)) as { filename: string }[];
    const tarball = join(temp, packed[0]!.filename);
    assert.ok(existsSync(tarball));

    const project = join(temp, "empty-project");
    mkdirSync(project);
    await run(["npm", "init", "-y"], project);
    const registry = (await run(["npm", "config", "get", "registry"], project)).trim().replace(/\/?$/, "/");
    writeFileSync(join(project, "package-lock.json"), seededLockfile("empty-project", registry));
    await run(["npm", "install", tarball, "--offline", "--ignore-scripts", "--no-audit", "--no-fund"], project);

    const installed = join(project, "node_modules");
    assert.ok(existsSync(join(installed, "tribench", "dist", "api", "mod.d.ts")), "the API's type declarations are in the package");
    for (const dependency of ["esbuild", "mitata", "piscina", "tinypool"]) assert.ok(existsSync(join(installed, dependency)), `${dependency} is installed`);
    for (const devOnly of ["typescript", "deno", "bun", "c8"]) assert.ok(!existsSync(join(installed, devOnly)), `${devOnly} is not installed`);

    assert.equal((await run(["npx", "--no", "--", "tribench", "--version"], project)).trim(), `${ours.name} ${ours.version}`);
    const list = await run(["npx", "--no", "--", "tribench", "--list"], project);
    for (const name of SUITE_NAMES) assert.match(list, new RegExp(`^\\s*${name}\\s`, "m"));
    const api = await run([process.execPath, "--input-type=module", "-e", 'const m = await import("tribench"); console.log(typeof m.defineSuite)'], project);
    assert.equal(api.trim(), "function");
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
});
