/**
 * The profile as an icicle flame graph: the whole run on top, each function below its caller, as wide as the
 * time spent in it and in what it calls. Click a frame of the student's own code to open it in the editor;
 * Shift+click zooms into a frame, the breadcrumb zooms back out.
 *
 * Drawn by hand as absolutely positioned <div>s, not with a library: d3-flame-graph (the maintained one) adds
 * 72 KB minified (25 KB gzipped) of d3 with its own DOM handling, colours and tooltip, all of which would be
 * fought to match the themes, and a canvas library gives no element per frame for tests and accessibility.
 * Widths are percentages, so a resize costs no re-layout; frames under MIN_FRAME_WIDTH are left out, and the
 * frames are one memoised list that hover and tooltip state never re-render, so ~2000 frames stay smooth.
 */
import { memo, useMemo, useState, type CSSProperties, type MouseEvent } from 'react';
import type { ProfileNode } from '../../../electron/core/api';
import { frameLabel, hashString, layoutFlame, maxDepth, nodeAt, pathTo, type FlameFrame } from './flameLayout';
import { formatProfileTime, formatShare } from './format';
import { workspaceRelative } from './sourcePath';

/** Pixels per level: room for one line of 11 px text. */
const ROW_HEIGHT = 18;

type FrameKind = 'root' | 'own' | 'library' | 'native';

interface DrawnFrame extends FlameFrame {
  label: string;
  kind: FrameKind;
  /** Workspace-relative file, when the frame is the student's code (then it links to the editor). */
  source: string | null;
  hue: number;
}

/** Hue ranges per kind, varied by the function's name: warm for the student's code, sand for libraries, blue for native. */
function hueFor(kind: FrameKind, name: string): number {
  const h = hashString(name);
  if (kind === 'own') return h % 40;
  if (kind === 'library') return 35 + (h % 20);
  if (kind === 'native') return 190 + (h % 35);
  return 0;
}

function describe(frame: FlameFrame, workspaceRoot: string | null): DrawnFrame {
  const { node } = frame;
  const source = node.native ? null : workspaceRelative(node.file, workspaceRoot);
  const kind: FrameKind = frame.key === '0' && !node.file ? 'root' : node.native ? 'native' : source ? 'own' : 'library';
  return { ...frame, label: frameLabel(node), kind, source, hue: hueFor(kind, node.name) };
}

const FlameFrames = memo(function FlameFrames({ frames }: { frames: readonly DrawnFrame[] }) {
  return frames.map((f) => (
    <div
      key={f.key}
      className={`flame-frame kind-${f.kind}${f.source ? ' has-source' : ''}`}
      data-testid="flame-frame"
      data-name={f.node.name}
      data-key={f.key}
      style={{ left: `${f.x * 100}%`, width: `${f.width * 100}%`, top: f.depth * ROW_HEIGHT, '--hue': f.hue } as CSSProperties}
    >
      {f.label}
    </div>
  ));
});

interface Hover {
  frame: DrawnFrame;
  x: number;
  y: number;
}

interface Props {
  tree: ProfileNode;
  workspaceRoot: string | null;
  onOpenSource?: (file: string, line: number) => void;
}

