/**
 * The timeline: one chart per section, a lane per thread (or task, or named lane), time running right. A
 * declared task's calls are bars, darker for the share of the call the thread was on a CPU (pale: sleeping, or
 * waiting for the GIL); the Python heartbeat's lane has a gap wherever no Python could run. A recorded span is
 * a bar with its label, nested spans go below their parent, and marks are ticks.
 *
 * Drawn by hand as positioned <div>s, as the flame graph is: lanes of bars need no chart library, and a <div>
 * per bar gives tests and screen readers something to find. Positions are percentages, so a resize is free.
 */
import { useMemo, type CSSProperties } from 'react';
import type { TimelineReport, TimelineSection } from '../../../electron/core/api';
import { layoutLanes, taskVerdict, timeFormat, timeRange, timeTicks, type LaneLayout } from './timelineLayout';

const ROW_HEIGHT = 20;
/** Beyond this many marks in a section their labels would overlap into noise: they keep only their tooltips. */
const MAX_MARK_LABELS = 40;

export function TimelineView({ timeline }: { timeline: TimelineReport }) {
  if (timeline.sections.length === 0) return <p className="view-summary muted">The script recorded nothing.</p>;
  // The colours of declared tasks' calls and heartbeat need a key; a script's own bars carry their labels.
  const hasTasks = timeline.sections.some((s) => s.lanes.some((l) => l.kind !== 'spans'));
  return (
    <div className="timeline-view" data-testid="timeline-view">
      {hasTasks && (
        <p className="timeline-legend muted">
          <span className="timeline-swatch call-cpu" /> on a CPU <span className="timeline-swatch call-wait" /> sleeping or waiting for the GIL
          <span className="timeline-swatch heartbeat" /> the heartbeat: Python could run
        </p>
      )}
      {timeline.sections.map((section, i) => (
        <TimelineSectionView key={i} section={section} />
      ))}
    </div>
  );
}

function TimelineSectionView({ section }: { section: TimelineSection }) {
  const lanes = useMemo(() => layoutLanes(section), [section]);
  const range = useMemo(() => timeRange(section), [section]);
  const steps = section.unit === 'steps';
  const ticks = useMemo(() => timeTicks(range.start, range.end, 8, steps ? 1 : 0), [range, steps]);
  const format = timeFormat(section);
  const verdict = taskVerdict(section);
  const share = (t: number): number => (t - range.start) / (range.end - range.start);
  const at = (t: number): string => `${share(t) * 100}%`;
  const showMarkLabels = section.marks.length <= MAX_MARK_LABELS;

  return (
    <section className="timeline-section" data-testid="timeline-section" data-shape={verdict?.shape}>
      <h3 className="view-heading">{section.title}</h3>
      {verdict && (
        <div className={`timeline-verdict shape-${verdict.shape}`} data-testid="timeline-verdict">
          <strong>{verdict.text}.</strong>
          {verdict.detail.map((line) => (
            <div key={line} className="muted">
              {line}
            </div>
          ))}
        </div>
      )}
      <div className="timeline-chart">
        <div className="timeline-axis">
          <div className="timeline-lane-name" />
          <div className="timeline-track">
            {ticks.map((t) => (
              <span key={t} className="timeline-tick" style={{ left: at(t) }}>
                {format.tick(t)}
              </span>
            ))}
          </div>
        </div>
        {lanes.map((lane) => (
          <Lane key={lane.name} lane={lane} at={at} share={share} ticks={ticks} showMarkLabels={showMarkLabels} format={format} />
        ))}
      </div>
      {section.dropped > 0 && <p className="muted">{section.dropped} more spans and marks were recorded than the view keeps; they are left out.</p>}
    </section>
  );
}

interface LaneProps {
  lane: LaneLayout;
  at: (t: number) => string;
  /** Where a time falls across the track, 0 to 1. */
  share: (t: number) => number;
  ticks: number[];
  showMarkLabels: boolean;
  format: ReturnType<typeof timeFormat>;
}

/** Past this share of the width a mark's label goes to its left, so the chart's edge does not cut it. */
const FLIP_LABEL_AT = 0.7;

function Lane({ lane, at, share, ticks, showMarkLabels, format }: LaneProps) {
  return (
    <div className={`timeline-lane kind-${lane.kind}`} data-testid="timeline-lane" data-lane={lane.name}>
      <div className="timeline-lane-name" title={lane.name}>
        {lane.name}
      </div>
      <div className="timeline-track" style={{ height: lane.rows * ROW_HEIGHT }}>
        {ticks.map((t) => (
          <span key={t} className="timeline-grid" style={{ left: at(t) }} />
        ))}
        {lane.spans.map((span, i) => {
          const wall = span.end - span.start;
          const cpuShare = span.cpu !== undefined && wall > 0 ? Math.min(1, span.cpu / wall) : null;
          const title =
            lane.kind === 'heartbeat'
              ? `Python ran, ${format.at(span.start)} to ${format.at(span.end)}`
              : `${span.label}: ${format.span(wall)} from ${format.at(span.start)}${span.cpu !== undefined ? `, ${format.span(span.cpu)} of it on a CPU` : ''}`;
          return (
            <div
              key={i}
              className="timeline-bar"
              data-testid="timeline-bar"
              title={title}
              style={{ left: at(span.start), width: `calc(${at(span.end)} - ${at(span.start)})`, top: span.depth * ROW_HEIGHT } as CSSProperties}
            >
              {cpuShare !== null && <span className="timeline-cpu" style={{ width: `${cpuShare * 100}%` }} />}
              {lane.kind === 'spans' && <span className="timeline-bar-label">{span.label}</span>}
            </div>
          );
        })}
        {lane.marks.map((mark, i) => (
          <div key={`m${i}`} className={`timeline-mark${share(mark.at) > FLIP_LABEL_AT ? ' label-left' : ''}`} data-testid="timeline-mark" title={`${mark.label} at ${format.at(mark.at)}`} style={{ left: at(mark.at) }}>
            {showMarkLabels && <span className="timeline-mark-label">{mark.label}</span>}
          </div>
        ))}
      </div>
    </div>
  );
}
