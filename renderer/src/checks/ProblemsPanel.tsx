/**
 * The Problems tab: every diagnostic with a place in the student's files, whatever reported it (the checks
 * now; compilers and linters add their lists later), errors first. A click opens the file at the line.
 */
import { compareDiagnostics, type Diagnostic } from '../editor/diagnostics';
import { formatLocation } from './checkView';

interface Props {
  diagnostics: Diagnostic[];
  onReveal: (path: string, line: number, column?: number) => void;
}

const SEVERITY_SYMBOL: Record<Diagnostic['severity'], string> = { error: '✗', warning: '!', info: 'i' };

export function ProblemsPanel({ diagnostics, onReveal }: Props) {
  const sorted = [...diagnostics].sort(compareDiagnostics);
  return (
    <div className="problems-panel" data-testid="problems-panel">
      {sorted.length === 0 ? (
        <div className="panel-empty muted">No problems in your files.</div>
      ) : (
        <ul className="problem-rows" aria-label="Problems">
          {sorted.map((d, i) => (
            <li key={`${d.source}:${d.file}:${d.line}:${i}`}>
              <button
                className={`problem-row severity-${d.severity}`}
                data-testid="problem-row"
                data-severity={d.severity}
                data-file={d.file}
                data-line={d.line}
                onClick={() => onReveal(d.file, d.line, d.column)}
              >
                <span className={`check-icon severity-${d.severity}`} role="img" aria-label={d.severity}>
                  {SEVERITY_SYMBOL[d.severity]}
                </span>
                <span className="problem-message">{d.message}</span>
                <span className="problem-source muted">{d.source}</span>
                <span className="problem-location">{formatLocation(d.file, d.line) + (d.column ? `:${d.column}` : '')}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
