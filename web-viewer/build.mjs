// Builds the viewer into target/dist (what S3 + CloudFront serve and what the module jar carries under
// META-INF/resources/viewer/). With --tests it also compiles test/*.test.ts into target/test-js for node --test.
import { build } from 'esbuild';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';

const sdk = '../openapi/target/ts-sdk/src/index.ts';
if (!existsSync(sdk)) {
  console.error(`The generated TypeScript SDK is missing (${sdk}): build the openapi module first.`);
  process.exit(1);
}

const common = {
  bundle: true,
  // hls.js's light build (no subtitles, alternate audio or DRM, which recordings never have) halves the bundle.
  alias: { '@zonecam/sdk': sdk, 'hls.js': 'hls.js/dist/hls.light.mjs' },
  logLevel: 'warning',
  legalComments: 'none',
};

if (process.argv.includes('--tests')) {
  rmSync('target/test-js', { recursive: true, force: true });
  const tests = readdirSync('test').filter((f) => f.endsWith('.test.ts')).map((f) => `test/${f}`);
  await build({ ...common, entryPoints: tests, outdir: 'target/test-js', platform: 'node', format: 'esm',
    outExtension: { '.js': '.mjs' } });
} else {
  rmSync('target/dist', { recursive: true, force: true });
  mkdirSync('target/dist', { recursive: true });
  await build({
    ...common,
    entryPoints: { app: 'src/app.ts', share: 'src/share.ts' },
    outdir: 'target/dist',
    format: 'esm',
    splitting: true,
    chunkNames: 'chunk-[hash]',
    platform: 'browser',
    target: ['chrome110', 'firefox110', 'safari16'],
    minify: true,
    sourcemap: 'linked',
  });
  cpSync('static', 'target/dist', { recursive: true });
}
