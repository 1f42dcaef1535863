/**
 * The profile's table of functions: which column sorts it and how. Pure, so the order is unit-tested.
 * Ties keep a stable order (by name, then file and line), so a click never shuffles equal rows.
 */
import type { Result } from '../../../electron/core/api';
import { formatCount } from './format';

export type ProfileFunction = NonNullable<Result<'profile.run'>['profile']>['functions'][number];

export type SortKey = 'name' | 'ownTime' | 'totalTime' | 'calls';

export interface SortOrder {
  key: SortKey;
  descending: boolean;
}

/** What a profile opens sorted by: where the time goes first. */
export const DEFAULT_SORT: SortOrder = { key: 'ownTime', descending: true };

/** A header click: the same column flips its direction; another starts at its natural one (biggest first, names A-Z). */
export function nextSort(current: SortOrder, key: SortKey): SortOrder {
  if (current.key === key) return { key, descending: !current.descending };
  return { key, descending: key !== 'name' };
}

function tieBreak(a: ProfileFunction, b: ProfileFunction): number {
  return a.name.localeCompare(b.name) || (a.file ?? '').localeCompare(b.file ?? '') || (a.line ?? 0) - (b.line ?? 0);
}

/** A sorted copy of `rows`. */
export function sortFunctions<T extends ProfileFunction>(rows: readonly T[], order: SortOrder): T[] {
  const sign = order.descending ? -1 : 1;
  const compare = (a: T, b: T): number => {
    const primary = order.key === 'name' ? a.name.localeCompare(b.name) : a[order.key] - b[order.key];
    return primary !== 0 ? sign * primary : tieBreak(a, b);
  };
  return [...rows].sort(compare);
}

/** "30" or, for a recursive function, pstats' "30/12" (all calls / calls from outside the recursion). */
export function callsText(row: Pick<ProfileFunction, 'calls' | 'primitiveCalls'>): string {
  return row.calls === row.primitiveCalls ? formatCount(row.calls) : `${formatCount(row.calls)}/${formatCount(row.primitiveCalls)}`;
}
