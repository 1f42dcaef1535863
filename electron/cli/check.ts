/** `npm run check -- <exercise> [--workspace DIR | --starter | --solution] [--json]`: see checkCommand.ts. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCheckCommand } from './checkCommand.js';

const appRoot = process.env.PYFORGE_RESOURCES_DIR ?? path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
process.exitCode = await runCheckCommand(process.argv.slice(2), appRoot);
