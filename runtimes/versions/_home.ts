/**
 * The home folder, from `$HOME` (`%USERPROFILE%` on Windows) before `os.homedir()`: under Deno,
 * `os.homedir()` needs `--allow-sys=homedir`, which `deno task bench` does not grant.
 *
 * @module
 */
import { homedir } from "node:os";

/** The user's home folder. */
export function homeDir(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.HOME || env.USERPROFILE;
  if (fromEnv) return fromEnv;
  try {
    return homedir();
  } catch {
    return ".";
  }
}
