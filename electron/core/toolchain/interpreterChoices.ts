/**
 * The interpreter a student picked for a workspace, remembered across restarts in one small JSON file in the
 * data folder (never inside the workspace, which is the student's code). Keyed by the workspace's folder;
 * a workspace without an entry uses the app's default interpreter.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../workspace/atomicWrite.js';

type Choices = Record<string, string>;

export class InterpreterChoices {
  private readonly file: string;
  /** Writes run one after another, so two quick choices cannot interleave and lose one. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(dataDir: string) {
    this.file = path.join(dataDir, 'settings', 'interpreters.json');
  }

  private async read(): Promise<Choices> {
    try {
      const value: unknown = JSON.parse(await fs.readFile(this.file, 'utf8'));
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
      return Object.fromEntries(Object.entries(value).filter((e): e is [string, string] => typeof e[1] === 'string'));
    } catch {
      return {}; // missing or damaged: every workspace falls back to the default
    }
  }

  /** The executable chosen for `workspaceRoot`, or null for the default. */
  async get(workspaceRoot: string): Promise<string | null> {
    await this.queue;
    return (await this.read())[workspaceRoot] ?? null;
  }

  /** Remembers `executable` for `workspaceRoot`; null goes back to the default. */
  set(workspaceRoot: string, executable: string | null): Promise<void> {
    const write = this.queue.then(async () => {
      const choices = await this.read();
      if (executable === null) delete choices[workspaceRoot];
      else choices[workspaceRoot] = executable;
      await fs.mkdir(path.dirname(this.file), { recursive: true });
      await writeFileAtomic(this.file, `${JSON.stringify(choices, null, 2)}\n`);
    });
    this.queue = write.catch(() => undefined);
    return write;
  }
}
