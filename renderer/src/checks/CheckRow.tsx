/**
 * One test of a check: its status (a symbol and a colour), its title as a sentence, the failure's first line
 * and where it failed. A click unfolds pytest's report and the test's captured output.
 */
import type { CheckTest } from '../../../electron/core/api';
import { firstLine } from '../editor/diagnostics';
import { formatDuration, formatLocation, STATUS_LABEL, STATUS_SYMBOL, type RowStatus, type SummaryStatus } from './checkView';

export function StatusIcon({ status }: { status: RowStatus | SummaryStatus }) {
  return (
    <span className={`check-icon status-${status}`} role="img" aria-label={STATUS_LABEL[status]} title={STATUS_LABEL[status]}>
      {STATUS_SYMBOL[status]}
    </span>
  );
}

/**
 * A place in the student's files is a link into the editor; a place in the lesson's own tests (read-only, not
 * in the workspace) is shown as text, so the student still knows which assertion failed.
 */
export function Location({
  workspaceFile,
  workspaceLine,
  file,
  line,
  onReveal,
}: {
  workspaceFile?: string | undefined;
  workspaceLine?: number | undefined;
  file?: string | undefined;
  line?: number | undefined;
  onReveal: (path: string, line: number) => void;
}) {
  if (workspaceFile) {
    return (
      <button
        className="check-location link-button"
        title={`Open ${formatLocation(workspaceFile, workspaceLine)} in the editor`}
        onClick={(e) => {
          e.stopPropagation();
          onReveal(workspaceFile, workspaceLine ?? 1);
        }}
      >
        {formatLocation(workspaceFile, workspaceLine)}
      </button>
    );
  }
  if (file) {
    return (
      <span className="check-location readonly" title="In the lesson's checks, which are read-only">
        {formatLocation(file, line)}
      </span>
    );
  }
  return null;
}

interface Props {
  test: CheckTest;
  expanded: boolean;
  onToggle: () => void;
  onReveal: (path: string, line: number) => void;
}

export function CheckRow({ test, expanded, onToggle, onReveal }: Props) {
  const message = test.message?.trim() ?? '';
  const multiLineMessage = message.includes('\n');
  const expandable = Boolean(test.details || test.output || multiLineMessage);
  return (
    <li className={`check-row status-${test.status}${expanded ? ' expanded' : ''}`} data-testid="check-row" data-status={test.status} data-nodeid={test.nodeid}>
      <div className="check-row-head">
        <button className="check-row-toggle" onClick={onToggle} disabled={!expandable} aria-expanded={expandable ? expanded : undefined}>
          <span className="check-chevron" aria-hidden>
            {expandable ? (expanded ? '▾' : '▸') : ''}
          </span>
          <StatusIcon status={test.status} />
          <span className="check-title">{test.title}</span>
          {message && <span className="check-message">{firstLine(message)}</span>}
        </button>
        <Location workspaceFile={test.workspaceFile} workspaceLine={test.workspaceLine} file={test.file} line={test.line} onReveal={onReveal} />
        <span className="check-duration muted">{formatDuration(test.durationMs)}</span>
      </div>
      {expanded && expandable && (
        <div className="check-row-body">
          {multiLineMessage && !test.details && <pre className="check-pre">{message}</pre>}
          {test.details && (
            <section>
              <h4>pytest's report</h4>
              <pre className="check-pre" data-testid="check-details">
                {test.details}
              </pre>
            </section>
          )}
          {test.output && (
            <section>
              <h4>
                Output{test.outputCapped && <span className="muted"> (too long: only its end is shown)</span>}
              </h4>
              <pre className="check-pre" data-testid="check-output">
                {test.output}
              </pre>
            </section>
          )}
        </div>
      )}
    </li>
  );
}
