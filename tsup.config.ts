import { defineConfig } from 'tsup';

// The CommonJS build: one bundle per entry point (with shared chunks, so `wxmp` and its sub-paths
// share one WxmpError class). The ESM build is per module, by tsc (tsconfig.build.json), so that
// bundlers drop what an application does not import; `npm run build` runs this first (it cleans dist/).
export default defineConfig({
  entry: {
    index: 'src/index.ts',
    'testing/index': 'src/testing/index.ts',
    'redis/index': 'src/redis/index.ts',
    'central/index': 'src/central/index.ts',
    'open-platform/index': 'src/open-platform/index.ts',
  },
  format: ['cjs'],
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
