/**
 * A workspace can use another interpreter than the default: its own pinned environment is provisioned on first
 * use (real uv, real Pythons found on this machine), the choice survives a restart, and the API refuses an
 * executable discovery did not find. Needs two supported Pythons (CI has Debian's and pyenv's).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InterpreterChoice, ToolchainState } from '../../electron/core/api.js';
import { createDispatcher, type Dispatch } from '../../electron/core/dispatch.js';
import { handlers } from '../../electron/core/handlers.js';
import { resolveAppPaths } from '../../electron/core/paths.js';
import { createAppServices, type AppServices } from '../../electron/core/services.js';
import { ClientSession } from '../../electron/core/session.js';
import { InterpreterChoices } from '../../electron/core/toolchain/interpreterChoices.js';
import { repoRoot } from '../support/webApp.js';

// Shared with tests/lessons: the default's environment is usually there already; the other is built once.
const dataDir = path.join(os.tmpdir(), 'pyforge-test-lessons-data');
const temp = mkdtempSync(path.join(os.tmpdir(), 'pyforge-interp-'));
let services: AppServices;
let session: ClientSession;
let call: Dispatch<ClientSession>;

beforeAll(async () => {
  // The data folder is shared with other test runs (its environments are the point); the choices are not.
  rmSync(path.join(dataDir, 'settings', 'interpreters.json'), { force: true });
  const env = { ...process.env, PYFORGE_DATA_DIR: dataDir, PYFORGE_PROVISION: 'off', UV_CACHE_DIR: process.env.UV_CACHE_DIR ?? path.join(os.tmpdir(), 'pyforge-test-uv-cache') };
  services = await createAppServices(resolveAppPaths(repoRoot, env), '0.0.0-test', env);
  session = new ClientSession(services, () => undefined);
  call = createDispatcher(handlers);
}, 60_000);

/** The picker's view through the real dispatcher (validation included). */
async function interpreter(method: 'workspace.interpreter' | 'workspace.setInterpreter', params: object = {}): Promise<InterpreterChoice> {
  const reply = await call(session, method, params);
  if (!reply.ok) throw new Error(`${reply.error.code}: ${reply.error.message}`);
  return reply.result as InterpreterChoice;
}

afterAll(async () => {
  await session.dispose();
  rmSync(temp, { recursive: true, force: true });
});

describe('per-workspace interpreter', () => {
  it('lists the usable interpreters with the default marked, and no choice yet', async () => {
    const result = await interpreter('workspace.interpreter');
    expect(result.interpreters.filter((i) => i.isDefault)).toHaveLength(1);
    expect(result.selected).toBeNull();
  });

  it('refuses an executable that discovery did not find', async () => {
    const result = await call(session, 'workspace.setInterpreter', { executable: '/usr/bin/not-a-python' });
    expect(result).toMatchObject({ ok: false, error: { code: 'bad_request' } });
  });

  it("gives the workspace's processes the chosen interpreter's own pinned environment", async () => {
    const listed = await interpreter('workspace.interpreter');
    const minorOf = (v: string): string => v.split('.').slice(0, 2).join('.');
    const defaultMinor = minorOf(listed.interpreters.find((d) => d.isDefault)!.version);
    const other = listed.interpreters.find((i) => minorOf(i.version) !== defaultMinor);
    if (!other) throw new Error(`this test needs two supported Python minor versions; found ${listed.interpreters.map((i) => i.version).join(', ')}`);
    expect(await interpreter('workspace.setInterpreter', { executable: other.executable })).toMatchObject({ selected: other.executable });

    const states: ToolchainState['state'][] = [];
    const off = services.toolchain.onChange((s) => states.push(s.state));
    const env = await services.toolchain.processEnvironment(other.executable);
    const probe = spawnSync('python', ['-c', 'import sys, pytest; print("%d.%d" % sys.version_info[:2], sys.prefix)'], { env, encoding: 'utf8' });
    const [minor, prefix] = probe.stdout.trim().split(' ');
    expect(minor, probe.stderr).toBe(minorOf(other.version));
    expect(prefix).toContain(path.join(dataDir, 'envs', `${minor}-`));
    // After provisioning (if it had to), the app's state is back to what it was.
    off();
    expect(services.toolchain.state.state).not.toBe('provisioning');
    expect(states.at(-1) ?? 'none').not.toBe('provisioning');
  }, 300_000);

  it('remembers each choice across restarts and forgets a reset one', async () => {
    const choices = new InterpreterChoices(temp);
    await Promise.all([choices.set('/ws/a', '/py/3.11'), choices.set('/ws/b', '/py/3.12')]);
    const again = new InterpreterChoices(temp);
    expect(await again.get('/ws/a')).toBe('/py/3.11');
    expect(await again.get('/ws/b')).toBe('/py/3.12');
    await again.set('/ws/a', null);
    expect(await new InterpreterChoices(temp).get('/ws/a')).toBeNull();
    // A damaged file means "defaults everywhere", not a crash.
    writeFileSync(path.join(temp, 'settings', 'interpreters.json'), '{not json');
    expect(await new InterpreterChoices(temp).get('/ws/b')).toBeNull();
  });
});
