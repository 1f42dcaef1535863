/** What kind of address a host name is: pure rules the web host uses to decide what it serves and to whom. */
import net from 'node:net';
import os from 'node:os';

const LOOPBACK_NAMES = new Set(['localhost', '::1']);

export function isLoopback(host: string): boolean {
  return LOOPBACK_NAMES.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** The "any address" of IPv4 or IPv6: binding it serves every interface of the machine. */
export function isUnspecified(host: string): boolean {
  const family = net.isIP(host);
  if (family === 4) return host.split('.').every((part) => Number(part) === 0);
  if (family === 6) return host.split(':').every((part) => part === '' || /^0+$/.test(part));
  return false;
}

/** The names this machine answers to: its host name and the address of every interface. */
export function machineNames(): string[] {
  const addresses = Object.values(os.networkInterfaces())
    .flat()
    .map((i) => i?.address)
    .filter((a): a is string => Boolean(a));
  return [os.hostname(), ...addresses];
}
