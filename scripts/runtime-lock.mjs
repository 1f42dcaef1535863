// `npm run runtime:lock [-- --target T] [--python 3.X] [--upgrade]`: pins python-runtime/requirements.in with
// hashes for every (Python version, platform) of python-runtime/locks/matrix.json, one lock file each, with uv.
// Without --upgrade uv keeps the versions already in a lock (it reads the existing output as preferences), so a
// rerun only changes what requirements.in changed; --upgrade moves everything to the newest release.
// Node built-ins only: this runs on a packaging machine before anything else is set up.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { root } from './lib.mjs';

const runtimeDir = path.join(root, 'python-runtime');
const matrix = JSON.parse(readFileSync(path.join(runtimeDir, 'locks', 'matrix.json'), 'utf8'));
// Outside the project's node_modules and dist; the only thing this script writes besides the locks.
const toolDir = path.join(root, '.cache', 'uv-tool');
const exe = (name) => (process.platform === 'win32' ? `${name}.exe` : name);

const { values } = parseArgs({
  options: { target: { type: 'string', multiple: true }, python: { type: 'string', multiple: true }, upgrade: { type: 'boolean', default: false } },
});
const targets = values.target ?? Object.keys(matrix.targets);
const pythons = values.python ?? matrix.pythons;
for (const t of targets) if (!matrix.targets[t]) fail(`unknown target ${t}; known: ${Object.keys(matrix.targets).join(', ')}`);
for (const v of pythons) if (!matrix.pythons.includes(v)) fail(`unknown Python ${v}; known: ${matrix.pythons.join(', ')}`);

function fail(message) {
  console.error(`runtime:lock: ${message}`);
  process.exit(1);
}

const runs = (command) => spawnSync(command, ['--version'], { encoding: 'utf8' }).status === 0;

/** uv from PYFORGE_UV or PATH, else a private copy installed with pip under .cache/uv-tool (never into Python itself). */
function findUv() {
  if (process.env.PYFORGE_UV && runs(process.env.PYFORGE_UV)) return process.env.PYFORGE_UV;
  if (runs('uv')) return 'uv';
  const cached = path.join(toolDir, 'bin', exe('uv'));
  if (existsSync(cached) && runs(cached)) return cached;
  const python = process.env.PYTHON ?? (process.platform === 'win32' ? 'python' : 'python3');
  console.log(`uv is not on PATH: installing it into ${path.relative(root, toolDir)} with ${python} -m pip`);
  spawnSync(python, ['-m', 'pip', 'install', '--disable-pip-version-check', '--no-warn-script-location', '--upgrade', '--target', toolDir, 'uv'], { stdio: 'inherit' });
  // Judged by the binary, not pip's status: a pyenv shim can fail its own rehash after pip has succeeded.
  if (!runs(cached)) fail(`could not install uv with ${python} -m pip; install uv (https://docs.astral.sh/uv/) and rerun`);
  return cached;
}

function compile(uv, python, target) {
  const output = path.join('locks', `py${python}-${target}.txt`);
  const args = ['pip', 'compile', '--quiet', '--generate-hashes', '--python-version', python, '--python-platform', matrix.targets[target].uv];
  args.push('--custom-compile-command', 'npm run runtime:lock', ...(values.upgrade ? ['--upgrade'] : []), 'requirements.in', '-o', output);
  // Relative paths and a fixed macOS floor, so the same inputs give the same files on every machine.
  const env = { ...process.env, MACOSX_DEPLOYMENT_TARGET: matrix.macosDeploymentTarget, UV_PYTHON_DOWNLOADS: 'never' };
  return new Promise((resolve) => {
    const child = spawn(uv, args, { cwd: runtimeDir, env, stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', (err) => resolve({ output, ok: false, stderr: err.message }));
    child.on('close', (code) => resolve({ output, ok: code === 0, stderr }));
  });
}

const uv = findUv();
mkdirSync(path.join(runtimeDir, 'locks'), { recursive: true });
const jobs = pythons.flatMap((python) => targets.map((target) => [python, target]));
// uv resolves from the network and its cache: a few at a time is fastest without hammering the index.
const results = [];
const queue = [...jobs];
await Promise.all(
  Array.from({ length: 4 }, async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const result = await compile(uv, ...job);
      console.log(`${result.ok ? 'locked' : 'FAILED'} python-runtime/${result.output.split(path.sep).join('/')}`);
      if (!result.ok) console.error(result.stderr.trim());
      results.push(result);
    }
  }),
);
// The optional components (the zig compiler): one lock each, for every platform at once (their wheels are
// py3-none-<platform>, and uv writes every platform's hash for the pinned version).
for (const input of ['ziglang']) {
  const output = path.join('locks', 'components', `${input}.txt`);
  mkdirSync(path.join(runtimeDir, 'locks', 'components'), { recursive: true });
  const args = ['pip', 'compile', '--quiet', '--generate-hashes', '--python-version', matrix.pythons.at(-1), '--custom-compile-command', 'npm run runtime:lock'];
  const result = spawnSync(uv, [...args, ...(values.upgrade ? ['--upgrade'] : []), path.join('components', `${input}.in`), '-o', output], { cwd: runtimeDir, encoding: 'utf8', env: { ...process.env, UV_PYTHON_DOWNLOADS: 'never' } });
  console.log(`${result.status === 0 ? 'locked' : 'FAILED'} python-runtime/${output.split(path.sep).join('/')}`);
  results.push({ output, ok: result.status === 0, stderr: result.stderr ?? '' });
}
const failed = results.filter((r) => !r.ok);
if (failed.length > 0) fail(`${failed.length} of ${results.length} locks failed`);
console.log(`${results.length} locks up to date (uv: ${spawnSync(uv, ['--version'], { encoding: 'utf8' }).stdout.trim()})`);
