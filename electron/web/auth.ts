/**
 * Who may talk to the web host: a request must name our own loopback Host (which defeats DNS rebinding), come
 * from our own Origin when a browser sends one (which defeats other web pages), and carry the per-run token.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time comparison; hashing first makes the lengths equal. */
export function tokensMatch(expected: string, given: string | null | undefined): boolean {
  if (!given) return false;
  const a = createHash('sha256').update(expected).digest();
  const b = createHash('sha256').update(given).digest();
  return timingSafeEqual(a, b);
}

export interface HostIdentity {
  /** The address the server is bound to, as given (127.0.0.1 unless the user asked for another). */
  bindHost: string;
  port: number;
  /** Further names the server answers to: the machine's addresses when it was asked to bind a wildcard. */
  aliases?: string[];
}

const bracketed = (host: string): string => (host.includes(':') && !host.startsWith('[') ? `[${host}]` : host);

function hostNames({ bindHost, aliases = [] }: HostIdentity): string[] {
  const names = new Set(['127.0.0.1', 'localhost', '[::1]']);
  for (const host of [bindHost, ...aliases]) names.add(bracketed(host).toLowerCase());
  return [...names];
}

export function isAllowedHost(hostHeader: string | undefined, identity: HostIdentity): boolean {
  if (!hostHeader) return false;
  const host = hostHeader.toLowerCase();
  return hostNames(identity).some((name) => host === `${name}:${identity.port}`);
}

/** A missing Origin means a non-browser client (which must still present the token); a present one must be ours. */
export function isAllowedOrigin(origin: string | undefined, identity: HostIdentity): boolean {
  if (origin === undefined) return true;
  return hostNames(identity).some((name) => origin.toLowerCase() === `http://${name}:${identity.port}`);
}

export type UpgradeVerdict = { ok: true } | { ok: false; status: 401 | 403 | 404 | 421; reason: string };

export function checkUpgrade(
  request: { url: string | undefined; host: string | undefined; origin: string | undefined },
  expected: { token: string; path: string; tokenParam: string } & HostIdentity,
): UpgradeVerdict {
  if (!isAllowedHost(request.host, expected)) return { ok: false, status: 421, reason: 'unexpected Host header' };
  if (!isAllowedOrigin(request.origin, expected)) return { ok: false, status: 403, reason: 'foreign Origin' };
  const url = new URL(request.url ?? '/', 'http://localhost');
  if (url.pathname !== expected.path) return { ok: false, status: 404, reason: 'unknown path' };
  if (!tokensMatch(expected.token, url.searchParams.get(expected.tokenParam))) {
    return { ok: false, status: 401, reason: 'missing or wrong token' };
  }
  return { ok: true };
}
