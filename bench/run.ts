/**
 * `npm run bench`: PyForge's benchmarks, measured side by side in one run on this machine, written to
 * bench/RESULTS.md. Figures are ratios where a fair comparison exists; speed is never asserted in tests.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { startWebApp, repoRoot } from '../tests/support/webApp.js';
import { describeMachine } from './machine.js';
import { measureStartup } from './startup.js';
import { MB, median, spread } from './stats.js';
import { endToEnd, FLOOD_BYTES, rawPty, xtermParse } from './terminalThroughput.js';
import { toolchainBench } from './toolchain.js';
import { checksBench } from './checks.js';
import { nativeBench } from './native.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const THROUGHPUT_RUNS = Number(process.env.BENCH_THROUGHPUT_RUNS ?? 3);

function hostPidOf(dataDir: string): number {
  // The web host is the node process whose environment names this run's data folder.
  const out = execFileSync('pgrep', ['-f', 'dist/electron/web.js'], { encoding: 'utf8' });
  for (const pid of out.split('\n').map(Number).filter(Boolean)) {
    try {
      const env = execFileSync('cat', [`/proc/${pid}/environ`], { encoding: 'utf8' });
      if (env.includes(dataDir)) return pid;
    } catch {
      // gone
    }
  }
  throw new Error('web host process not found');
}

const app = await startWebApp();
try {
  console.log(`start-up: ${RUNS} runs…`);
  const startup = await measureStartup(app, RUNS);

  const hostPid = hostPidOf(app.dataDir);
  const raw: number[] = [];
  const parse: number[] = [];
  const e2e: Awaited<ReturnType<typeof endToEnd>>[] = [];
  const e2eDom: Awaited<ReturnType<typeof endToEnd>>[] = [];
  for (let i = 0; i < THROUGHPUT_RUNS; i++) {
    console.log(`terminal throughput: run ${i + 1}/${THROUGHPUT_RUNS}…`);
    const [rawSeconds, rawBytes] = await rawPty();
    raw.push(rawSeconds);
    parse.push(await xtermParse(rawBytes));
    e2e.push(await endToEnd(app, hostPid, 'auto'));
    e2eDom.push(await endToEnd(app, hostPid, 'dom'));
  }
  const rate = (seconds: number): number => FLOOD_BYTES / MB / seconds;
  const rawRate = rate(median(raw));
  const parseRate = rate(median(parse));
  const e2eRate = rate(median(e2e.map((r) => r.seconds)));
  const e2eDomRate = rate(median(e2eDom.map((r) => r.seconds)));
  const limit = Math.min(rawRate, parseRate);
  const mb = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;

  const lines = [
    '# Benchmark results',
    '',
    'Written by `npm run bench` (BENCH_RUNS, BENCH_THROUGHPUT_RUNS to change the counts). All figures come from one',
    'run on one machine; compare ratios, not absolute times, across machines.',
    '',
    ...describeMachine(),
    '',
    '## Browser mode start-up',
    '',
    'Navigation to a workbench whose Monaco editor exists and whose terminal has printed its prompt (both accept',
    `input), in headless Chromium with a fresh profile each time, ${RUNS} runs.`,
    '',
    '| median | range |',
    '| --- | --- |',
    `| ${median(startup).toFixed(0)} ms | ${spread(startup)} ms |`,
    '',
    `## Terminal: ${FLOOD_BYTES / MB} MB of \`yes\` output`,
    '',
    `Median of ${THROUGHPUT_RUNS} runs each, measured side by side. The end-to-end path is bounded by the slower of the`,
    'kernel pty and xterm.js\'s own parser, so the figure that matters is its ratio to that limit.',
    '',
    '| path | MB/s | ratio to the limit |',
    '| --- | --- | --- |',
    `| raw pty read in Node (node-pty) | ${rawRate.toFixed(1)} | ${(rawRate / limit).toFixed(2)} |`,
    `| xterm.js parser alone (@xterm/headless, same bytes) | ${parseRate.toFixed(1)} | ${(parseRate / limit).toFixed(2)} |`,
    `| **pty → flow control → WebSocket → xterm.js in Chromium (WebGL renderer)** | **${e2eRate.toFixed(1)}** | **${(e2eRate / limit).toFixed(2)}** |`,
    `| the same with xterm.js's DOM renderer | ${e2eDomRate.toFixed(1)} | ${(e2eDomRate / limit).toFixed(2)} |`,
    '',
    '| run | renderer | end to end | longest main-thread stall | peak host RSS (host + shell) | peak page JS heap |',
    '| --- | --- | --- | --- | --- | --- |',
    ...[...e2e.map((r) => ['WebGL', r] as const), ...e2eDom.map((r) => ['DOM', r] as const)].map(
      ([name, r], i) => `| ${(i % THROUGHPUT_RUNS) + 1} | ${name} | ${r.seconds.toFixed(1)} s | ${r.longestStallMs.toFixed(0)} ms | ${mb(r.peakHostRss)} | ${r.peakPageHeap ? mb(r.peakPageHeap) : 'n/a'} |`,
    ),
    '',
    'Headless Chromium here has no GPU (`--disable-gpu`), so its WebGL is software-rendered (SwiftShader) on the same',
    'two cores as the pty and the host; on a machine with a GPU the WebGL renderer is the faster one.',
    '',
    'Flow control (pause the pty above 100 000 unacknowledged characters, resume below 5 000) keeps the host\'s memory',
    'flat however much a program prints: the output waits in the kernel, not in PyForge.',
    '',
    ...(await checksBench(app, Number(process.env.BENCH_CHECK_RUNS ?? 10))),
    ...(await nativeBench(Number(process.env.BENCH_NATIVE_RUNS ?? 5))),
    ...(await toolchainBench(Number(process.env.BENCH_PROVISION_RUNS ?? 3))),
  ];
  writeFileSync(path.join(repoRoot, 'bench', 'RESULTS.md'), lines.join('\n'));
  console.log(lines.join('\n'));
} finally {
  await app.stop();
}
