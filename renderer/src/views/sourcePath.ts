/**
 * Where a profiled frame's source is, for the editor: the profiler reports absolute paths (as the sandboxed
 * Python saw them, the workspace bound at its own path), the editor opens workspace-relative ones. A frame
 * outside the workspace (the standard library, numpy, a frozen module) has no link: the student cannot and
 * should not edit it.
 */

/** Folders inside a workspace that are not the student's code: a virtual environment, PyForge's own data. */
const NOT_STUDENT_CODE = /(^|\/)(site-packages|dist-packages|__pycache__|\.[^/]*)(\/|$)/;

function normalise(p: string): string {
  return p.replace(/\\/g, '/').replace(/\/+$/, '');
}

/** Windows paths compare without case ("C:\Users\…" and "c:\users\…" are one file). */
function isWindowsPath(p: string): boolean {
  return /^[A-Za-z]:\//.test(p);
}

/** `file` relative to the workspace `root` ("pkg/mod.py"), or null when it is outside or not the student's. */
export function workspaceRelative(file: string | null | undefined, root: string | null | undefined): string | null {
  if (!file || !root) return null;
  const f = normalise(file);
  const r = normalise(root);
  if (!r) return null;
  const windows = isWindowsPath(r);
  const prefix = `${r}/`;
  const inside = windows ? f.toLowerCase().startsWith(prefix.toLowerCase()) : f.startsWith(prefix);
  if (!inside) return null;
  const rel = f.slice(prefix.length);
  if (!rel || rel.split('/').some((part) => part === '..' || part === '')) return null;
  if (NOT_STUDENT_CODE.test(rel)) return null;
  return rel;
}

/** A short form of a path outside the workspace for a table cell: its last two parts ("numpy/linalg.py"). */
export function shortPath(file: string): string {
  const parts = normalise(file).split('/').filter(Boolean);
  return parts.slice(-2).join('/') || file;
}