export function FlameGraph({ tree, workspaceRoot, onOpenSource }: Props) {
  const [focus, setFocus] = useState('0');
  const [hover, setHover] = useState<Hover | null>(null);
  const focusNode = nodeAt(tree, focus) ?? tree;
  const focusKey = focusNode === tree ? '0' : focus;
  const frames = useMemo(() => layoutFlame(focusNode, undefined, focusKey).map((f) => describe(f, workspaceRoot)), [focusNode, focusKey, workspaceRoot]);
  const byKey = useMemo(() => new Map(frames.map((f) => [f.key, f])), [frames]);
  const height = (maxDepth(frames) + 1) * ROW_HEIGHT;
  const total = tree.value;

  const frameAt = (e: MouseEvent): DrawnFrame | null => {
    const el = (e.target as HTMLElement).closest<HTMLElement>('[data-key]');
    return (el && byKey.get(el.dataset.key ?? '')) ?? null;
  };

  const onClick = (e: MouseEvent): void => {
    const frame = frameAt(e);
    if (!frame) return;
    if (e.shiftKey) {
      setFocus(frame.key);
      setHover(null);
    } else if (frame.source && frame.node.line && onOpenSource) {
      onOpenSource(frame.source, frame.node.line);
    }
  };

  const onMove = (e: MouseEvent): void => {
    const frame = frameAt(e);
    setHover(frame ? { frame, x: e.clientX, y: e.clientY } : null);
  };

  return (
    <div className="flame-section">
      <div className="flame-toolbar">
        <nav className="flame-breadcrumb" aria-label="Zoom">
          {focusKey === '0' ? <span className="muted">The whole run</span> : <Breadcrumb tree={tree} focusKey={focusKey} onFocus={setFocus} />}
        </nav>
        <span className="flame-legend muted">
          <span className="flame-swatch kind-own" /> your code <span className="flame-swatch kind-library" /> libraries{' '}
          <span className="flame-swatch kind-native" /> native (C, C++, Rust, builtins)
        </span>
      </div>
      <div className="flame-scroll">
        <div
          className={`flamegraph${onOpenSource ? ' can-open' : ''}`}
          data-testid="flamegraph"
          style={{ height }}
          onClick={onClick}
          onMouseMove={onMove}
          onMouseLeave={() => setHover(null)}
        >
          <FlameFrames frames={frames} />
        </div>
      </div>
      <p className="flame-hint muted">
        {onOpenSource ? 'Click a frame of your code to open it in the editor. ' : ''}Shift+click a frame to zoom in.
      </p>
      {hover && <FlameTooltip hover={hover} total={total} canOpen={!!onOpenSource} />}
    </div>
  );
}

/** Where the zoom is, from the root: every step but the last zooms out to it. */
function Breadcrumb({ tree, focusKey, onFocus }: { tree: ProfileNode; focusKey: string; onFocus: (key: string) => void }) {
  const path = pathTo(tree, focusKey);
  return path.map(({ key, node }, i) => (
    <span key={key}>
      {i > 0 && <span className="muted"> › </span>}
      {i === path.length - 1 ? (
        <span>{frameLabel(node)}</span>
      ) : (
        <button className="link-button" onClick={() => onFocus(key)}>
          {frameLabel(node)}
        </button>
      )}
    </span>
  ));
}

function FlameTooltip({ hover, total, canOpen }: { hover: Hover; total: number; canOpen: boolean }) {
  const { frame } = hover;
  const { node } = frame;
  const own = Math.max(0, node.value - node.children.reduce((sum, c) => sum + c.value, 0));
  const where = node.native
    ? `native code${node.module ? ` in ${node.module}` : ''}: the profiler cannot see inside it`
    : node.file
      ? `${frame.source ?? node.file}${node.line ? `:${node.line}` : ''}`
      : null;
  const action =
    frame.kind === 'root' ? null : frame.source && node.line ? (canOpen ? `Click to open ${frame.source}:${node.line}` : null) : 'Not in your workspace: no link to the editor';
  // Kept inside the window: a tooltip past the right edge near a wide frame's end would be cut off. Moved by a
  // transform on its own layer, so following the pointer repaints neither the graph nor the modal.
  const left = Math.min(hover.x + 14, window.innerWidth - 340);
  const top = hover.y + 18 + 120 > window.innerHeight ? hover.y - 130 : hover.y + 18;
  return (
    <div className="flame-tooltip" role="tooltip" style={{ transform: `translate(${left}px, ${top}px)` }}>
      <div className="flame-tooltip-name">{frame.label}</div>
      {where && <div className="flame-tooltip-where">{where}</div>}
      <div>
        {formatProfileTime(node.value)} · {formatShare(node.value, total)} of the run
      </div>
      {node.children.length > 0 && <div className="muted">of which in itself ≈ {formatProfileTime(own)}</div>}
      {action && <div className="muted">{action}</div>}
    </div>
  );
}
