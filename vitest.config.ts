import { defineConfig } from 'vitest/config'

// Live tests (real venues, network) run only with RUN_LIVE_TESTS=1 (`npm run test:live`).
const live = process.env.RUN_LIVE_TESTS === '1'

export default defineConfig({
  test: {
    include: live ? ['test/live/**/*.test.ts'] : ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: live ? ['node_modules/**'] : ['test/live/**', 'node_modules/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})
