import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'testing/index': 'src/testing/index.ts', 'redis/index': 'src/redis/index.ts', 'central/index': 'src/central/index.ts', 'open-platform/index': 'src/open-platform/index.ts', cli: 'src/cli.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  clean: true,
  target: 'node20',
  platform: 'neutral',
  splitting: true,
  sourcemap: false,
  treeshake: true,
  // redis/ioredis: the CLI imports the user's own client lazily; never bundled
  external: [/^node:/, 'redis', 'ioredis'],
});
