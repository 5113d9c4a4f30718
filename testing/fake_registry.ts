/**
 * A tiny npm registry for tests: an HTTP server on 127.0.0.1 serving packuments and `.tgz` tarballs
 * it builds itself (ustar + gzip), with the `dist.integrity` (sha512) and `dist.shasum` (sha1) npm
 * checks. Enough for `npm view <pkg> versions` and `npm install <pkg>@<version>`, nothing more.
 *
 * Tarballs can be made to stall (headers and half the bytes, then silence: a download to kill
 * midway), to arrive corrupt (bytes that do not match the integrity) or to fail (HTTP 500). The server
 * closes itself after `lifetimeMs` so a test that forgets `close()` cannot hang the runner.
 *
 * Tests use {@link spawnFakeRegistry}: the server runs in a child process of the same runtime, so
 * the test process needs no network permission (Deno tests run without `--allow-net`); only the child
 * gets `--allow-net=127.0.0.1`. Run as a script, this file is that child.
 *
 * @module
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

/** One file of a package, its path relative to the package root. */
export interface FakeFile {
  readonly path: string;
  readonly content: string | Uint8Array;
  /** Unix mode (default 0o644). */
  readonly mode?: number;
}

/** One published version: its files, and extra package.json fields (`bin`, `os`, `cpu`, …). */
export interface FakeVersion {
  readonly files: readonly FakeFile[];
  readonly manifest?: Readonly<Record<string, unknown>>;
}

/** How tarball requests are answered. */
export type TarballMode = "ok" | "stall" | "corrupt" | "fail";

/** A running fake registry. */
export interface FakeRegistry {
  /** Base URL, e.g. `http://127.0.0.1:40123/`. */
  readonly url: string;
  /** Every request path, in order. */
  readonly requests: readonly string[];
  /** Change how tarballs are served from now on (resolves once the server has it). */
  setTarballMode(mode: TarballMode): Promise<void>;
  /** Resolves when a request whose path matches has arrived (at once if one already has). */
  waitForRequest(pattern: RegExp): Promise<void>;
  /** Stop serving and drop every open connection. */
  close(): Promise<void>;
}

/** Options of {@link startFakeRegistry}. */
export interface FakeRegistryOptions {
  /** Packages by name, versions by version string (file contents as strings when spawned). */
  readonly packages: Readonly<Record<string, Readonly<Record<string, FakeVersion>>>>;
  /** Initial {@link TarballMode} (default `ok`). */
  readonly tarballs?: TarballMode;
  /** The server closes itself after this long (default 120 s). */
  readonly lifetimeMs?: number;
}

/**
 * The files of a fake runtime package: `package.json` and an executable shell script at `executable`
 * that prints `versionLine` for `--version`.
 *
 * @example
 * ```ts
 * fakeRuntimeFiles("bin/bun", "1.4.5"); // [{ path: "bin/bun", content: "#!/bin/sh\n…", mode: 0o755 }]
 * ```
 */
export function fakeRuntimeFiles(executable: string, versionLine: string, mode = 0o755): FakeFile[] {
  return [{ path: executable, mode, content: `#!/bin/sh\nif [ "$1" = "--version" ]; then echo '${versionLine.replace(/'/g, "")}'; fi\n` }];
}

/**
 * One release of a fake runtime package, shaped like the real one: `bin/node` (declared in `bin`,
 * answering `v<version>`), `bin/bun` (`<version>`), or `deno` at the root published without its
 * execute bit (`deno <version> (…)`), as the registry's packages are. `reported` is what `--version`
 * says (default: the version itself).
 */
export function fakeRuntimeRelease(runtime: "node" | "deno" | "bun", executable: string, version: string, reported: string = version): FakeVersion {
  const line = runtime === "node" ? `v${reported}` : runtime === "deno" ? `deno ${reported} (stable, release, fake)` : reported;
  return {
    files: fakeRuntimeFiles(executable, line, runtime === "deno" ? 0o644 : 0o755),
    ...(runtime === "node" ? { manifest: { bin: { node: executable } } } : {}),
  };
}

