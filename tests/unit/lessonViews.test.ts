import { createElement, type ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import Markdown, { type ExtraProps } from 'react-markdown';
import { describe, expect, it } from 'vitest';
import { backupDate, backupLabel, backupSize, formatBytes } from '../../renderer/src/lessons/backupText.js';
import { alertTitle, remarkPlugins, runnableSnippet } from '../../renderer/src/lessons/markdownParts.js';
import { countsText, doneFraction, progressDetail, weekTitle } from '../../renderer/src/progress/status.js';

function html(markdown: string): string {
  return renderToStaticMarkup(createElement(Markdown, { remarkPlugins }, markdown));
}

/** The snippet each <pre> of the Markdown would run (null: no Run button). */
function snippets(markdown: string): (string | null)[] {
  const found: (string | null)[] = [];
  const pre = ({ node, children }: { children?: ReactNode } & ExtraProps): ReactNode => {
    found.push(runnableSnippet(node));
    return createElement('pre', null, children);
  };
  renderToStaticMarkup(createElement(Markdown, { remarkPlugins, components: { pre } }, markdown));
  return found;
}

describe('lesson Markdown', () => {
  it('turns a quote starting with [!NOTE] … [!CAUTION] into an alert with a title and an icon', () => {
    for (const kind of ['NOTE', 'TIP', 'IMPORTANT', 'WARNING', 'CAUTION']) {
      const out = html(`> [!${kind}]\n> Mind the **gap**.`);
      expect(out).toContain(`markdown-alert-${kind.toLowerCase()}`);
      expect(out).toContain('<svg');
      expect(out).toContain('<strong>gap</strong>');
      expect(out).not.toContain('[!');
      expect(out).not.toContain('<blockquote');
    }
    expect(alertTitle('WARNING')).toBe('Warning');
  });

  it('leaves ordinary quotes and unknown markers alone', () => {
    expect(html('> just a quote')).toContain('<blockquote>');
    expect(html('> [!HINT]\n> no such kind')).toContain('<blockquote>');
  });

  it('finds the code of python blocks whose info string has the word run', () => {
    const md = [
      '```python run',
      'def f():',
      '    return 1',
      '',
      'print(f())',
      '```',
      '',
      '```python',
      'print("read only")',
      '```',
      '',
      '```bash run',
      'ls',
      '```',
      '',
      '```python runner',
      'x = 1',
      '```',
    ].join('\n');
    expect(snippets(md)).toEqual(['def f():\n    return 1\n\nprint(f())', null, null, null]);
  });
});

describe('progress and backup texts', () => {
  const counts = { done: 2, inProgress: 1, notStarted: 1, total: 4 };

  it('counts and fractions', () => {
    expect(doneFraction(counts)).toBe(0.5);
    expect(doneFraction({ done: 0, inProgress: 0, notStarted: 0, total: 0 })).toBe(0);
    expect(countsText(counts)).toBe('2 of 4 done · 1 in progress');
    expect(countsText({ ...counts, inProgress: 0 })).toBe('2 of 4 done');
    expect(weekTitle(3)).toBe('Week 3');
    expect(weekTitle(null)).toBe('Other lessons');
  });

  it('describes what a student did', () => {
    expect(progressDetail(null)).toBe('not opened yet');
    expect(progressDetail({ attempts: 3, passed: true, hintsUsed: 1, solutionViewed: true })).toBe('3 check runs · 1 hint · solution viewed');
    expect(progressDetail({ attempts: 0, passed: false, hintsUsed: 0, solutionViewed: false })).toBe('opened, not checked yet');
  });

  it('sizes and dates of backups', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(3 * 1024 * 1024)).toBe('3.0 MB');
    expect(backupSize({ fileCount: 1, totalBytes: 10 })).toBe('1 file · 10 B');
    expect(backupSize({ fileCount: 2, totalBytes: 2048 })).toBe('2 files · 2.0 KB');
    expect(backupDate({ id: 'x', createdAt: '2026-03-02T10:15:00.000Z' }, 'en-GB')).toMatch(/2026/);
    expect(backupDate({ id: 'the-id', createdAt: 'not a date' })).toBe('the-id');
  });
});

describe('backup labels', () => {
  const older = { id: '20260302T101500123Z-a1b2c3', createdAt: '2026-03-02T10:15:00.123Z' };
  it('names the restored backup by its date, not its id', () => {
    expect(backupLabel({ label: 'before reset' }, [older])).toBe('before reset');
    expect(backupLabel({}, [older])).toBe('');
    const date = backupDate(older, 'en-GB');
    expect(backupLabel({ label: `before restoring ${older.id}` }, [older], 'en-GB')).toBe(`before restoring the backup of ${date}`);
    // Pruned from the list: the date is read from the id.
    expect(backupLabel({ label: `before restoring ${older.id}` }, [], 'en-GB')).toBe(`before restoring the backup of ${date}`);
    expect(backupLabel({ label: 'before restoring something-else' }, [])).toBe('before restoring something-else');
  });
});
