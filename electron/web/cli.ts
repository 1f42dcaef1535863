/** Command-line options of `npm run web`, parsed without surprises: unknown flags are errors. */
export interface WebCliOptions {
  host: string;
  port: number;
  open: boolean;
}

export const WEB_USAGE = `Usage: npm run web -- [--port N] [--host ADDRESS] [--open]
  --port N        listen on port N (default: a random free port)
  --host ADDRESS  bind ADDRESS instead of 127.0.0.1; a non-loopback address exposes your workspace to the network
  --open          open the URL in the default browser`;

export { isLoopback } from '../core/netAddresses.js';

export function parseWebArgs(argv: string[]): WebCliOptions {
  const options: WebCliOptions = { host: '127.0.0.1', port: 0, open: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '' || (inline === undefined && v.startsWith('--'))) {
        throw new Error(`${flag} needs a value\n${WEB_USAGE}`);
      }
      return v;
    };
    switch (flag) {
      case '--port': {
        const port = Number(value());
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be 0-65535\n${WEB_USAGE}`);
        options.port = port;
        break;
      }
      case '--host':
        options.host = value();
        break;
      case '--open':
        if (inline !== undefined) throw new Error(`--open takes no value\n${WEB_USAGE}`);
        options.open = true;
        break;
      case '--help':
      case '-h':
        throw new Error(WEB_USAGE);
      default:
        throw new Error(`unknown option ${arg}\n${WEB_USAGE}`);
    }
  }
  return options;
}
