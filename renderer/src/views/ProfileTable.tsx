/**
 * The profile's functions as a table: own time (in the function itself), total time (with what it calls) and
 * calls, each with its share of the run; a header click sorts. A row of the student's own code opens it in the
 * editor (click, or Enter). Only the first rows are drawn until asked: a profile that imports numpy lists
 * thousands of functions, and the answer is nearly always in the top hundred.
 */
import { useMemo, useState, type KeyboardEvent } from 'react';
import { frameLabel } from './flameLayout';
import { formatProfileTime, formatShare } from './format';
import { callsText, DEFAULT_SORT, nextSort, sortFunctions, type ProfileFunction, type SortKey, type SortOrder } from './profileTable';
import { shortPath, workspaceRelative } from './sourcePath';

const FIRST_ROWS = 150;

const COLUMNS: { key: SortKey; label: string; title: string; numeric: boolean }[] = [
  { key: 'name', label: 'Function', title: 'The function, and where it is defined', numeric: false },
  { key: 'ownTime', label: 'Own time', title: 'Time in the function itself, without what it calls', numeric: true },
  { key: 'totalTime', label: 'Total time', title: 'Time in the function and in everything it calls', numeric: true },
  { key: 'calls', label: 'Calls', title: 'How many times it was called (all calls/calls from outside a recursion)', numeric: true },
];

interface Props {
  functions: readonly ProfileFunction[];
  /** The run's profiled time, for the shares. */
  total: number;
  workspaceRoot: string | null;
  onOpenSource?: (file: string, line: number) => void;
}

export function ProfileTable({ functions, total, workspaceRoot, onOpenSource }: Props) {
  const [order, setOrder] = useState<SortOrder>(DEFAULT_SORT);
  const [onlyMine, setOnlyMine] = useState(false);
  const [showAll, setShowAll] = useState(false);

  const rows = useMemo(() => {
    const withSource = functions.map((f) => ({ ...f, source: f.native ? null : workspaceRelative(f.file, workspaceRoot) }));
    return sortFunctions(onlyMine ? withSource.filter((f) => f.source) : withSource, order);
  }, [functions, workspaceRoot, onlyMine, order]);
  const shown = showAll ? rows : rows.slice(0, FIRST_ROWS);

  const open = (row: (typeof rows)[number]): void => {
    if (row.source && row.line && onOpenSource) onOpenSource(row.source, row.line);
  };
  const onKey = (e: KeyboardEvent, row: (typeof rows)[number]): void => {
    if (e.key === 'Enter') open(row);
  };

  return (
    <div className="profile-table-section">
      <div className="profile-table-toolbar">
        <label className="watch-toggle">
          <input type="checkbox" checked={onlyMine} onChange={(e) => setOnlyMine(e.target.checked)} data-testid="profile-only-mine" />
          Only functions in your workspace
        </label>
        <span className="muted">
          {rows.length} function{rows.length === 1 ? '' : 's'}
        </span>
      </div>
      <table className="profile-table" data-testid="profile-table">
        <thead>
          <tr>
            {COLUMNS.map((c) => (
              <th key={c.key} className={c.numeric ? 'numeric' : undefined} aria-sort={order.key === c.key ? (order.descending ? 'descending' : 'ascending') : 'none'}>
                <button className="sort-button" title={c.title} onClick={() => setOrder((o) => nextSort(o, c.key))} data-sort={c.key}>
                  {c.label}
                  <span className="sort-arrow" aria-hidden="true">
                    {order.key === c.key ? (order.descending ? ' ▼' : ' ▲') : ''}
                  </span>
                </button>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {shown.map((row) => {
            const linked = !!(row.source && row.line && onOpenSource);
            const location = row.native ? (row.module ?? 'native') : row.file ? `${row.source ?? shortPath(row.file)}${row.line ? `:${row.line}` : ''}` : '';
            return (
              <tr
                key={`${row.file ?? '~'}:${row.line ?? 0}:${row.name}`}
                className={`profile-row${linked ? ' has-source' : ''}${row.native ? ' native' : ''}`}
                data-testid="profile-row"
                data-name={row.name}
                tabIndex={linked ? 0 : undefined}
                onClick={() => open(row)}
                onKeyDown={(e) => onKey(e, row)}
                title={linked ? `Open ${row.source}:${row.line}` : (row.file ?? undefined)}
              >
                <td className="profile-function">
                  <span className="profile-name">{frameLabel(row)}</span> <span className={row.source ? 'profile-location own' : 'profile-location muted'}>{location}</span>
                </td>
                <td className="numeric">
                  {formatProfileTime(row.ownTime)} <span className="muted">{formatShare(row.ownTime, total)}</span>
                </td>
                <td className="numeric">
                  {formatProfileTime(row.totalTime)} <span className="muted">{formatShare(row.totalTime, total)}</span>
                </td>
                <td className="numeric">{callsText(row)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {rows.length > shown.length && (
        <button className="link-button profile-show-all" onClick={() => setShowAll(true)}>
          Show all {rows.length} functions
        </button>
      )}
    </div>
  );
}
