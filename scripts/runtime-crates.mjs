// `npm run runtime:crates`: vendors the Rust crates of the PyO3 exercises (python-runtime/crates-template, whose
// Cargo.lock pins them) into python-runtime/crates/vendor, so the app builds Rust extensions without network.
// Needs crates.io once, here; the output is build output (not committed) and ships with the app.
//
// It also writes python-runtime/crates/config.toml, the source replacement pointing at the vendored folder. The
// path in it is relative because the app moves (packaged resources): cargo resolves a relative path in a config
// file against the parent of the folder holding that file (checked with cargo 1.95, for `--config FILE` and for
// $CARGO_HOME/config.toml alike), so "crates/vendor" means python-runtime/crates/vendor wherever python-runtime
// is. The app itself writes an absolute copy into its private CARGO_HOME (electron/core/toolchain/cargo.ts).
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { root } from './lib.mjs';

const runtimeDir = path.join(root, 'python-runtime');
const template = path.join(runtimeDir, 'crates-template');
const out = path.join(runtimeDir, 'crates');
const vendor = path.join(out, 'vendor');

function fail(message) {
  console.error(`runtime:crates: ${message}`);
  process.exit(1);
}

/** cargo from $CARGO, PATH, or rustup's default place (a shell that never sourced ~/.cargo/env). */
function findCargo() {
  const exe = process.platform === 'win32' ? 'cargo.exe' : 'cargo';
  const candidates = [process.env.CARGO, 'cargo', path.join(process.env.CARGO_HOME ?? path.join(os.homedir(), '.cargo'), 'bin', exe)];
  for (const candidate of candidates.filter(Boolean)) {
    if (spawnSync(candidate, ['--version'], { stdio: 'ignore' }).status === 0) return candidate;
  }
  return fail('cargo not found: install Rust with rustup (https://rustup.rs) or set CARGO');
}

const cargo = findCargo();
mkdirSync(out, { recursive: true });
const started = Date.now();
// Not -q: cargo then prints nothing useful, and its own config snippet is what we mirror below.
// --locked: the template's committed Cargo.lock is the contract; a stale one must fail here, not drift.
const result = spawnSync(cargo, ['vendor', '--locked', '--manifest-path', path.join(template, 'Cargo.toml'), vendor], {
  cwd: root,
  stdio: ['ignore', 'pipe', 'inherit'],
  encoding: 'utf8',
});
if (result.error) fail(result.error.message);
if (result.status !== 0) fail(`cargo vendor exited with ${result.status}`);
if (!/replace-with\s*=\s*"vendored-sources"/.test(result.stdout)) fail(`unexpected output from cargo vendor:\n${result.stdout}`);

const config = `# Written by \`npm run runtime:crates\`. Relative paths in a cargo config file are resolved against the parent
# of the folder holding it, so this names python-runtime/crates/vendor wherever python-runtime is.
[source.crates-io]
replace-with = "vendored-sources"

[source.vendored-sources]
directory = "crates/vendor"
`;
writeFileSync(path.join(out, 'config.toml'), config);
// The lock the vendored folder was made from: the app keys its prebuilt dependencies on it.
copyFileSync(path.join(template, 'Cargo.lock'), path.join(out, 'Cargo.lock'));
if (!existsSync(path.join(vendor, 'pyo3'))) fail('pyo3 is missing from the vendored crates');
const crates = readFileSync(path.join(template, 'Cargo.lock'), 'utf8').match(/^\[\[package\]\]/gm)?.length ?? 0;
console.log(`runtime:crates: vendored ${crates - 1} crates into ${path.relative(root, vendor)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
