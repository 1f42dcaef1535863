/** The exercise card's Check button with the running state and the last run's one-line result. */

export interface CheckState {
  running: boolean;
  status?: 'passed' | 'failed' | 'error' | 'cancelled';
  summary?: string;
}

const STATUS_SYMBOL: Record<NonNullable<CheckState['status']>, string> = { passed: '✓', failed: '✗', error: '!', cancelled: '–' };

interface Props {
  onCheck: () => void;
  check: CheckState | null;
}

export function CheckBar({ onCheck, check }: Props) {
  const running = check?.running ?? false;
  return (
    <div className="check-bar">
      <button className="primary-button" onClick={onCheck} disabled={running} data-testid="card-check-button" title="Run this exercise's checks">
        {running ? 'Checking…' : 'Check'}
      </button>
      <span className={`check-status${check?.status ? ` status-${check.status}` : ''}`} role="status" data-testid="card-check-status">
        {running ? (check?.summary ?? 'Running the checks…') : check?.status ? `${STATUS_SYMBOL[check.status]} ${check.summary ?? check.status}` : ''}
      </span>
    </div>
  );
}
