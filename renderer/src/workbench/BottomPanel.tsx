/**
 * The panel under the editor: Terminal | Run | Build | Checks | Problems (N). Every view stays mounted and the
 * hidden ones are hidden with CSS, so the terminals keep running (and keep their scrollback) while the checks
 * are shown, and a build's output keeps streaming while the terminal is. A view can be left out (Build, for an
 * exercise without native code).
 */
import type { ReactNode } from 'react';

export type BottomTab = 'terminal' | 'run' | 'build' | 'checks' | 'problems';

export interface BottomView {
  id: BottomTab;
  label: ReactNode;
  content: ReactNode;
  /** Left out of the tab bar (and unmounted). */
  absent?: boolean;
}

interface Props {
  tab: BottomTab;
  onTab: (tab: BottomTab) => void;
  views: BottomView[];
  /** Buttons at the right of the tab bar, at hand whichever tab is shown (Build, Check, Watch). */
  actions: ReactNode;
}

export function BottomPanel({ tab, onTab, views, actions }: Props) {
  const present = views.filter((v) => !v.absent);
  // The chosen tab may have gone (another exercise has nothing to build): show the first one instead.
  const shown = present.some((v) => v.id === tab) ? tab : present[0]?.id;
  return (
    <div className="bottom-panel">
      <div className="bottom-tabs" role="tablist" aria-label="Panels">
        {present.map((v) => (
          <button
            key={v.id}
            role="tab"
            id={`bottom-tab-${v.id}`}
            aria-selected={shown === v.id}
            aria-controls={`bottom-view-${v.id}`}
            className={`bottom-tab${shown === v.id ? ' active' : ''}`}
            data-testid={`${v.id}-tab`}
            onClick={() => onTab(v.id)}
          >
            {v.label}
          </button>
        ))}
        <span className="bottom-tabs-spacer" />
        {actions}
      </div>
      <div className="bottom-views">
        {present.map((v) => (
          <div key={v.id} role="tabpanel" id={`bottom-view-${v.id}`} aria-labelledby={`bottom-tab-${v.id}`} className="bottom-view" data-active={shown === v.id}>
            {v.content}
          </div>
        ))}
      </div>
    </div>
  );
}