/** A ustar archive of `files` under `package/` (npm's layout), gzipped. */
export function packageTarball(name: string, version: string, pkg: FakeVersion): Uint8Array {
  const json = JSON.stringify({ name, version, ...pkg.manifest }, null, 2);
  const files = [{ path: "package.json", content: json, mode: 0o644 }, ...pkg.files];
  const blocks: Uint8Array[] = [];
  for (const f of files) {
    const body = typeof f.content === "string" ? new TextEncoder().encode(f.content) : f.content;
    blocks.push(tarHeader(`package/${f.path}`, body.length, f.mode ?? 0o644), body, new Uint8Array((512 - (body.length % 512)) % 512));
  }
  blocks.push(new Uint8Array(1024));
  return gzipSync(Buffer.concat(blocks));
}

function tarHeader(path: string, size: number, mode: number): Uint8Array {
  if (path.length > 100) throw new Error(`fake registry: path too long for a plain ustar header: ${path}`);
  const h = Buffer.alloc(512);
  const put = (offset: number, length: number, value: string) => h.write(value, offset, length, "ascii");
  const octal = (offset: number, length: number, n: number) => put(offset, length, n.toString(8).padStart(length - 1, "0") + "\0");
  put(0, 100, path);
  octal(100, 8, mode);
  octal(108, 8, 0);
  octal(116, 8, 0);
  octal(124, 12, size);
  octal(136, 12, 1_700_000_000);
  put(148, 8, "        "); // checksum is computed with its own field as spaces
  put(156, 1, "0");
  put(257, 6, "ustar\0");
  put(263, 2, "00");
  let sum = 0;
  for (const b of h) sum += b;
  put(148, 8, sum.toString(8).padStart(6, "0") + "\0 ");
  return h;
}

/**
 * Start the registry on 127.0.0.1 (a free port). Close it after each test.
 *
 * @example
 * ```ts
 * const registry = await startFakeRegistry({ packages: { "@oven/bun-linux-x64": { "1.4.5": { files: fakeRuntimeFiles("bin/bun", "1.4.5") } } } });
 * // npm view @oven/bun-linux-x64 versions --registry=${registry.url}
 * await registry.close();
 * ```
 */
export async function startFakeRegistry(options: FakeRegistryOptions, onRequest?: (path: string) => void): Promise<FakeRegistry> {
  let mode: TarballMode = options.tarballs ?? "ok";
  const requests: string[] = [];
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  const sockets = new Set<Socket>();
  const tarballs = new Map<string, Uint8Array>();
  let base = "";

  const packument = (name: string) => {
    const versions: Record<string, unknown> = {};
    for (const [version, pkg] of Object.entries(options.packages[name]!)) {
      const file = `/${name}/-/${name.split("/").pop()}-${version}.tgz`;
      const tgz = tarballs.get(file) ?? packageTarball(name, version, pkg);
      tarballs.set(file, tgz);
      versions[version] = {
        name, version, ...pkg.manifest,
        dist: {
          tarball: `${base}${file.slice(1)}`,
          integrity: `sha512-${createHash("sha512").update(tgz).digest("base64")}`,
          shasum: createHash("sha1").update(tgz).digest("hex"),
        },
      };
    }
    const all = Object.keys(versions);
    return { name, "dist-tags": { latest: all.at(-1) }, versions };
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
    requests.push(path);
    onRequest?.(path);
    for (const w of waiters.filter((w) => w.pattern.test(path))) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve();
    }
    const name = path.slice(1);
    if (!path.endsWith(".tgz")) {
      if (!options.packages[name]) return send(res, 404, { error: "Not found" });
      return send(res, 200, packument(name));
    }
    // Tarballs exist once their packument has been built (npm always asks for that first).
    const tgz = tarballs.get(path);
    if (!tgz) return send(res, 404, { error: "Not found" });
    if (mode === "fail") return send(res, 500, { error: "fake registry failure" });
    // Corrupt: valid gzip of other bytes (as a tampering mirror would serve), so only the integrity check catches it.
    const body = mode === "corrupt" ? Buffer.concat([tgz, gzipSync(new Uint8Array(512))]) : tgz;
    res.writeHead(200, { "content-type": "application/octet-stream", "content-length": String(body.length) });
    if (mode === "stall") return void res.write(body.subarray(0, body.length >> 1)); // and never the rest
    res.end(body);
  };

  const server = createServer(handle);
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

  let closed: Promise<void> | undefined;
  const close = () => (closed ??= new Promise<void>((resolve) => {
    clearTimeout(lifetime);
    for (const s of sockets) s.destroy();
    server.close(() => resolve());
  }));
  const lifetime = setTimeout(() => void close(), options.lifetimeMs ?? 120_000);
  (lifetime as { unref?: () => void }).unref?.();

  return {
    url: base,
    requests,
    setTarballMode: async (m) => void (mode = m),
    waitForRequest: (pattern) => requests.some((r) => pattern.test(r)) ? Promise.resolve() : new Promise((resolve) => waiters.push({ pattern, resolve })),
    close,
  };
}

