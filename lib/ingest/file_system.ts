/**
 * The little file access source reading needs, behind an interface so tests can pass a
 * map and both Deno and Node run the default (`node:fs/promises` exists in both).
 *
 * @module
 */
import { readdir, readFile, stat } from "node:fs/promises";

/** One directory entry. Symbolic links are neither files nor directories here. */
export interface DirEntry {
  name: string;
  isFile: boolean;
  isDirectory: boolean;
}

/** Read-only file access. */
export interface FileSystem {
  readFile(path: string): Promise<Uint8Array>;
  readDir(path: string): Promise<DirEntry[]>;
  stat(path: string): Promise<{ isFile: boolean; isDirectory: boolean }>;
}

/** The real file system, through `node:fs/promises`. */
export const nodeFileSystem: FileSystem = {
  async readFile(path) {
    return new Uint8Array(await readFile(path));
  },
  async readDir(path) {
    const entries = await readdir(path, { withFileTypes: true });
    return entries.map((e) => ({ name: e.name, isFile: e.isFile(), isDirectory: e.isDirectory() }));
  },
  async stat(path) {
    const s = await stat(path);
    return { isFile: s.isFile(), isDirectory: s.isDirectory() };
  },
};
