import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    testTimeout: 30_000,
    // Node 20 validates relaxed SIMD only behind this flag (browsers: Chrome 114+): with it the
    // kernel tests run the fused multiply-add build, and 'plain-simd' runs the other one.
    poolOptions: { forks: { execArgv: ['--experimental-wasm-relaxed-simd'] } },
  },
});
