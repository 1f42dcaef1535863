/**
 * A benchmark: wrong answers first (a fast wrong answer is no speed-up), then the log-log chart with its legend
 * and an earlier run to compare with, then the speed-up of every implementation over the first one per size.
 */
import { useCallback, useMemo, useState } from 'react';
import type { BenchReport, Result } from '../../../electron/core/api';
import { BenchChart } from './BenchChart';
import { benchChartData, benchErrorText, disagreementText, earlierRuns, runGap, speedupTable, speedupText } from './benchData';
import { formatSeconds, formatSize } from './format';
import { markerPath, markerShape } from './markers';
import { seriesVar } from './useDocumentTheme';

interface Props {
  bench: BenchReport;
  history: Result<'bench.run'>['history'];
}

export function BenchmarkView({ bench, history }: Props) {
  const earlier = useMemo(() => earlierRuns(history, true), [history]);
  // The previous run is compared by default, also after Run again: "did my change help?" is the question then.
  const [compareAt, setCompareAt] = useState<string | null | 'previous'>('previous');
  const [hidden, setHidden] = useState<ReadonlySet<string>>(new Set());
  const [cursor, setCursor] = useState<number | null>(null);
  const compared = (compareAt === 'previous' ? earlier[0] : earlier.find((h) => h.at === compareAt)) ?? null;
  const data = useMemo(() => benchChartData(bench.implementations, bench.results, compared?.results ?? null), [bench, compared]);
  const table = useMemo(() => speedupTable(bench), [bench]);
  const latestAt = history[history.length - 1]?.at ?? '';
  const onCursor = useCallback((index: number | null) => setCursor(index), []);

  const toggle = (implementation: string): void =>
    setHidden((h) => {
      const next = new Set(h);
      if (!next.delete(implementation)) next.add(implementation);
      return next;
    });

  const cursorSize = cursor === null ? undefined : data.sizes[cursor];

  return (
    <div className="bench-view" data-testid="bench-view">
      {(bench.disagreements.length > 0 || bench.errors.length > 0) && (
        <div className="view-alert" role="alert">
          <strong>Not every implementation gives the same answer; those sizes were not timed for it.</strong>
          <ul>
            {bench.disagreements.map((d, i) => (
              <li key={`d${i}`} data-testid="bench-disagreement" data-implementation={d.implementation} data-size={d.size}>
                {disagreementText(d)}
              </li>
            ))}
            {bench.errors.map((e, i) => (
              <li key={`e${i}`} data-testid="bench-error" data-implementation={e.implementation} data-size={e.size}>
                {benchErrorText(e)}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="bench-controls">
        <ul className="bench-legend" aria-label="Implementations">
          {bench.implementations.map((name, i) => (
            <li key={name}>
              <button
                className={`bench-series${hidden.has(name) ? ' off' : ''}`}
                data-testid="bench-series"
                data-implementation={name}
                aria-pressed={!hidden.has(name)}
                title={hidden.has(name) ? `Show ${name}` : `Hide ${name}`}
                onClick={() => toggle(name)}
                style={{ color: `var(${seriesVar(i)})` }}
              >
                <svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true">
                  <path d={markerPath(markerShape(i))} fill="currentColor" />
                </svg>
                <span className="bench-series-name">{name}</span>
                {i === 0 && <span className="muted"> (reference)</span>}
              </button>
            </li>
          ))}
          <li className="muted bench-legend-note">hollow: noisy (repeats differed by more than 25 %)</li>
        </ul>
        <label className="bench-compare">
          Compare with{' '}
          <select value={compared?.at ?? ''} onChange={(e) => setCompareAt(e.target.value || null)} data-testid="bench-compare" disabled={earlier.length === 0}>
            <option value="">{earlier.length === 0 ? 'no earlier run' : 'nothing'}</option>
            {earlier.map((h, i) => (
              <option key={h.at} value={h.at}>
                {i === 0 ? 'the previous run' : 'an earlier run'} ({runGap(h.at, latestAt)} earlier)
              </option>
            ))}
          </select>
          {compared && <span className="muted"> (dashed)</span>}
        </label>
      </div>
      <div data-testid="bench-chart">
        {data.sizes.length > 0 ? (
          <BenchChart data={data} hidden={hidden} onCursor={onCursor} />
        ) : (
          <p className="muted">Nothing was timed: every size failed or disagreed (see above), or SIZES is empty.</p>
        )}
      </div>
      <p className="bench-readout muted" aria-live="off">
        {cursorSize === undefined
          ? 'Point at the chart to read the times at a size.'
          : `n=${formatSize(cursorSize)}: ` +
            data.latest
              .map((s, i) => {
                const v = s.values[cursor!];
                const before = data.earlier[i]?.values[cursor!];
                return `${s.implementation} ${v == null ? '–' : formatSeconds(v)}${before != null ? ` (was ${formatSeconds(before)})` : ''}`;
              })
              .join(' · ')}
      </p>
      <h3 className="view-heading">Speed-up over {table.reference ?? 'the first implementation'}</h3>
      <table className="speedup-table" data-testid="bench-speedup">
        <thead>
          <tr>
            <th className="numeric">n</th>
            {table.implementations.map((name, i) => (
              <th key={name} className="numeric" style={{ color: `var(${seriesVar(i)})` }}>
                {name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row) => (
            <tr key={row.size}>
              <td className="numeric">{formatSize(row.size)}</td>
              {row.cells.map((cell) => (
                <td key={cell.implementation} className={`numeric status-${cell.status}`}>
                  {cell.status === 'disagrees' ? (
                    <span className="bench-wrong">wrong answer</span>
                  ) : cell.status === 'error' ? (
                    <span className="bench-wrong">failed</span>
                  ) : cell.seconds === null ? (
                    <span className="muted">–</span>
                  ) : (
                    <>
                      {formatSeconds(cell.seconds)}
                      {cell.noisy && (
                        <span className="muted" title="Noisy: the repeats differed by more than 25 %">
                          {' '}
                          ~
                        </span>
                      )}
                      {cell.speedup !== null && <SpeedupBadge speedup={cell.speedup} />}
                    </>
                  )}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p className="muted bench-footnote">
        Median of {bench.results[0]?.repeats ?? 5} repeats per point; the benchmark took {formatSeconds(bench.seconds)}.
      </p>
    </div>
  );
}

function SpeedupBadge({ speedup }: { speedup: number }) {
  const { text, direction } = speedupText(speedup);
  return <span className={`speedup speedup-${direction}`}>{text}</span>;
}
