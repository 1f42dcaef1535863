/**
 * Monaco, loaded from the bundle (never a CDN) with its worker bundled as a local file, so the editor works
 * offline. Registers what Monaco lacks (TOML) and maps file names to languages.
 */
import * as monaco from 'monaco-editor';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import { tomlLanguage } from './tomlLanguage';

// Only the generic editor worker ships: PyForge uses no TypeScript/CSS/HTML/JSON language services, whose
// workers weigh megabytes; their basic highlighting still works without them.
self.MonacoEnvironment = { getWorker: () => new EditorWorker() };

monaco.languages.register({ id: 'toml', extensions: ['.toml'], aliases: ['TOML'], filenames: ['Cargo.lock'] });
monaco.languages.setMonarchTokensProvider('toml', tomlLanguage);
monaco.languages.setLanguageConfiguration('toml', {
  comments: { lineComment: '#' },
  brackets: [
    ['[', ']'],
    ['{', '}'],
  ],
  autoClosingPairs: [
    { open: '[', close: ']' },
    { open: '{', close: '}' },
    { open: '"', close: '"' },
    { open: "'", close: "'" },
  ],
});

const LANGUAGE_BY_EXTENSION: Record<string, string> = {
  py: 'python',
  pyi: 'python',
  c: 'c',
  h: 'c',
  cc: 'cpp',
  cpp: 'cpp',
  cxx: 'cpp',
  hpp: 'cpp',
  hh: 'cpp',
  rs: 'rust',
  toml: 'toml',
  md: 'markdown',
  yaml: 'yaml',
  yml: 'yaml',
  json: 'json',
  sh: 'shell',
  ini: 'ini',
  cfg: 'ini',
  txt: 'plaintext',
};

export function languageForPath(path: string): string {
  const ext = path.includes('.') ? path.slice(path.lastIndexOf('.') + 1).toLowerCase() : '';
  return LANGUAGE_BY_EXTENSION[ext] ?? 'plaintext';
}

/** Highlights a code snippet with the editor's own tokenizer, so lessons look like the editor. */
export async function colorize(code: string, language: string): Promise<string> {
  const id = LANGUAGE_BY_EXTENSION[language] ?? (monaco.languages.getLanguages().some((l) => l.id === language) ? language : 'plaintext');
  return monaco.editor.colorize(code, id, { tabSize: 4 });
}

export { monaco };
