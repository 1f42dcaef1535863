/** `node scripts/run-ts.mjs bench/nativeOnly.ts [runs]`: only the native-code benchmark, printed (not written). */
import { nativeBench } from './native.js';

console.log((await nativeBench(Number(process.argv[2] ?? 5))).join('\n'));
