#!/usr/bin/env node
/**
 * The layer check, run by `npm test` before any test: reads every TypeScript source file of the
 * project (not dist/), takes its imports with the TypeScript scanner (static, `export … from`, type-only
 * and literal dynamic `import()`), and prints one line per violation of the layout:
 *
 * - an import cycle between files, or between folders;
 * - a product file importing a folder that is not below its own in {@link LAYERS};
 * - a product file importing a test helper (`testing/` or a `*_test.ts`);
 * - a product file in a folder that is in no layer.
 *
 * Tests (`*_test.ts`) and `testing/` may import anything. Paths a module only *names* (a script it
 * spawns, e.g. `compiledPath("pool/worker_entry.ts")`) are not imports and are not checked.
 *
 * Usage: `node dist/scripts/check_layers.js [ROOT]` (default: this project). Exit 0 when clean, 1 otherwise.
 *
 * @module
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

/** The layers, top to bottom: a folder imports only folders of layers below its own (never sideways). */
const LAYERS: readonly (readonly string[])[] = [
  ["examples"],
  ["api"],
  ["scripts"],
  ["cli"],
  ["run", "analysis", "micro"],
  ["reports"],
  ["harness"],
  ["pool"],
  ["runtimes"],
  ["suites"],
  ["stats", "core"],
];

/** Folders of test helpers and fixtures: free to import anything, never imported by product code. */
const TEST_FOLDER = "testing";
const SKIP = new Set(["node_modules", "dist", "coverage", "results"]);
const SOURCE = /\.(ts|mts)$/;

const rankOf = new Map<string, number>(LAYERS.flatMap((folders, rank) => folders.map((f) => [f, rank] as const)));
const order = LAYERS.map((l) => (l.length > 1 ? `{${l.join(", ")}}` : l[0])).join(" -> ");

function sourceFiles(root: string, dir = root, found: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    if (SKIP.has(name) || name.startsWith(".")) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) sourceFiles(root, path, found);
    else if (SOURCE.test(name) && !name.endsWith(".d.ts")) found.push(relative(root, path));
  }
  return found;
}

const topFolder = (file: string) => (file.includes("/") ? file.slice(0, file.indexOf("/")) : "");
const isTest = (file: string) => /_test\.m?ts$/.test(file) || topFolder(file) === TEST_FOLDER;

/** The project files `file` imports (relative specifiers only; `.js` means the `.ts` beside it). */
function importsOf(root: string, file: string): string[] {
  const text = readFileSync(join(root, file), "utf8");
  const targets: string[] = [];
  for (const { fileName } of ts.preProcessFile(text, true, true).importedFiles) {
    if (!fileName.startsWith(".")) continue;
    const base = resolve(root, dirname(file), fileName);
    const candidate = [base, base.replace(/\.m?js$/, (e) => e.replace("js", "ts")), `${base}.ts`].find((c) => existsSync(c) && statSync(c).isFile());
    if (candidate) targets.push(relative(root, candidate));
  }
  return targets;
}

/** Strongly connected components with more than one member (Tarjan), each as one cycle in path order. */
function cycles(nodes: readonly string[], edges: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0;
  const index = new Map<string, number>(), low = new Map<string, number>(), stack: string[] = [], onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1) components.push(component);
    }
  };
  for (const v of nodes) if (!index.has(v)) visit(v);
  return components.map((c) => pathAround(c, edges));
}

/** A concrete cycle through a component: the shortest way from its first member back to it. */
function pathAround(component: readonly string[], edges: ReadonlyMap<string, readonly string[]>): string[] {
  const inside = new Set(component);
  const start = [...component].sort()[0]!;
  const from = new Map<string, string>();
  const queue = [start];
  while (queue.length) {
    const v = queue.shift()!;
    for (const w of edges.get(v) ?? []) {
      if (!inside.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(from.get(path[0]!)!);
        return [...path, start];
      }
      if (!from.has(w)) {
        from.set(w, v);
        queue.push(w);
      }
    }
  }
  return [...component, component[0]!];
}

/** Every violation of the layout under `root`, one line each, and how much was checked. */
function checkLayers(root: string): { violations: string[]; files: number; imports: number } {
  const files = sourceFiles(root);
  const edges = new Map(files.map((f) => [f, importsOf(root, f)] as const));
  const violations: string[] = [];
  let imports = 0;
  const unplaced = new Set<string>();
  const folderEdges = new Map<string, string[]>();
  for (const [file, targets] of edges) {
    imports += targets.length;
    if (isTest(file)) continue;
    const from = topFolder(file);
    const rank = rankOf.get(from);
    if (rank === undefined) {
      if (!unplaced.has(from)) violations.push(`${from || "(root)"}/: folder is in no layer (${file}); layers are ${order}`);
      unplaced.add(from);
      continue;
    }
    for (const target of targets) {
      const to = topFolder(target);
      if (isTest(target)) violations.push(`${file} -> ${target}: product code imports a test helper`);
      else if (to !== from) {
        const toRank = rankOf.get(to);
        if (toRank === undefined || toRank <= rank) {
          violations.push(`${file} -> ${target}: ${from} imports ${to || "(root)"}, which is ${toRank === rank ? "beside" : "not below"} it (${order})`);
        }
        const list = folderEdges.get(from) ?? [];
        if (!list.includes(to)) list.push(to);
        folderEdges.set(from, list);
      }
    }
  }
  for (const cycle of cycles(files, edges)) violations.push(`file import cycle: ${cycle.join(" -> ")}`);
  for (const cycle of cycles([...folderEdges.keys()].sort(), folderEdges)) violations.push(`folder import cycle: ${cycle.join(" -> ")}`);
  return { violations, files: files.length, imports };
}

const root = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), "..", ".."));
const { violations, files, imports } = checkLayers(root);
for (const line of violations) process.stdout.write(line + "\n");
process.stdout.write(violations.length
  ? `layers: ${violations.length} violation${violations.length === 1 ? "" : "s"} in ${files} files (${order})\n`
  : `layers: ok, ${files} files, ${imports} imports, no cycle (${order})\n`);
process.exitCode = violations.length ? 1 : 0;
