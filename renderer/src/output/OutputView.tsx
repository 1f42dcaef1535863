/**
 * A build's or a run's output: monospace, stderr in the warning colour, and scrolled to the newest line as it
 * streams unless the student has scrolled up to read (then it stays where they are until they scroll back
 * down). A note above the text says how much earlier output was dropped to stay within the cap.
 */
import { useLayoutEffect, useRef, useSyncExternalStore, type ReactNode } from 'react';
import type { LiveOutput } from './liveOutput';
import { EMPTY_OUTPUT, formatChars, type OutputSnapshot } from './outputBuffer';

interface Props {
  /** The streaming output; null shows the empty state. */
  source: LiveOutput | null;
  /** What is shown when there is no output at all. */
  empty: ReactNode;
  /** A line after the output (the run's summary), scrolled with it. */
  footer?: ReactNode;
  testId: string;
}

/** How close to the bottom (in pixels) still counts as "at the bottom", so a rounding error never unsticks it. */
const STICK_SLACK_PX = 24;

const NO_SOURCE = (): (() => void) => () => undefined;
const NO_OUTPUT = (): OutputSnapshot => EMPTY_OUTPUT;

export function OutputView({ source, empty, footer, testId }: Props) {
  const output = useSyncExternalStore(source?.subscribe ?? NO_SOURCE, source?.getSnapshot ?? NO_OUTPUT);
  const scroller = useRef<HTMLDivElement>(null);
  const stick = useRef(true);

  useLayoutEffect(() => {
    const el = scroller.current;
    if (el && stick.current) el.scrollTop = el.scrollHeight;
  }, [output, footer]);

  const onScroll = (): void => {
    const el = scroller.current;
    if (el) stick.current = el.scrollHeight - el.scrollTop - el.clientHeight <= STICK_SLACK_PX;
  };

  const nothing = output.segments.length === 0 && output.droppedChars === 0;
  return (
    <div className="output-scroll" ref={scroller} onScroll={onScroll}>
      {output.droppedChars > 0 && <div className="output-dropped muted">… {formatChars(output.droppedChars)} of earlier output not kept</div>}
      {nothing ? (
        <div className="output-empty muted">{empty}</div>
      ) : (
        <pre className="output-text" data-testid={testId}>
          {output.segments.map((segment, i) => (
            <span key={i} className={`output-${segment.stream}`}>
              {segment.text}
            </span>
          ))}
        </pre>
      )}
      {footer}
    </div>
  );
}
