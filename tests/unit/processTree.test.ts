import { describe, expect, it } from 'vitest';
import { treeMembers, type ProcessInfo } from '../../electron/core/terminal/processTree.js';

const ROOT = 1000;
const sorted = (pids: number[]) => [...pids].sort((a, b) => a - b);

/** A synthetic process table: the root shell (a session leader) and assorted relatives and strangers. */
const table: ProcessInfo[] = [
  { pid: 1, ppid: 0, pgid: 1, sid: 1 }, // init
  { pid: 500, ppid: 1, pgid: 500, sid: 500 }, // the host app
  { pid: ROOT, ppid: 500, pgid: ROOT, sid: ROOT }, // the terminal's shell
  { pid: 1001, ppid: ROOT, pgid: 1001, sid: ROOT }, // a job in its own process group
  { pid: 1002, ppid: 1001, pgid: 1001, sid: ROOT }, // its child
  { pid: 1003, ppid: 1, pgid: 1003, sid: ROOT }, // re-parented to init, same session: `(sleep 1001 &)`
  { pid: 1004, ppid: 1, pgid: ROOT, sid: 2000 }, // escaped the session with setsid but kept our pgid (synthetic)
  { pid: 1005, ppid: 1002, pgid: 3000, sid: 3000 }, // grandchild that called setsid: found only by ppid
  { pid: 1006, ppid: 1005, pgid: 3000, sid: 3000 }, // and its child
  { pid: 1007, ppid: 1, pgid: 4000, sid: 4000 }, // double-forked out of everything: not findable
  { pid: 2001, ppid: 500, pgid: 2001, sid: 2001 }, // another terminal of the same app
  { pid: 2002, ppid: 2001, pgid: 2002, sid: 2001 }, // its child
];

describe('treeMembers', () => {
  it('finds descendants by ppid, members of the session and of the process group, and the root', () => {
    expect(sorted(treeMembers(ROOT, table))).toEqual([ROOT, 1001, 1002, 1003, 1004, 1005, 1006]);
  });

  it('finds descendants regardless of the order of the table (parent listed after child)', () => {
    const reversed = [...table].reverse();
    expect(sorted(treeMembers(ROOT, reversed))).toEqual([ROOT, 1001, 1002, 1003, 1004, 1005, 1006]);
  });

  it('does not include the parent, siblings, init or another session', () => {
    const members = treeMembers(ROOT, table);
    for (const stranger of [1, 500, 1007, 2001, 2002]) expect(members).not.toContain(stranger);
  });

  it('finds the members of another root independently', () => {
    expect(sorted(treeMembers(2001, table))).toEqual([2001, 2002]);
  });

  it('works with ps output that has no session ids (macOS)', () => {
    const noSid = table.map(({ pid, ppid, pgid }) => ({ pid, ppid, pgid }));
    // Without sids, the re-parented 1003 is lost; pgid and ppid still work.
    expect(sorted(treeMembers(ROOT, noSid))).toEqual([ROOT, 1001, 1002, 1004, 1005, 1006]);
  });

  it('never includes the calling process, even when it is a member', () => {
    const withSelf: ProcessInfo[] = [
      ...table,
      { pid: process.pid, ppid: ROOT, pgid: ROOT, sid: ROOT },
      { pid: 9999, ppid: process.pid, pgid: 9999, sid: 9999 }, // still reached through the caller
    ];
    const members = treeMembers(ROOT, withSelf);
    expect(members).not.toContain(process.pid);
    expect(members).toContain(9999);
  });

  it('never includes the calling process when asked for its own tree', () => {
    const own: ProcessInfo[] = [
      { pid: process.pid, ppid: 1, pgid: process.pid, sid: process.pid },
      { pid: 7777, ppid: process.pid, pgid: process.pid, sid: process.pid },
    ];
    expect(treeMembers(process.pid, own)).toEqual([7777]);
  });

  it('returns just the root for an empty table, and terminates on a ppid cycle', () => {
    expect(treeMembers(ROOT, [])).toEqual([ROOT]);
    const cycle: ProcessInfo[] = [
      { pid: 10, ppid: ROOT, pgid: 10 },
      { pid: 11, ppid: 10, pgid: 11 },
      { pid: ROOT, ppid: 11, pgid: 12 },
    ];
    expect(sorted(treeMembers(ROOT, cycle))).toEqual([10, 11, ROOT]);
  });
});
