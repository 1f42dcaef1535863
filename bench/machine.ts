/** A description of the machine and tool versions, written at the top of every results file. */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { CHROMIUM_PATH } from '../tests/support/browser.js';

function version(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8' }).trim().split('\n')[0] ?? '?';
  } catch {
    return 'not found';
  }
}

export function describeMachine(): string[] {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return [
    `- Date: ${new Date().toISOString()}`,
    `- Machine: ${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}`,
    `- Node ${process.version}; ${version(CHROMIUM_PATH, ['--version'])}; ${version('python3', ['--version'])}`,
  ];
}
