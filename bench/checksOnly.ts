/** `node scripts/run-ts.mjs bench/checksOnly.ts [runs]`: only the checks benchmark, printed (not written). */
import { startWebApp } from '../tests/support/webApp.js';
import { checksBench } from './checks.js';

const app = await startWebApp();
try {
  console.log((await checksBench(app, Number(process.argv[2] ?? 5))).join('\n'));
} finally {
  await app.stop();
}
