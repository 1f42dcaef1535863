import { promises as fs } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppDispatcher } from '../../electron/core/handlers.js';
import { loadCourse } from '../../electron/core/lessons/course.js';
import { resolveAppPaths } from '../../electron/core/paths.js';
import { createAppServices } from '../../electron/core/services.js';
import { generateToken } from '../../electron/web/auth.js';
import { startWebHost, type WebHost } from '../../electron/web/host.js';
import { commandLine, isRunning, liveTreeMembers } from '../helpers/procs.js';
import { makeTempDir, removeDir } from '../helpers/temp.js';
import { sleep, waitFor } from '../helpers/wait.js';
import { refusedStatus, TestClient, type EventFrame } from '../helpers/wsClient.js';
import { killProcessTree, listProcesses } from '../../electron/core/terminal/processTree.js';
import WebSocket from 'ws';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const INDEX_HTML = '<!doctype html><title>PyForge test</title><p>hello from the test renderer</p>\n';

let dataDir: string;
let staticDir: string;
let homeDir: string;
const realHome = process.env.HOME;
let host: WebHost;
let token: string;
const internalErrors: unknown[] = [];
const hostLog: string[] = [];
const clients: TestClient[] = [];

const wsUrl = (query = `?token=${token}`, pathname = '/api') => `ws://127.0.0.1:${host.port}${pathname}${query}`;
const origin = () => `http://127.0.0.1:${host.port}`;

async function connect(): Promise<TestClient> {
  const client = await TestClient.connect(wsUrl(), { origin: origin() });
  clients.push(client);
  return client;
}

function httpGet(pathname: string, headers: Record<string, string> = {}, method = 'GET') {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port: host.port, path: pathname, method, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  dataDir = await makeTempDir('pyforge-web-data-');
  staticDir = await makeTempDir('pyforge-web-static-');
  await fs.writeFile(path.join(staticDir, 'index.html'), INDEX_HTML);
  // The terminals run the user's login shell with PyForge's rcfile, which sources ~/.bashrc. An empty HOME keeps
  // the tests independent of that file (and never kills a slow rc step, e.g. `pyenv rehash`, half way).
  homeDir = await makeTempDir('pyforge-web-home-');
  process.env.HOME = homeDir;
  token = generateToken();
  // The course environment is not needed here (provisioning has its own tests): report it, do not install it.
  const services = await createAppServices(resolveAppPaths(REPO, { ...process.env, PYFORGE_DATA_DIR: dataDir }), 'test', { ...process.env, PYFORGE_PROVISION: 'off' });
  host = await startWebHost({
    host: '127.0.0.1',
    port: 0,
    token,
    staticDir,
    services,
    dispatch: createAppDispatcher((err) => internalErrors.push(err)),
    log: (m) => hostLog.push(m),
  });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.close()));
  await host?.close();
  if (dataDir) await removeDir(dataDir);
  if (staticDir) await removeDir(staticDir);
  process.env.HOME = realHome;
  if (homeDir) await removeDir(homeDir);
});

describe('web host: who may connect', () => {
  it('listens on loopback and gives a URL with the token', () => {
    expect(host.port).toBeGreaterThan(0);
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${token}`);
  });

  it('refuses a wrong token with 401', async () => {
    expect(await refusedStatus(wsUrl(`?token=${token}x`), { origin: origin() })).toBe(401);
    expect(await refusedStatus(wsUrl(`?token=${generateToken()}`), { origin: origin() })).toBe(401);
  });

  it('refuses a missing token with 401', async () => {
    expect(await refusedStatus(wsUrl(''), { origin: origin() })).toBe(401);
    expect(await refusedStatus(wsUrl(''))).toBe(401);
  });

  it('refuses a foreign Origin with 403 even with the right token', async () => {
    expect(await refusedStatus(wsUrl(), { origin: 'http://evil.example' })).toBe(403);
    expect(await refusedStatus(wsUrl(), { origin: 'null' })).toBe(403);
  });

  it('refuses a wrong Host header with 421 even with the right token', async () => {
    expect(await refusedStatus(wsUrl(), { headers: { Host: `evil.com:${host.port}` } })).toBe(421);
    expect(await refusedStatus(wsUrl(), { headers: { Host: `127.0.0.1:${host.port + 1}` } })).toBe(421);
  });

  it('refuses another path with 404', async () => {
    expect(await refusedStatus(wsUrl(`?token=${token}`, '/other'), { origin: origin() })).toBe(404);
  });

  it('logs each refusal with its reason', () => {
    expect(hostLog.some((m) => m.includes('missing or wrong token'))).toBe(true);
    expect(hostLog.some((m) => m.includes('foreign Origin'))).toBe(true);
    expect(hostLog.some((m) => m.includes('unexpected Host header'))).toBe(true);
  });

  it('accepts the right token from our own origin (127.0.0.1 or localhost) or from a non-browser client', async () => {
    const a = await connect();
    const b = await TestClient.connect(`ws://localhost:${host.port}/api?token=${token}`, { origin: `http://localhost:${host.port}` });
    clients.push(b);
    const c = await TestClient.connect(wsUrl());
    clients.push(c);
    for (const client of [a, b, c]) expect((await client.request('app.info')).ok).toBe(true);
  });
});

