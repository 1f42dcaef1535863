/** The open workspace's files as an indented tree; folders fold; a click opens the file in the editor. */
import { useMemo, useState } from 'react';
import type { FileEntry } from '../../../electron/core/api';

interface Props {
  label: string;
  entries: FileEntry[];
  truncated: boolean;
  activePath: string | null;
  onOpen: (path: string) => void;
  onRefresh: () => void;
}

function isHiddenBy(path: string, collapsed: Set<string>): boolean {
  for (let i = path.indexOf('/'); i !== -1; i = path.indexOf('/', i + 1)) if (collapsed.has(path.slice(0, i))) return true;
  return false;
}

export function FileTree({ label, entries, truncated, activePath, onOpen, onRefresh }: Props) {
  const [collapsed, setCollapsed] = useState<Set<string>>(new Set());
  const visible = useMemo(() => entries.filter((e) => !isHiddenBy(e.path, collapsed)), [entries, collapsed]);

  const toggle = (path: string): void =>
    setCollapsed((current) => {
      const next = new Set(current);
      if (!next.delete(path)) next.add(path);
      return next;
    });

  return (
    <div className="file-tree">
      <div className="pane-header">
        <span title={label}>{label}</span>
        <button className="icon-button" onClick={onRefresh} title="Refresh" aria-label="Refresh files">
          ↻
        </button>
      </div>
      <ul role="tree" aria-label="Workspace files">
        {visible.map((entry) => {
          const depth = entry.path.split('/').length - 1;
          const name = entry.path.slice(entry.path.lastIndexOf('/') + 1);
          const isDir = entry.kind === 'dir';
          return (
            <li
              key={entry.path}
              role="treeitem"
              aria-expanded={isDir ? !collapsed.has(entry.path) : undefined}
              aria-selected={entry.path === activePath}
              className={`tree-item${entry.path === activePath ? ' active' : ''}`}
              style={{ paddingLeft: 8 + depth * 14 }}
              data-path={entry.path}
              onClick={() => (isDir ? toggle(entry.path) : onOpen(entry.path))}
            >
              <span className="tree-icon" aria-hidden>
                {isDir ? (collapsed.has(entry.path) ? '▸' : '▾') : '·'}
              </span>
              {name}
            </li>
          );
        })}
        {entries.length === 0 && <li className="muted tree-empty">No files yet.</li>}
        {truncated && <li className="muted">… more files not shown</li>}
      </ul>
    </div>
  );
}
