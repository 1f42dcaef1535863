import { describe, expect, it } from 'vitest';
import { checkUpgrade, generateToken, isAllowedHost, isAllowedOrigin, tokensMatch } from '../../electron/web/auth.js';

const PORT = 43117;
const identity = { bindHost: '127.0.0.1', port: PORT };

describe('tokensMatch', () => {
  const token = 'sEcReT-token_123';
  it('accepts the right token', () => {
    expect(tokensMatch(token, 'sEcReT-token_123')).toBe(true);
  });
  it.each([
    ['a wrong token of the same length', 'sEcReT-token_124'],
    ['a different case', 'secret-token_123'],
    ['a prefix', 'sEcReT'],
    ['a longer string', 'sEcReT-token_123x'],
    ['the empty string', ''],
  ])('refuses %s', (_label, given) => {
    expect(tokensMatch(token, given)).toBe(false);
  });
  it('refuses null and undefined', () => {
    expect(tokensMatch(token, null)).toBe(false);
    expect(tokensMatch(token, undefined)).toBe(false);
  });
});

describe('generateToken', () => {
  it('gives distinct 43-character base64url tokens', () => {
    const tokens = Array.from({ length: 50 }, () => generateToken());
    for (const t of tokens) expect(t).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Set(tokens).size).toBe(tokens.length);
    expect(tokensMatch(tokens[0]!, tokens[0]!)).toBe(true);
    expect(tokensMatch(tokens[0]!, tokens[1]!)).toBe(false);
  });
});

describe('isAllowedHost', () => {
  it.each([`127.0.0.1:${PORT}`, `localhost:${PORT}`, `LOCALHOST:${PORT}`, `[::1]:${PORT}`])('accepts %s', (host) => {
    expect(isAllowedHost(host, identity)).toBe(true);
  });
  it.each([
    ['a wrong port', `127.0.0.1:${PORT + 1}`],
    ['no port', '127.0.0.1'],
    ['a foreign name', `evil.com:${PORT}`],
    ['a rebinding name', `127.0.0.1.evil.com:${PORT}`],
    ['a suffix attack', `localhost:${PORT}.evil.com`],
    ['another address', `192.168.1.5:${PORT}`],
    ['the empty string', ''],
  ])('refuses %s', (_label, host) => {
    expect(isAllowedHost(host, identity)).toBe(false);
  });
  it('refuses a missing Host header', () => {
    expect(isAllowedHost(undefined, identity)).toBe(false);
  });
  it('accepts the bound address when it is not loopback (IPv4 and IPv6)', () => {
    expect(isAllowedHost(`192.168.1.5:${PORT}`, { bindHost: '192.168.1.5', port: PORT })).toBe(true);
    expect(isAllowedHost(`[fe80::1]:${PORT}`, { bindHost: 'fe80::1', port: PORT })).toBe(true);
    expect(isAllowedHost(`192.168.1.6:${PORT}`, { bindHost: '192.168.1.5', port: PORT })).toBe(false);
  });
});

describe('isAllowedOrigin', () => {
  it.each([`http://127.0.0.1:${PORT}`, `http://localhost:${PORT}`, `http://[::1]:${PORT}`])('accepts %s', (origin) => {
    expect(isAllowedOrigin(origin, identity)).toBe(true);
  });
  it('accepts a missing Origin (non-browser client, which still needs the token)', () => {
    expect(isAllowedOrigin(undefined, identity)).toBe(true);
  });
  it.each([
    ['a wrong port', `http://127.0.0.1:${PORT + 1}`],
    ['https instead of http', `https://127.0.0.1:${PORT}`],
    ['a foreign site', 'http://evil.com'],
    ['a foreign site on our port', `http://evil.com:${PORT}`],
    ['the opaque "null" origin', 'null'],
    ['the empty string', ''],
    ['a trailing slash', `http://127.0.0.1:${PORT}/`],
  ])('refuses %s', (_label, origin) => {
    expect(isAllowedOrigin(origin, identity)).toBe(false);
  });
});

describe('checkUpgrade', () => {
  const expected = { ...identity, token: 'tok-123', path: '/api', tokenParam: 'token' };
  const good = { url: '/api?token=tok-123', host: `127.0.0.1:${PORT}`, origin: `http://127.0.0.1:${PORT}` };

  it('accepts a request with our host, our origin, the path and the token', () => {
    expect(checkUpgrade(good, expected)).toEqual({ ok: true });
    expect(checkUpgrade({ ...good, origin: undefined }, expected)).toEqual({ ok: true });
  });

  it.each([
    ['a bad host', { host: `evil.com:${PORT}` }, 421],
    ['a missing host', { host: undefined }, 421],
    ['a foreign origin', { origin: 'http://evil.example' }, 403],
    ['a "null" origin', { origin: 'null' }, 403],
    ['a wrong path', { url: '/other?token=tok-123' }, 404],
    ['a path prefix', { url: '/api/x?token=tok-123' }, 404],
    ['a missing url', { url: undefined }, 404],
    ['a missing token', { url: '/api' }, 401],
    ['an empty token', { url: '/api?token=' }, 401],
    ['a wrong token', { url: '/api?token=tok-124' }, 401],
    ['the token under another name', { url: '/api?t=tok-123' }, 401],
  ] as const)('refuses %s', (_label, override, status) => {
    const verdict = checkUpgrade({ ...good, ...override }, expected);
    expect(verdict.ok).toBe(false);
    if (!verdict.ok) {
      expect(verdict.status).toBe(status);
      expect(verdict.reason.length).toBeGreaterThan(0);
    }
  });

  it('checks the host before the token (a rebinding page learns nothing about the token)', () => {
    const verdict = checkUpgrade({ ...good, host: `evil.com:${PORT}`, url: '/api' }, expected);
    expect(verdict).toMatchObject({ ok: false, status: 421 });
  });
});

describe('a server bound to a wildcard address on request', () => {
  const identity = { bindHost: '0.0.0.0', port: 8080, aliases: ['192.168.1.5', 'fe80::1', 'labpc'] };
  it("answers to the machine's own addresses and name", () => {
    expect(isAllowedHost('192.168.1.5:8080', identity)).toBe(true);
    expect(isAllowedHost('[fe80::1]:8080', identity)).toBe(true);
    expect(isAllowedHost('LabPC:8080', identity)).toBe(true);
    expect(isAllowedOrigin('http://192.168.1.5:8080', identity)).toBe(true);
  });
  it('still refuses names that are not the machine’s', () => {
    expect(isAllowedHost('evil.example:8080', identity)).toBe(false);
    expect(isAllowedHost('192.168.1.6:8080', identity)).toBe(false);
    expect(isAllowedOrigin('http://evil.example:8080', identity)).toBe(false);
  });
});
