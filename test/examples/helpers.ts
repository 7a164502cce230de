// Helpers of the example smoke tests: locating examples/ from the compiled test, and servers on port 0.
import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The repository root: compiled tests live in .build-test/ (or another directory), examples/ do not move. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    if (existsSync(join(dir, 'examples', 'echo-bot', 'bot.mjs')) && existsSync(join(dir, 'package.json'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('repository root not found above the compiled test');
    dir = up;
  }
}

/** Imports a plain-JS example module (not compiled, so it is loaded from the repository). */
export async function importExample<T>(path: string): Promise<T> {
  return (await import(pathToFileURL(join(repoRoot(), path)).href)) as T;
}

/** Listens on 127.0.0.1, port 0; returns the base URL and a closer. */
export async function listen(server: Server): Promise<{ base: string; close: () => Promise<void> }> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    base: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** A 43-character EncodingAESKey and an AppID for the encrypted-mode tests (not a real account). */
export const TEST_KEY = 'abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG';
export const TEST_APP_ID = 'wx1234567890abcdef';
