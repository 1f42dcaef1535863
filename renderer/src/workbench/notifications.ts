/** Short messages for the user (a failed save, a refused path), shown as toasts; one owner, many readers. */
import { useSyncExternalStore } from 'react';

export interface Notice {
  id: number;
  kind: 'error' | 'info';
  text: string;
}

let notices: Notice[] = [];
let nextId = 1;
const listeners = new Set<() => void>();

function emit(): void {
  for (const listener of listeners) listener();
}

export function notify(kind: Notice['kind'], text: string, timeoutMs = kind === 'error' ? 10_000 : 4_000): void {
  const notice = { id: nextId++, kind, text };
  notices = [...notices.slice(-4), notice];
  emit();
  setTimeout(() => dismiss(notice.id), timeoutMs);
}

export function notifyError(prefix: string, err: unknown): void {
  notify('error', `${prefix}: ${err instanceof Error ? err.message : String(err)}`);
}

export function dismiss(id: number): void {
  notices = notices.filter((n) => n.id !== id);
  emit();
}

export function useNotices(): Notice[] {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => notices,
  );
}
