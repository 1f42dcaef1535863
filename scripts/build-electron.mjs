// Bundles the Node side (web host, Electron main, preload) with esbuild into dist/electron/.
// Dependencies stay external (installed in node_modules, and shipped so by electron-builder); the preload is
// one self-contained CommonJS file because a sandboxed preload cannot load other modules.
import { build } from 'esbuild';

const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'warning' };

await Promise.all([
  build({ ...common, entryPoints: { web: 'electron/web/main.ts' }, outdir: 'dist/electron', format: 'esm', packages: 'external' }),
  build({ ...common, entryPoints: { doctor: 'electron/cli/doctor.ts' }, outdir: 'dist/electron', format: 'esm', packages: 'external' }),
  build({ ...common, entryPoints: { check: 'electron/cli/check.ts', prove: 'electron/cli/prove.ts' }, outdir: 'dist/electron', format: 'esm', packages: 'external' }),
  build({ ...common, entryPoints: { main: 'electron/shell/main.ts' }, outdir: 'dist/electron', format: 'esm', packages: 'external' }),
  build({ ...common, entryPoints: { preload: 'electron/shell/preload.ts' }, outdir: 'dist/electron', outExtension: { '.js': '.cjs' }, format: 'cjs', external: ['electron'] }),
]);
