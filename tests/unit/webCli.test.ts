import { describe, expect, it } from 'vitest';
import { isUnspecified } from '../../electron/core/netAddresses.js';
import { isLoopback, parseWebArgs } from '../../electron/web/cli.js';

describe('parseWebArgs', () => {
  it('defaults to 127.0.0.1, a random port, no browser', () => {
    expect(parseWebArgs([])).toEqual({ host: '127.0.0.1', port: 0, open: false });
  });

  it('reads --port N and --port=N', () => {
    expect(parseWebArgs(['--port', '8080']).port).toBe(8080);
    expect(parseWebArgs(['--port=8080']).port).toBe(8080);
    expect(parseWebArgs(['--port=0']).port).toBe(0);
    expect(parseWebArgs(['--port', '65535']).port).toBe(65535);
  });

  it('reads --host and --open together', () => {
    expect(parseWebArgs(['--host', '0.0.0.0', '--open', '--port=9000'])).toEqual({ host: '0.0.0.0', port: 9000, open: true });
    expect(parseWebArgs(['--host=::1']).host).toBe('::1');
  });

  it('lets a later flag win', () => {
    expect(parseWebArgs(['--port', '1', '--port', '2']).port).toBe(2);
  });

  it.each([['abc'], ['-1'], ['65536'], ['80.5'], ['NaN']])('refuses --port %s', (value) => {
    expect(() => parseWebArgs(['--port', value])).toThrow(/--port must be 0-65535/);
    expect(() => parseWebArgs([`--port=${value}`])).toThrow(/--port must be 0-65535/);
  });

  it('requires a value for --port and --host', () => {
    expect(() => parseWebArgs(['--port'])).toThrow(/--port needs a value/);
    expect(() => parseWebArgs(['--port='])).toThrow(/--port needs a value/);
    expect(() => parseWebArgs(['--host'])).toThrow(/--host needs a value/);
    expect(() => parseWebArgs(['--host='])).toThrow(/--host needs a value/);
  });

  it.each([['--verbose'], ['-p'], ['8080'], ['--portx=1'], ['--Port=1']])('refuses the unknown option %s with usage', (arg) => {
    expect(() => parseWebArgs([arg])).toThrow(/unknown option/);
    expect(() => parseWebArgs([arg])).toThrow(/Usage:/);
  });

  // KNOWN BUGS (see the test report): a flag is taken as the value of the flag before it, and an inline value of
  // --open is ignored (so `--open=no` opens the browser). Remove `.fails` once fixed.
  it('does not take the next flag as the value of --host', () => {
    expect(() => parseWebArgs(['--host', '--open'])).toThrow(/--host needs a value/);
  });
  it('refuses a value given to --open', () => {
    expect(() => parseWebArgs(['--open=no'])).toThrow();
  });

  it('answers --help and -h with the usage text', () => {
    expect(() => parseWebArgs(['--help'])).toThrow(/^Usage: npm run web/);
    expect(() => parseWebArgs(['-h'])).toThrow(/^Usage: npm run web/);
  });
});

describe('isLoopback', () => {
  it.each(['127.0.0.1', 'localhost', '::1', '127.0.0.2', '127.255.255.254'])('%s is loopback', (host) => {
    expect(isLoopback(host)).toBe(true);
  });
  it.each(['0.0.0.0', '192.168.1.10', '10.0.0.1', '::', 'example.com', '128.0.0.1', '1127.0.0.1', '127.0.0.1.evil.com'])(
    '%s is not loopback',
    (host) => {
      expect(isLoopback(host)).toBe(false);
    },
  );
});

describe('isUnspecified', () => {
  it.each(['0.0.0.0', '::', '0:0:0:0:0:0:0:0', '::0'])('%s serves every interface', (host) => {
    expect(isUnspecified(host)).toBe(true);
  });
  it.each(['127.0.0.1', '::1', '192.168.1.5', 'localhost', '0.0.0.1', 'fe80::1'])('%s does not', (host) => {
    expect(isUnspecified(host)).toBe(false);
  });
});
