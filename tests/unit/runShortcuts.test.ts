/** F5, Shift+F5 and Ctrl/Cmd+B: what a key press means, and what the window's listener does with it. */
import { describe, expect, it } from 'vitest';
import { keyCommand, windowKeyDecision, type KeyLike } from '../../renderer/src/workbench/runShortcuts.js';

const key = (k: string, over: Partial<KeyLike> = {}): KeyLike => ({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, repeat: false, ...over });

describe('keyCommand', () => {
  it('F5 runs, Shift+F5 stops, with no other modifier', () => {
    expect(keyCommand(key('F5'), false)).toBe('run');
    expect(keyCommand(key('F5', { shiftKey: true }), false)).toBe('stop');
    expect(keyCommand(key('F5', { ctrlKey: true }), false)).toBeNull();
    expect(keyCommand(key('F5', { altKey: true }), false)).toBeNull();
    expect(keyCommand(key('F6'), false)).toBeNull();
  });

  it('Ctrl/Cmd+B builds only an exercise with a build step', () => {
    expect(keyCommand(key('b', { ctrlKey: true }), true)).toBe('build');
    expect(keyCommand(key('b', { metaKey: true }), true)).toBe('build');
    expect(keyCommand(key('B', { ctrlKey: true }), true)).toBe('build'); // Caps Lock
    expect(keyCommand(key('b', { ctrlKey: true }), false)).toBeNull();
    expect(keyCommand(key('b', { ctrlKey: true, shiftKey: true }), true)).toBeNull();
    expect(keyCommand(key('b'), true)).toBeNull();
  });
});

describe('windowKeyDecision', () => {
  const outside = { buildable: true, inEditor: false };
  const inEditor = { buildable: true, inEditor: true };

  it('outside the editor: runs the command and stops the default (F5 must not reload the page)', () => {
    expect(windowKeyDecision(key('F5'), outside)).toEqual({ command: 'run', consume: true });
    expect(windowKeyDecision(key('b', { ctrlKey: true }), outside)).toEqual({ command: 'build', consume: true });
    expect(windowKeyDecision(key('F5', { shiftKey: true }), outside)).toEqual({ command: 'stop', consume: true });
  });

  it('inside the editor: leaves the key to Monaco\'s action, so one press is one run', () => {
    expect(windowKeyDecision(key('F5'), inEditor)).toEqual({ command: null, consume: false });
    expect(windowKeyDecision(key('b', { ctrlKey: true }), inEditor)).toEqual({ command: null, consume: false });
  });

  it('a held F5 runs once but still never reloads', () => {
    expect(windowKeyDecision(key('F5', { repeat: true }), outside)).toEqual({ command: null, consume: true });
  });

  it('leaves other keys, and Ctrl+B without a build step, to the page and the terminal', () => {
    expect(windowKeyDecision(key('b', { ctrlKey: true }), { buildable: false, inEditor: false })).toEqual({ command: null, consume: false });
    expect(windowKeyDecision(key('Enter', { ctrlKey: true }), outside)).toEqual({ command: null, consume: false });
  });
});