function send(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)) });
  res.end(text);
}

/**
 * Start the registry in a child process of the running runtime (see the module note) and talk to it
 * over its stdin/stdout: requests are reported as they arrive, mode changes are acknowledged.
 *
 * @example
 * ```ts
 * const registry = await spawnFakeRegistry({ packages: { "@deno/linux-x64-glibc": { "2.8.1": { files: fakeRuntimeFiles("deno", "deno 2.8.1") } } } });
 * try { … } finally { await registry.close(); }
 * ```
 */
export async function spawnFakeRegistry(options: FakeRegistryOptions): Promise<FakeRegistry> {
  const script = fileURLToPath(import.meta.url);
  const deno = typeof (globalThis as { Deno?: unknown }).Deno !== "undefined";
  const argv = deno ? ["run", "--allow-net=127.0.0.1", "--allow-read", "--allow-env", "--no-prompt", script] : [script];
  const child = spawn(process.execPath, [...argv, JSON.stringify(options)], { stdio: ["pipe", "pipe", "inherit"] });
  const requests: string[] = [];
  const waiters: { pattern: RegExp; resolve: () => void }[] = [];
  const acks = new Map<number, () => void>();
  let nextAck = 0;
  const exited = new Promise<void>((resolve) => child.on("exit", () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    child.on("exit", (code) => reject(new Error(`fake registry exited with code ${code} before listening`)));
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const message = JSON.parse(line) as { url?: string; request?: string; ack?: number };
      if (message.url) resolve(message.url);
      if (message.ack !== undefined) acks.get(message.ack)?.();
      if (message.request !== undefined) {
        requests.push(message.request);
        for (const w of waiters.filter((w) => w.pattern.test(message.request!))) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      }
    });
  });
  return {
    url,
    requests,
    setTarballMode: (mode) => new Promise<void>((resolve) => {
      const id = nextAck++;
      acks.set(id, resolve);
      child.stdin!.write(JSON.stringify({ mode, id }) + "\n");
    }),
    waitForRequest: (pattern) => requests.some((r) => pattern.test(r)) ? Promise.resolve() : new Promise((resolve) => waiters.push({ pattern, resolve })),
    close: async () => {
      child.stdin!.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** A URL on 127.0.0.1 where nothing listens any more (a fake registry's, after it closed): an unreachable registry. */
export async function closedRegistryUrl(): Promise<string> {
  const registry = await spawnFakeRegistry({ packages: {}, lifetimeMs: 10_000 });
  await registry.close();
  return registry.url;
}

/** An npm environment that reads no user config and writes its own cache under `dir` (tests must not touch ~/.npm). */
export function isolatedNpmEnv(dir: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  // Only what npm needs to run: no npm_config_* of the caller (an npm run sets many).
  for (const key of ["PATH", "HOME", "SystemRoot", "TEMP", "TMP", "TMPDIR"]) if (process.env[key] !== undefined) env[key] = process.env[key];
  return { ...env, npm_config_cache: `${dir}/npm-cache`, npm_config_userconfig: `${dir}/no-npmrc`, npm_config_globalconfig: `${dir}/no-global-npmrc`, npm_config_update_notifier: "false" };
}

// The child of spawnFakeRegistry: serve, report, obey, and exit when the parent's stdin closes.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const options = JSON.parse(process.argv[2] ?? "{}") as FakeRegistryOptions;
  const say = (m: unknown) => process.stdout.write(JSON.stringify(m) + "\n");
  const registry = await startFakeRegistry(options, (request) => say({ request }));
  say({ url: registry.url });
  const lifetime = setTimeout(() => process.exit(0), options.lifetimeMs ?? 120_000);
  createInterface({ input: process.stdin })
    .on("line", (line) => {
      const { mode, id } = JSON.parse(line) as { mode: TarballMode; id: number };
      void registry.setTarballMode(mode).then(() => say({ ack: id }));
    })
    .on("close", () => {
      clearTimeout(lifetime);
      void registry.close().then(() => process.exit(0));
    });
}
