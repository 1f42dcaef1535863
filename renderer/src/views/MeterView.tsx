/**
 * The leak meter: the verdict in words, then two charts over the calls. The first is the arguments' total
 * refcount change: flat at 0 when the C code balances every Py_INCREF, a line rising by one per call with one
 * Py_DECREF missing. The second is what the allocator holds (blocks, left axis) and what tracemalloc traced
 * (bytes, right axis): a leaked temporary shows there even when the arguments' counts are right.
 */
import { useMemo } from 'react';
import type uPlot from 'uplot';
import type { MeterReport } from '../../../electron/core/api';
import { formatBytes, formatCount } from './format';
import { meterVerdict } from './meterVerdict';
import { UPlotChart, type ChartOptions } from './UPlotChart';
import { cssColor, seriesVar, useDocumentTheme } from './useDocumentTheme';

const HEIGHT = 220;

function axisStyle() {
  const fg = cssColor('--fg-muted', '#9d9d9d');
  const grid = cssColor('--border', '#3c3c3c');
  return { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font: '12px system-ui, sans-serif', labelFont: '12px system-ui, sans-serif' };
}

const countValues = (_u: uPlot, splits: number[]): (string | null)[] => splits.map((v) => (v == null ? null : formatCount(v)));
const cursor: uPlot.Cursor = { drag: { x: false, y: false } };
/** Whole steps only: a refcount or a block count of 0.5 means nothing. */
const wholeSteps = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000, 1_000_000];

export function MeterView({ meter }: { meter: MeterReport }) {
  const theme = useDocumentTheme();
  const verdict = meterVerdict(meter);
  const calls = useMemo(() => meter.series.map((p) => p.calls), [meter]);

  const refData = useMemo((): uPlot.AlignedData => [calls, meter.series.map((p) => p.refcountChange)], [calls, meter]);
  const memoryData = useMemo((): uPlot.AlignedData => [calls, meter.series.map((p) => p.allocatedBlocks), meter.series.map((p) => p.tracedBytes)], [calls, meter]);

  const refOptions = useMemo((): ChartOptions => {
    const axis = axisStyle();
    const colour = cssColor(meter.leaksReferences ? '--check-fail' : '--check-pass', '#3fb950');
    return {
      scales: { x: { time: false }, y: { range: (_u, min, max) => [Math.min(min, -1), Math.max(max, 1)] } },
      axes: [
        { ...axis, label: 'calls', values: countValues },
        { ...axis, label: 'refcount change', size: 64, incrs: wholeSteps, values: countValues },
      ],
      series: [{ label: 'calls' }, { label: 'refcount change', stroke: colour, width: 2, points: { show: false } }],
      legend: { show: true, live: true },
      cursor,
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [meter.leaksReferences, theme]);

  const memoryOptions = useMemo((): ChartOptions => {
    const axis = axisStyle();
    const blocks = cssColor(seriesVar(0), '#3794ff');
    const bytes = cssColor(seriesVar(1), '#e69f00');
    return {
      scales: { x: { time: false }, blocks: { range: (_u, min, max) => [Math.min(min, 0), Math.max(max, 10)] }, bytes: { range: (_u, min, max) => [Math.min(min, 0), Math.max(max, 1024)] } },
      axes: [
        { ...axis, label: 'calls', values: countValues },
        { ...axis, scale: 'blocks', label: 'allocated blocks', size: 64, stroke: blocks, incrs: wholeSteps, values: countValues },
        { ...axis, scale: 'bytes', label: 'traced memory', side: 1, size: 76, stroke: bytes, grid: { show: false }, values: (_u, splits) => splits.map((v) => (v == null ? null : formatBytes(v))) },
      ],
      series: [
        { label: 'calls' },
        { label: 'allocated blocks', scale: 'blocks', stroke: blocks, width: 2, points: { show: false } },
        { label: 'traced bytes', scale: 'bytes', stroke: bytes, width: 2, dash: [6, 4], points: { show: false }, value: (_u, v) => (v == null ? '--' : formatBytes(v)) },
      ],
      legend: { show: true, live: true },
      cursor,
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [theme]);

  return (
    <div className="meter-view" data-testid="meter-view">
      <div className={`meter-verdict ${verdict.leaks ? 'leaks' : 'clean'}`} data-testid="meter-verdict" data-leaks={String(verdict.leaks)} role="status">
        <span className="meter-verdict-icon" aria-hidden="true">
          {verdict.leaks ? '✗' : '✓'}
        </span>
        <div>
          <div className="meter-verdict-text">{verdict.text}</div>
          <div className="muted">{verdict.detail}</div>
        </div>
      </div>
      <div className="meter-charts" data-testid="meter-chart">
        <figure>
          <figcaption>Refcount change of the arguments, over the calls (0 when every reference is given back)</figcaption>
          <UPlotChart options={refOptions} data={refData} height={HEIGHT} label="Refcount change over the calls" />
        </figure>
        <figure>
          <figcaption>Memory held, over the calls</figcaption>
          <UPlotChart options={memoryOptions} data={memoryData} height={HEIGHT} label="Allocated blocks and traced bytes over the calls" />
        </figure>
      </div>
    </div>
  );
}
