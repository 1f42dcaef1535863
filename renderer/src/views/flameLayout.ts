/**
 * The flame graph's geometry, apart from drawing it: an icicle (the root on top, callees below) where a frame's
 * width is its share of the time. Pure, so the layout is unit-tested without a DOM.
 *
 * cProfile's tree is rebuilt from caller/callee edges, so a node's children can add up to a little more than
 * the node itself (recursion cut, rounding): they are then scaled to fit, never drawn past their parent.
 */
import type { ProfileNode } from '../../../electron/core/api';

export interface FlameFrame {
  /** Stable within one tree: the path of child indexes from the root ("0", "0.2.1"). */
  key: string;
  node: ProfileNode;
  /** 0 for the root. */
  depth: number;
  /** Left edge and width as fractions of the root's width, 0..1. */
  x: number;
  width: number;
}

/**
 * Frames narrower than this share of the whole are left out with everything below them: at 1200 px it is
 * under a pixel, so nothing visible is lost, and a profile of thousands of tiny calls stays a few thousand
 * elements at most.
 */
export const MIN_FRAME_WIDTH = 0.0005;

/**
 * Every frame worth drawing, parents before children, left to right. `rootKey` is the key of `root` in the
 * whole tree, when a zoomed-in subtree is laid out, so keys stay the same whatever the zoom.
 */
export function layoutFlame(root: ProfileNode, minWidth = MIN_FRAME_WIDTH, rootKey = '0'): FlameFrame[] {
  const frames: FlameFrame[] = [];
  const place = (node: ProfileNode, key: string, depth: number, x: number, width: number): void => {
    frames.push({ key, node, depth, x, width });
    const sum = node.children.reduce((total, child) => total + Math.max(0, child.value), 0);
    if (!(sum > 0) || !(node.value > 0)) return;
    // Scale = width per second of this node; shrunk when the children overflow their parent.
    const scale = (width / node.value) * Math.min(1, node.value / sum);
    let left = x;
    node.children.forEach((child, i) => {
      const w = Math.max(0, child.value) * scale;
      if (w >= minWidth) place(child, `${key}.${i}`, depth + 1, left, w);
      left += w;
    });
  };
  place(root, rootKey, 0, 0, 1);
  return frames;
}

/** The deepest frame's depth (0 for a lone root). */
export function maxDepth(frames: readonly FlameFrame[]): number {
  return frames.reduce((deepest, f) => Math.max(deepest, f.depth), 0);
}

/** The node at `key` ("0.2.1") in the tree, or null when the tree has changed under it. */
export function nodeAt(root: ProfileNode, key: string): ProfileNode | null {
  const [first, ...rest] = key.split('.');
  if (first !== '0') return null;
  let node: ProfileNode | undefined = root;
  for (const part of rest) {
    node = node?.children[Number(part)];
    if (!node) return null;
  }
  return node;
}

/** The nodes from the root down to `key`, for the zoom's breadcrumb. */
export function pathTo(root: ProfileNode, key: string): { key: string; node: ProfileNode }[] {
  const parts = key.split('.');
  const path: { key: string; node: ProfileNode }[] = [];
  for (let i = 1; i <= parts.length; i += 1) {
    const k = parts.slice(0, i).join('.');
    const node = nodeAt(root, k);
    if (!node) break;
    path.push({ key: k, node });
  }
  return path;
}

// cProfile names native functions "<built-in method math.sqrt>" and "<method 'append' of 'list' objects>".
const BUILTIN = /^<built-in method (?:builtins\.)?([\w.]+)>$/;
const METHOD = /^<method '(\w+)' of '([\w.]+)' objects>$/;
const FUNCTION = /^<function ([\w.]+)(?: at 0x[0-9a-f]+)?>$/;

/** A native function's readable name: "math.sqrt", "list.append", "len". */
export function nativeName(name: string): string {
  const builtin = BUILTIN.exec(name);
  if (builtin) return builtin[1]!;
  const method = METHOD.exec(name);
  if (method) return `${method[2]}.${method[1]}`;
  const fn = FUNCTION.exec(name);
  if (fn) return fn[1]!;
  return name;
}

function basename(file: string): string {
  return file.replace(/\\/g, '/').split('/').pop() ?? file;
}

/** What a frame or a table row is called: "[native] math.sqrt", "<module> run.py", "featurize". */
export function frameLabel(node: Pick<ProfileNode, 'name' | 'file' | 'native'>): string {
  if (node.native) return `[native] ${nativeName(node.name)}`;
  if (node.name === '<module>' && node.file) return `<module> ${basename(node.file)}`;
  return node.name;
}

/** A small stable number from a string, so a function keeps its colour from one profile to the next. */
export function hashString(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i += 1) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return hash >>> 0;
}
