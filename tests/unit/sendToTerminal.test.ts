import { describe, expect, it } from 'vitest';
import { onSendToTerminal, onShowTerminal, runPythonInTerminal, sendToTerminal, type TerminalRequest } from '../../renderer/src/terminal/sendToTerminal.js';

describe('sendToTerminal', () => {
  it('keeps a request made before any panel listens, and hands it to the first listener', () => {
    runPythonInTerminal('print(1)');
    const got: TerminalRequest[] = [];
    const off = onSendToTerminal((r) => got.push(r));
    expect(got).toEqual([{ kind: 'python', code: 'print(1)' }]);
    sendToTerminal('ls\r');
    expect(got).toEqual([
      { kind: 'python', code: 'print(1)' },
      { kind: 'text', text: 'ls\r' },
    ]);
    off();
    // Delivered once: a later listener does not get them again.
    const later: TerminalRequest[] = [];
    const offLater = onSendToTerminal((r) => later.push(r));
    expect(later).toEqual([]);
    offLater();
  });

  it('asks the layout to show the terminal on every request', () => {
    let shown = 0;
    const offShow = onShowTerminal(() => shown++);
    const offSend = onSendToTerminal(() => undefined);
    sendToTerminal('a');
    runPythonInTerminal('b');
    expect(shown).toBe(2);
    offShow();
    offSend();
    sendToTerminal('c');
    expect(shown).toBe(2);
    // Drain the queued 'c' so the module's state does not leak into other tests.
    onSendToTerminal(() => undefined)();
  });
});
