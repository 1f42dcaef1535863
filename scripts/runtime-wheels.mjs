// `npm run runtime:wheels [-- --target T] [--python 3.X] [--out DIR] [--with-zig]`: builds the offline wheelhouse for the
// course environment: every wheel of a lock (checked against its hashes) plus uv's own wheel (so a machine
// without uv can bootstrap it offline), into <out>/<target>/py3.X (default out: python-runtime/wheels).
// Default: the current machine's target and every Python of python-runtime/locks/matrix.json. With pip, since uv
// has no download command; any pip and any Python can fetch wheels for another platform and version.
// --with-zig adds the optional zig C/C++ compiler's wheel (~100 MB per target) into <out>/<target>/components, for
// lab machines without a system compiler: provisioning then installs it offline, without asking.
// Each wheelhouse is built beside its final place and renamed in, so a half-built one is never used.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { root } from './lib.mjs';

const runtimeDir = path.join(root, 'python-runtime');
const matrix = JSON.parse(readFileSync(path.join(runtimeDir, 'locks', 'matrix.json'), 'utf8'));
// The name provisioning reads to check that a wheelhouse was built from the lock it is about to install.
const MANIFEST = 'pyforge-wheelhouse.json';

const { values } = parseArgs({
  options: { target: { type: 'string', multiple: true }, python: { type: 'string', multiple: true }, out: { type: 'string' }, 'with-zig': { type: 'boolean', default: false } },
});

function fail(message) {
  console.error(`runtime:wheels: ${message}`);
  process.exit(1);
}

function currentTarget() {
  const os = { linux: 'linux', darwin: 'macos', win32: 'windows' }[process.platform];
  const arch = { x64: 'x86_64', arm64: process.platform === 'darwin' ? 'arm64' : 'aarch64' }[process.arch];
  return `${os}-${arch}`;
}

const targets = values.target ?? [currentTarget()];
const pythons = values.python ?? matrix.pythons;
for (const t of targets) if (!matrix.targets[t]) fail(`no lock target ${t}; known: ${Object.keys(matrix.targets).join(', ')}`);
for (const v of pythons) if (!matrix.pythons.includes(v)) fail(`no lock for Python ${v}; known: ${matrix.pythons.join(', ')}`);
const outRoot = path.resolve(values.out ?? path.join(runtimeDir, 'wheels'));
const python = process.env.PYTHON ?? (process.platform === 'win32' ? 'python' : 'python3');

/** pip expands macosx tags itself but not manylinux_2_N: list every older glibc tag the uv target accepts. */
function pipPlatforms(tags) {
  return tags.flatMap((tag) => {
    const m = /^manylinux_2_(\d+)_(\w+)$/.exec(tag);
    if (!m) return [tag];
    const [glibc, arch] = [Number(m[1]), m[2]];
    const expanded = [];
    for (let minor = glibc; minor >= 17; minor--) expanded.push(`manylinux_2_${minor}_${arch}`);
    expanded.push(`manylinux2014_${arch}`);
    if (arch === 'x86_64') expanded.push(`manylinux_2_12_${arch}`, `manylinux2010_${arch}`, `manylinux_2_5_${arch}`, `manylinux1_${arch}`);
    return expanded;
  });
}

function pipDownload(args, dest) {
  const full = ['-m', 'pip', 'download', '--disable-pip-version-check', '--no-input', '--only-binary=:all:', '--no-deps', '-d', dest, ...args];
  const result = spawnSync(python, full, { stdio: ['ignore', 'ignore', 'inherit'] });
  if (result.error) fail(`could not run ${python} -m pip: ${result.error.message}`);
  return result.status === 0;
}

let failures = 0;
for (const target of targets) {
  const platformArgs = pipPlatforms(matrix.targets[target].pip).flatMap((p) => ['--platform', p]);
  for (const version of pythons) {
    const lock = path.join(runtimeDir, 'locks', `py${version}-${target}.txt`);
    if (!existsSync(lock)) fail(`${path.relative(root, lock)} is missing: run npm run runtime:lock first`);
    const dest = path.join(outRoot, target, `py${version}`);
    const partial = `${dest}.partial-${randomBytes(4).toString('hex')}`;
    mkdirSync(partial, { recursive: true });
    const started = Date.now();
    const pyArgs = ['--python-version', version, '--implementation', 'cp', ...platformArgs];
    const ok = pipDownload(['--require-hashes', '-r', lock, ...pyArgs], partial) && pipDownload([...pyArgs, 'uv'], partial);
    if (!ok) {
      rmSync(partial, { recursive: true, force: true });
      console.error(`FAILED ${target} py${version}`);
      failures += 1;
      continue;
    }
    const lockHash = createHash('sha256').update(readFileSync(lock)).digest('hex').slice(0, 16);
    const wheels = readdirSync(partial).filter((f) => f.endsWith('.whl')).sort();
    writeFileSync(path.join(partial, MANIFEST), `${JSON.stringify({ target, python: version, lockHash, wheels }, null, 2)}\n`);
    rmSync(dest, { recursive: true, force: true });
    renameSync(partial, dest);
    console.log(`wheelhouse ${dest}: ${wheels.length} wheels in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}
if (values['with-zig']) {
  const lock = path.join(runtimeDir, 'locks', 'components', 'ziglang.txt');
  for (const target of targets) {
    const dest = path.join(outRoot, target, 'components');
    const partial = `${dest}.partial-${randomBytes(4).toString('hex')}`;
    mkdirSync(partial, { recursive: true });
    // The wheel is py3-none-<platform>: any Python version tag matches it.
    const platformArgs = pipPlatforms(matrix.targets[target].pip).flatMap((p) => ['--platform', p]);
    if (!pipDownload(['--require-hashes', '-r', lock, ...platformArgs], partial)) {
      rmSync(partial, { recursive: true, force: true });
      console.error(`FAILED ${target} ziglang`);
      failures += 1;
      continue;
    }
    rmSync(dest, { recursive: true, force: true });
    renameSync(partial, dest);
    console.log(`zig compiler wheel for ${target}: ${readdirSync(dest).join(', ')}`);
  }
}
if (failures > 0) fail(`${failures} wheelhouse(s) failed`);
