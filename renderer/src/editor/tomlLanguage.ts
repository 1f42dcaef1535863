/**
 * A Monarch tokenizer for TOML (Cargo.toml, pyproject.toml): Monaco ships none. Covers tables, keys, strings
 * (basic, literal, multi-line), numbers, booleans, dates and comments: enough for highlighting, not validation.
 */
import type * as Monaco from 'monaco-editor';

export const tomlLanguage: Monaco.languages.IMonarchLanguage = {
  defaultToken: '',
  tokenPostfix: '.toml',
  escapes: /\\(?:[btnfr"\\]|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8})/,
  tokenizer: {
    root: [
      [/^\s*\[\[[^\]]*\]\]/, 'type'],
      [/^\s*\[[^\]]*\]/, 'type'],
      [/#.*$/, 'comment'],
      [/[A-Za-z0-9_.-]+(?=\s*=)/, 'key'],
      [/"(?=[^"]*"?\s*=)/, 'key', '@keyString'],
      { include: '@values' },
    ],
    values: [
      [/"""/, 'string', '@multiBasic'],
      [/'''/, 'string', '@multiLiteral'],
      [/"/, 'string', '@basic'],
      [/'[^']*'/, 'string'],
      [/\b(true|false)\b/, 'keyword'],
      [/\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?/, 'number'],
      [/[+-]?(?:inf|nan)\b/, 'number'],
      [/[+-]?0x[0-9A-Fa-f_]+|[+-]?0o[0-7_]+|[+-]?0b[01_]+/, 'number'],
      [/[+-]?\d[\d_]*(?:\.\d[\d_]*)?(?:[eE][+-]?\d+)?/, 'number'],
      [/[{}[\],=]/, 'delimiter'],
    ],
    keyString: [
      [/[^"]+/, 'key'],
      [/"/, 'key', '@pop'],
    ],
    basic: [
      [/[^\\"]+/, 'string'],
      [/@escapes/, 'string.escape'],
      [/\\./, 'string.escape.invalid'],
      [/"/, 'string', '@pop'],
    ],
    multiBasic: [
      [/"""/, 'string', '@pop'],
      [/@escapes/, 'string.escape'],
      [/./, 'string'],
    ],
    multiLiteral: [
      [/'''/, 'string', '@pop'],
      [/./, 'string'],
    ],
  },
};
