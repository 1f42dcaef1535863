/**
 * Lint as you type: every Python file open in the editor is sent to ruff (`lint.python`, on the unsaved text)
 * when it opens and LINT_DELAY_MS after the student stops typing; the answers become markers (owner
 * 'pyforge-lint': syntax errors red, findings yellow with ruff's code) and Problems rows. The scheduling rules
 * (debounce, one request in flight per file, stale answers dropped) live in lintScheduler.ts.
 */
import { useEffect, useMemo, useState } from 'react';
import { Limits, type ApiClient } from '../../../electron/core/api';
import { fromHostDiagnostics, type Diagnostic } from '../editor/diagnostics';
import type { EditorStore } from '../editor/editorStore';
import { LintScheduler } from './lintScheduler';

export const LINT_SOURCE = 'lint';
export const LINT_MARKER_OWNER = 'pyforge-lint';

export function isLintable(path: string): boolean {
  return /\.pyi?$/i.test(path);
}

/** The lint diagnostics of every open Python file, also set as the editor's markers. */
export function useLint(api: Pick<ApiClient, 'call'>, store: EditorStore): Diagnostic[] {
  const [byFile, setByFile] = useState<ReadonlyMap<string, Diagnostic[]>>(() => new Map());

  useEffect(() => {
    const scheduler = new LintScheduler<Diagnostic>({
      read: (path) => store.fileText(path),
      lint: async (path, content) => {
        // The host refuses a larger file at the boundary; such a file gets no live lint.
        if (content.length > Limits.MAX_FILE_BYTES) return [];
        const { diagnostics } = await api.call('lint.python', { path, content });
        return fromHostDiagnostics(LINT_SOURCE, diagnostics).filter((d) => d.file === path);
      },
      publish: (path, diagnostics) =>
        setByFile((current) => {
          if (diagnostics.length === 0 && !current.has(path)) return current;
          const next = new Map(current);
          if (diagnostics.length > 0) next.set(path, diagnostics);
          else next.delete(path);
          return next;
        }),
    });
    for (const tab of store.getSnapshot().tabs) if (isLintable(tab.path)) scheduler.opened(tab.path);
    const off = store.onDidChangeFile(({ path, kind }) => {
      if (!isLintable(path)) return;
      if (kind === 'opened') scheduler.opened(path);
      else if (kind === 'edited') scheduler.edited(path);
      else scheduler.closed(path);
    });
    return () => {
      off();
      scheduler.dispose();
    };
  }, [api, store]);

  const diagnostics = useMemo(() => [...byFile.values()].flat(), [byFile]);
  useEffect(() => store.setDiagnostics(LINT_MARKER_OWNER, diagnostics), [store, diagnostics]);
  return diagnostics;
}
