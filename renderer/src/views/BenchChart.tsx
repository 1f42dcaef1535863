/**
 * Time against size on log-log axes (a straight line's slope is the algorithm's order: 1 for linear, 2 for
 * quadratic), one series per implementation with its colour and marker shape; noisy medians are hollow. An
 * earlier run, when chosen, is drawn faint and dashed in the same colours, so "before and after" reads at a
 * glance. The cursor reports the times at the nearest size.
 */
import { useMemo } from 'react';
import uPlot from 'uplot';
import type { BenchChartData } from './benchData';
import { formatSecondsCompact, formatSize } from './format';
import { drawMarker, markerShape } from './markers';
import { UPlotChart, type ChartOptions } from './UPlotChart';
import { cssColor, seriesVar, useDocumentTheme } from './useDocumentTheme';

const HEIGHT = 320;

/** Whether a log axis split is a power of ten: only those get a grid line (1…9 in between would be a mesh). */
function isDecade(v: number): boolean {
  const exponent = Math.log10(v);
  return Math.abs(exponent - Math.round(exponent)) < 1e-9;
}

const decadesOnly = (_u: uPlot, splits: number[]): (number | null)[] => splits.map((v) => (v != null && isDecade(v) ? v : null));

interface Props {
  data: BenchChartData;
  /** Implementations switched off in the legend. */
  hidden: ReadonlySet<string>;
  /** The index of the size under the cursor (null when it leaves the chart). */
  onCursor: (index: number | null) => void;
}

export function BenchChart({ data, hidden, onCursor }: Props) {
  const theme = useDocumentTheme();

  const options = useMemo((): ChartOptions => {
    const fg = cssColor('--fg-muted', '#9d9d9d');
    const grid = cssColor('--border', '#3c3c3c');
    const background = cssColor('--bg', '#1e1e1e');
    const colours = data.latest.map((_, i) => cssColor(seriesVar(i), '#3794ff'));
    const axis = { stroke: fg, grid: { stroke: grid, width: 1, filter: decadesOnly }, ticks: { stroke: grid, width: 1 }, font: '12px system-ui, sans-serif', labelFont: '12px system-ui, sans-serif' };
    const series: uPlot.Series[] = [
      {},
      ...data.latest.map((s, i) => ({ label: s.implementation, stroke: colours[i], width: 2, spanGaps: true, show: !hidden.has(s.implementation), points: { show: false } })),
      ...data.earlier.map((s, i) => ({
        label: `${s.implementation} (earlier run)`,
        stroke: colours[i],
        width: 1.5,
        dash: [6, 5],
        alpha: 0.45,
        spanGaps: true,
        show: !hidden.has(s.implementation),
        points: { show: false },
      })),
    ];
    const drawMarkers = (u: uPlot): void => {
      // Not clipped to the plot: the axes end at the first and last sizes, and a marker there would be cut in half.
      const { ctx } = u;
      ctx.save();
      data.latest.forEach((s, i) => {
        if (hidden.has(s.implementation)) return;
        s.values.forEach((v, j) => {
          if (v === null) return;
          const x = u.valToPos(data.sizes[j]!, 'x', true);
          const y = u.valToPos(v, 'y', true);
          drawMarker(ctx, markerShape(i), x, y, { colour: colours[i]!, background, hollow: s.noisy[j] ?? false, pxRatio: uPlot.pxRatio });
        });
      });
      ctx.restore();
    };
    return {
      scales: { x: { time: false, distr: 3, log: 10 }, y: { distr: 3, log: 10 } },
      axes: [
        { ...axis, label: 'size n (log)', values: (_u, splits) => splits.map((v) => (v == null ? null : formatSize(v))) },
        { ...axis, label: 'time per call (log)', size: 72, values: (_u, splits) => splits.map((v) => (v == null ? null : formatSecondsCompact(v))) },
      ],
      series,
      legend: { show: false },
      cursor: { drag: { x: false, y: false }, points: { show: false } },
      hooks: {
        draw: [drawMarkers],
        setCursor: [(u) => onCursor(u.cursor.idx ?? null)],
      },
    };
    // The theme is read through CSS variables: a theme change must rebuild the options.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data, hidden, onCursor, theme]);

  const aligned = useMemo((): uPlot.AlignedData => [data.sizes, ...data.latest.map((s) => s.values), ...data.earlier.map((s) => s.values)], [data]);

  return <UPlotChart options={options} data={aligned} height={HEIGHT} className="bench-chart" label="Time per call against size, log-log, one line per implementation" />;
}
