/**
 * The child process of tests/integration/progressCrash.test.ts, run with `node scripts/run-ts.mjs`:
 * records checks through a real ProgressStore and prints each count once its write has returned.
 *
 *   progressWriter.ts DATA_DIR COURSE EXERCISE [COUNT]   (no COUNT: forever, until killed)
 *
 * Prints `pid N` first: run-ts.mjs runs this in a grandchild, so the test needs this pid to kill the writer
 * itself. Output uses writeSync so a printed count is never still sitting in a buffer when the kill lands.
 */
import { writeSync } from 'node:fs';
import { ProgressStore } from '../../electron/core/progress/store.js';

const [dataDir, courseId, exerciseId, countArg] = process.argv.slice(2);
if (!dataDir || !courseId || !exerciseId) {
  writeSync(2, 'usage: progressWriter.ts DATA_DIR COURSE EXERCISE [COUNT]\n');
  process.exit(2);
}
const count = countArg === undefined ? Infinity : Number(countArg);
writeSync(1, `pid ${process.pid}\n`);
const store = new ProgressStore(dataDir);
for (let i = 0; i < count; i++) {
  const entry = await store.recordCheck(courseId, exerciseId, 'lesson', i % 7 === 3 ? 'passed' : 'failed');
  writeSync(1, `confirmed ${entry.attempts}\n`);
}
