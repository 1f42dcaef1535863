// `npm run runtime:python [-- --target T] [--archive FILE] [--url-base URL] [--out DIR] [--builds FILE] [--pin] [--if-pinned]`
// Fetches the relocatable CPython a packaged PyForge bundles (python-build-standalone, pinned by release and
// sha256 in python-runtime/python-builds.json), checks the archive's sha256, and unpacks it into
// <out>/python (default .cache/bundled-python/python), which electron-builder ships as resources/python.
// - --archive FILE uses an archive copied by hand (a mirror, a USB stick) instead of downloading it.
// - --url-base URL downloads from a mirror of the GitHub release folder.
// - --pin downloads the release's SHA256SUMS and records every target's checksum in the builds file.
// - --if-pinned (used by `npm run dist`) skips, with a note, a target whose checksum is not pinned yet.
// An archive is never unpacked unless its sha256 matches the pinned one. Node built-ins and `tar` only.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { root } from './lib.mjs';

const { values } = parseArgs({
  options: {
    target: { type: 'string' },
    archive: { type: 'string' },
    'url-base': { type: 'string' },
    out: { type: 'string' },
    builds: { type: 'string' },
    pin: { type: 'boolean', default: false },
    'if-pinned': { type: 'boolean', default: false },
  },
});

function fail(message) {
  console.error(`runtime:python: ${message}`);
  process.exit(1);
}

function currentTarget() {
  const os = { linux: 'linux', darwin: 'macos', win32: 'windows' }[process.platform];
  const arch = { x64: 'x86_64', arm64: process.platform === 'darwin' ? 'arm64' : 'aarch64' }[process.arch];
  return `${os}-${arch}`;
}

const buildsFile = path.resolve(values.builds ?? path.join(root, 'python-runtime', 'python-builds.json'));
const builds = JSON.parse(readFileSync(buildsFile, 'utf8'));
const urlBase = (values['url-base'] ?? builds.urlBase).replace(/\/+$/, '');
const archiveName = (triple) => `cpython-${builds.python}+${builds.release}-${triple}-install_only_stripped.tar.gz`;
const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

async function download(url) {
  let response;
  try {
    response = await fetch(url, { redirect: 'follow' });
  } catch (err) {
    fail(`could not download ${url}: ${err.cause?.message ?? err.message}. Offline? Copy the archive here and pass --archive FILE, or use --url-base with a mirror`);
  }
  if (!response.ok) fail(`could not download ${url}: HTTP ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

if (values.pin) {
  // SHA256SUMS lists "<sha256>  <file name>" for every archive of the release.
  const sums = (await download(`${urlBase}/${builds.release}/SHA256SUMS`)).toString('utf8');
  const byName = new Map(sums.split('\n').map((l) => l.trim().split(/\s+/)).filter((p) => p.length === 2).map(([h, n]) => [n, h]));
  for (const [target, entry] of Object.entries(builds.targets)) {
    const hash = byName.get(archiveName(entry.triple));
    if (!hash) fail(`the release ${builds.release} has no ${archiveName(entry.triple)} (for ${target})`);
    entry.sha256 = hash;
  }
  writeFileSync(buildsFile, `${JSON.stringify(builds, null, 2)}\n`);
  console.log(`pinned ${Object.keys(builds.targets).length} CPython ${builds.python} archives of release ${builds.release} in ${path.relative(root, buildsFile)}`);
  process.exit(0);
}

const target = values.target ?? currentTarget();
const entry = builds.targets[target];
if (!entry) fail(`no CPython build for ${target}; known: ${Object.keys(builds.targets).join(', ')}`);
if (!entry.sha256) {
  const note = `no pinned sha256 for ${target} in ${path.relative(root, buildsFile)}: run \`npm run runtime:python -- --pin\` on a machine that reaches GitHub`;
  if (values['if-pinned']) {
    console.log(`runtime:python: skipped (${note}); the app will use the machine's own Python`);
    process.exit(0);
  }
  fail(note);
}

const name = archiveName(entry.triple);
const bytes = values.archive ? readFileSync(values.archive) : await download(`${urlBase}/${builds.release}/${encodeURIComponent(name)}`);
const actual = sha256(bytes);
if (actual !== entry.sha256) fail(`${values.archive ?? name} has sha256 ${actual}, but ${entry.sha256} is pinned for ${target}: refusing to unpack it`);

const out = path.resolve(values.out ?? path.join(root, '.cache', 'bundled-python'));
const partial = path.join(out, `.partial-${randomBytes(4).toString('hex')}`);
mkdirSync(partial, { recursive: true });
try {
  const archive = path.join(partial, name);
  writeFileSync(archive, bytes);
  // The archive holds one top-level folder, python/ (bin/python3 on Unix, python.exe on Windows).
  const tar = spawnSync('tar', ['-xzf', name], { cwd: partial, encoding: 'utf8' });
  if (tar.status !== 0) fail(`could not unpack ${name}: ${tar.stderr || tar.error?.message}`);
  rmSync(archive);
  const executable = target.startsWith('windows') ? path.join(partial, 'python', 'python.exe') : path.join(partial, 'python', 'bin', 'python3');
  if (!existsSync(executable)) fail(`${name} has no ${path.relative(partial, executable)}: is it an install_only archive?`);
  if (target === currentTarget()) {
    const probe = spawnSync(executable, ['-I', '-c', 'import sys; print(sys.version.split()[0])'], { encoding: 'utf8' });
    if (probe.status !== 0) fail(`the unpacked ${path.relative(partial, executable)} does not run: ${probe.stderr || probe.error?.message}`);
    console.log(`CPython ${probe.stdout.trim()} runs`);
  }
  writeFileSync(path.join(partial, 'python', 'PYFORGE-BUILD.json'), `${JSON.stringify({ target, python: builds.python, release: builds.release, sha256: actual }, null, 2)}\n`);
  rmSync(path.join(out, 'python'), { recursive: true, force: true });
  renameSync(path.join(partial, 'python'), path.join(out, 'python'));
} finally {
  rmSync(partial, { recursive: true, force: true });
}
console.log(`bundled CPython ${builds.python} for ${target} in ${path.relative(process.cwd(), path.join(out, 'python')) || '.'}`);
