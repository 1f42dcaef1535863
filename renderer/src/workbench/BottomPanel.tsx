/**
 * The panel under the editor: Terminal | Checks | Problems (N). Every view stays mounted and the hidden ones
 * are hidden with CSS, so the terminals keep running (and keep their scrollback) while the checks are shown.
 */
import type { ReactNode } from 'react';
import { StatusIcon } from '../checks/CheckRow';
import type { SummaryStatus } from '../checks/checkView';

export type BottomTab = 'terminal' | 'checks' | 'problems';

interface Props {
  tab: BottomTab;
  onTab: (tab: BottomTab) => void;
  checkStatus: SummaryStatus;
  problemCount: number;
  terminal: ReactNode;
  checks: ReactNode;
  problems: ReactNode;
  /** Buttons at the right of the tab bar, at hand whichever tab is shown (Check, Watch). */
  actions: ReactNode;
}

export function BottomPanel({ tab, onTab, checkStatus, problemCount, terminal, checks, problems, actions }: Props) {
  const tabButton = (id: BottomTab, label: ReactNode) => (
    <button
      role="tab"
      id={`bottom-tab-${id}`}
      aria-selected={tab === id}
      aria-controls={`bottom-view-${id}`}
      className={`bottom-tab${tab === id ? ' active' : ''}`}
      data-testid={`${id}-tab`}
      onClick={() => onTab(id)}
    >
      {label}
    </button>
  );
  const view = (id: BottomTab, content: ReactNode) => (
    <div role="tabpanel" id={`bottom-view-${id}`} aria-labelledby={`bottom-tab-${id}`} className="bottom-view" data-active={tab === id}>
      {content}
    </div>
  );
  return (
    <div className="bottom-panel">
      <div className="bottom-tabs" role="tablist" aria-label="Panels">
        {tabButton('terminal', 'Terminal')}
        {tabButton(
          'checks',
          <>
            Checks {checkStatus !== 'none' && <StatusIcon status={checkStatus} />}
          </>,
        )}
        {tabButton('problems', `Problems (${problemCount})`)}
        <span className="bottom-tabs-spacer" />
        {actions}
      </div>
      <div className="bottom-views">
        {view('terminal', terminal)}
        {view('checks', checks)}
        {view('problems', problems)}
      </div>
    </div>
  );
}