describe('web host: the API over the socket', () => {
  it('answers app.info', async () => {
    const client = await connect();
    const res = await client.request('app.info', {});
    expect(res).toMatchObject({ kind: 'response', id: 1, ok: true });
    const info = (res as { result: Record<string, unknown> }).result;
    expect(info).toMatchObject({ name: 'PyForge', version: 'test', dataDir });
    expect(info.python).toMatchObject({ executable: expect.any(String), version: expect.stringMatching(/^3\./) });
  });

  it('answers a malformed frame with an error and keeps the connection open', async () => {
    const client = await connect();
    for (const raw of ['not json', '{"kind":"request","id":"x","method":"app.info"}', '{"kind":"event"}', 'null', '42']) {
      const before = client.frames.length;
      client.sendRaw(raw);
      const res = await client.waitFrame((f) => client.frames.indexOf(f) >= before && f.kind === 'response' && f.id === -1);
      expect(res).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringContaining('malformed frame') } });
    }
    expect(client.closed).toBe(false);
    expect((await client.request('app.info')).ok).toBe(true);
  });

  it('answers bad params with bad_request and an unknown method with unknown_method', async () => {
    const client = await connect();
    const bad = await client.request('lessons.get', { lessonId: 5 });
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad_request', message: expect.stringContaining('lessonId') } });
    const extra = await client.request('app.info', { extra: true });
    expect(extra).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    const unknown = await client.request('fs.deleteEverything', {});
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    const proto = await client.request('__proto__', {});
    expect(proto).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
    expect(client.closed).toBe(false);
  });

  it('lists the real course', async () => {
    const client = await connect();
    const listed = await client.call<{ course: { id: string }; lessons: Array<{ id: string; exercises: Array<{ id: string }> }>; problems: unknown[] }>('lessons.list');
    const course = await loadCourse(path.join(REPO, 'lessons'));
    expect(listed.course.id).toBe(course.id);
    expect(listed.problems).toEqual([]);
    expect(listed.lessons.map((l) => l.id)).toEqual(course.lessons.map((l) => l.id));
    expect(listed.lessons.map((l) => l.exercises.map((e) => e.id))).toEqual(course.lessons.map((l) => l.exercises.map((e) => e.id)));
    const got = await client.call<{ lesson: { id: string }; markdown: string }>('lessons.get', { lessonId: course.lessons[0]!.id });
    expect(got.lesson.id).toBe(course.lessons[0]!.id);
    expect(got.markdown.startsWith('---')).toBe(false);
    expect((await client.request('lessons.get', { lessonId: 'no-such-lesson' })).ok).toBe(false);
  });

  it('opens an exercise workspace from its starter, saves into it, and refuses escapes', async () => {
    const client = await connect();
    const course = await loadCourse(path.join(REPO, 'lessons'));
    const lesson = course.lessons[0]!;
    const exercise = lesson.exercises[0]!;
    const opened = await client.call<{ workspace: { root: string }; openFiles: string[]; created: boolean; title: string }>('exercises.open', {
      lessonId: lesson.id,
      exerciseId: exercise.id,
    });
    const root = opened.workspace.root;
    expect(root).toBe(path.join(dataDir, 'workspaces', course.id, lesson.id, exercise.id));
    expect(opened.created).toBe(true);
    expect(opened.title).toBe(exercise.title);
    expect(opened.openFiles.length).toBeGreaterThan(0);
    for (const file of opened.openFiles) {
      expect(await fs.readFile(path.join(root, file), 'utf8')).toBe(await fs.readFile(path.join(exercise.dir, 'starter', file), 'utf8'));
    }

    const file = opened.openFiles[0]!;
    const content = '# saved by the test: č ž 🐍\nprint("hi")\n';
    const written = await client.call<{ bytes: number }>('workspace.write', { path: file, content });
    expect(written.bytes).toBe(Buffer.byteLength(content));
    expect(await fs.readFile(path.join(root, file), 'utf8')).toBe(content);
    expect(await client.call('workspace.read', { path: file })).toEqual({ path: file, content });
    const listed = await client.call<{ entries: Array<{ path: string }> }>('workspace.list');
    expect(listed.entries.map((e) => e.path)).toContain(file);

    const escape = await client.request('workspace.write', { path: '../escape.txt', content: 'x' });
    expect(escape).toMatchObject({ ok: false, error: { code: 'forbidden_path' } });
    expect(await fs.access(path.join(root, '..', 'escape.txt')).then(() => true, () => false)).toBe(false);
    const absolute = await client.request('workspace.read', { path: '/etc/passwd' });
    expect(absolute).toMatchObject({ ok: false, error: { code: 'forbidden_path' } });

    // Opening again keeps the student's work.
    const again = await client.call<{ created: boolean }>('exercises.open', { lessonId: lesson.id, exerciseId: exercise.id });
    expect(again.created).toBe(false);
    expect(await fs.readFile(path.join(root, file), 'utf8')).toBe(content);
  });

  it('runs python in a terminal, streams terminal.data, and kills the shell tree when the socket closes', async () => {
    const client = await connect();
    const workspace = await client.call<{ root: string }>('workspace.current');
    const term = await client.call<{ id: string; shell: string; cwd: string }>('terminal.create', { cols: 80, rows: 24 });
    expect(term.cwd).toBe(workspace.root);

    // Acknowledge data as it arrives, as the renderer does.
    let seen = 0;
    const output = (): string => {
      const data = client.events('terminal.data') as EventFrame[];
      const fresh = data.slice(seen);
      seen = data.length;
      const chars = fresh.reduce((n, f) => n + (f.payload as { data: string }).data.length, 0);
      if (chars > 0) void client.request('terminal.ack', { id: term.id, chars });
      return data.map((f) => (f.payload as { id: string; data: string }).data).join('');
    };
    // eslint-disable-next-line no-control-regex
    const lines = (): string[] => output().replace(/\u001b\[[0-?]*[ -/]*[@-~]/g, '').split(/\r?\n/).map((l) => l.slice(l.lastIndexOf('\r') + 1));

    expect(await client.call('terminal.input', { id: term.id, data: 'python3 -c "print(6*7)"\r' })).toBeNull();
    await waitFor(() => lines().includes('42'), { what: '42 from python', detail: () => JSON.stringify(output().slice(-1500)) });
    expect(client.events('terminal.data').every((f) => (f.payload as { id: string }).id === term.id)).toBe(true);

    await client.call('terminal.input', { id: term.id, data: 'sleep 1000 & (sleep 1001 &) ; echo "PID=$$"\r' });
    const shellPid = Number(
      (await waitFor(() => lines().find((l) => /^PID=\d+$/.test(l)), { what: 'the shell pid', detail: () => JSON.stringify(output().slice(-1500)) })).slice(4),
    );
    await waitFor(
      async () => {
        const procs = (await listProcesses()).filter((p) => p.sid === shellPid);
        const cmds = await Promise.all(procs.map((p) => commandLine(p.pid)));
        return cmds.includes('sleep 1000') && cmds.includes('sleep 1001');
      },
      { what: 'the sleeps in the shell session' },
    );
    const members = await liveTreeMembers(shellPid);
    expect(members).toContain(shellPid);
    expect(members.length).toBeGreaterThanOrEqual(3);

    await client.close();
    await waitFor(async () => (await liveTreeMembers(shellPid)).length === 0, {
      what: "the terminal's processes to die",
      detail: () => `left: ${members.join(' ')}`,
    });
    for (const pid of members) expect(await isRunning(pid), `pid ${pid}`).toBe(false);
  });

  it('reports an unknown terminal as not_found and can kill a terminal on request', async () => {
    const client = await connect();
    expect(await client.request('terminal.input', { id: 'nope', data: 'x' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
    const term = await client.call<{ id: string }>('terminal.create', { cols: 80, rows: 24 });
    expect(await client.call('terminal.resize', { id: term.id, cols: 100, rows: 30 })).toBeNull();
    expect(await client.call('terminal.kill', { id: term.id })).toBeNull();
    expect(await client.request('terminal.input', { id: term.id, data: 'x' })).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('had no internal errors', () => {
    expect(internalErrors).toEqual([]);
  });
});

/** Running session leaders (shells) whose current folder is inside `dir`. */
async function shellsUnder(dir: string): Promise<number[]> {
  const found: number[] = [];
  for (const p of await listProcesses()) {
    if (p.sid !== p.pid) continue;
    const cwd = await fs.readlink(`/proc/${p.pid}/cwd`).catch(() => '');
    if ((cwd === dir || cwd.startsWith(dir + path.sep)) && (await isRunning(p.pid))) found.push(p.pid);
  }
  return found;
}

describe('web host: a socket that closes while terminal.create is running', () => {
  // KNOWN BUG (see the test report): ClientSession.createTerminal checks `disposed` before awaiting the workspace,
  // not after, so a socket closed during that await leaves a shell that nobody will ever kill. Remove `.fails`
  // once fixed (the test then waits ~2 s to be sure no shell appears).
  it('leaves no shell running', async () => {
    const before = new Set(await shellsUnder(dataDir));
    const leaked = new Set<number>();
    try {
      for (let i = 0; i < 3; i++) {
        const ws = new WebSocket(wsUrl(), { origin: origin() });
        await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
        ws.send(JSON.stringify({ kind: 'request', id: 1, method: 'terminal.create', params: { cols: 80, rows: 24 } }));
        ws.close();
        await new Promise((resolve) => ws.once('close', resolve));
      }
      // Give the host time to finish the three requests; any shell that appears now has no owner.
      const deadline = Date.now() + 2_000;
      while (Date.now() < deadline && leaked.size === 0) {
        for (const pid of await shellsUnder(dataDir)) if (!before.has(pid)) leaked.add(pid);
        await sleep(50);
      }
      expect([...leaked], 'shells left running after their sockets closed').toEqual([]);
    } finally {
      await sleep(300);
      for (const pid of await shellsUnder(dataDir)) if (!before.has(pid)) await killProcessTree(pid);
    }
  });
});

describe('web host: HTTP', () => {
  it('serves index.html with a Content-Security-Policy and hardening headers', async () => {
    const res = await httpGet('/', { Host: `127.0.0.1:${host.port}` });
    expect(res.status).toBe(200);
    expect(res.body).toBe(INDEX_HTML);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`ws://127.0.0.1:${host.port}`);
    expect(csp).not.toContain('unsafe-eval');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('DENY');
  });

  it('accepts Host: localhost:port too', async () => {
    expect((await httpGet('/index.html', { Host: `localhost:${host.port}` })).status).toBe(200);
  });

  it('refuses a foreign Host header with 421 and serves nothing', async () => {
    const res = await httpGet('/', { Host: 'evil.com' });
    expect(res.status).toBe(421);
    expect(res.body).not.toContain('hello from the test renderer');
    expect((await httpGet('/', { Host: `evil.com:${host.port}` })).status).toBe(421);
  });

  it('answers 404 for a missing file and 405 for other methods', async () => {
    expect((await httpGet('/missing.js', { Host: `127.0.0.1:${host.port}` })).status).toBe(404);
    expect((await httpGet('/', { Host: `127.0.0.1:${host.port}` }, 'POST')).status).toBe(405);
  });

  it('does not serve files outside the static folder', async () => {
    const res = await httpGet('/../../../../etc/passwd', { Host: `127.0.0.1:${host.port}` });
    expect(res.body).not.toContain('root:');
    const encoded = await httpGet('/%2e%2e/%2e%2e/%2e%2e/etc/passwd', { Host: `127.0.0.1:${host.port}` });
    expect(encoded.body).not.toContain('root:');
  });
});

describe('web host: close', () => {
  it('closes: open sockets are dropped and new connections fail', async () => {
    const client = await connect();
    const term = await client.call<{ id: string }>('terminal.create', { cols: 80, rows: 24 });
    expect(term.id).toBeTruthy();
    await client.call('terminal.input', { id: term.id, data: 'echo "PID=$$"\r' });
    const text = () => client.events('terminal.data').map((f) => (f.payload as { data: string }).data).join('');
    const shellPid = Number((await waitFor(() => /PID=(\d+)\r?\n/.exec(text()), { what: 'the shell pid' }))[1]);
    expect(await isRunning(shellPid)).toBe(true);

    await host.close();
    await waitFor(() => client.closed, { what: 'the client to be dropped' });
    await waitFor(async () => !(await isRunning(shellPid)), { what: 'the shell to be killed' });
    await expect(TestClient.connect(wsUrl(), { origin: origin() })).rejects.toThrow();
  });
});
