import { describe, expect, it } from 'vitest';
import { OutputTail } from '../../electron/core/runner/outputTail.js';

const b = (s: string): Buffer => Buffer.from(s, 'utf8');

describe('OutputTail', () => {
  it('keeps everything under the cap', () => {
    const tail = new OutputTail(100);
    tail.push('stdout', b('hello '));
    tail.push('stderr', b('oops\n'));
    tail.push('stdout', b('world\n'));
    expect(tail.finish()).toEqual({ stdout: 'hello world\n', stderr: 'oops\n', droppedBytes: 0, capped: false });
  });

  it('keeps the last bytes of one stream and counts what it dropped', () => {
    const tail = new OutputTail(10);
    for (let i = 0; i < 100; i++) tail.push('stdout', b(`${i % 10}`));
    tail.push('stdout', b('END'));
    const out = tail.finish();
    expect(out.stdout).toBe('3456789END');
    expect(out.droppedBytes).toBe(93);
    expect(out.capped).toBe(true);
  });

  it('never holds more than the cap, whatever the chunk sizes', () => {
    const tail = new OutputTail(1000);
    for (let i = 0; i < 500; i++) {
      tail.push(i % 3 ? 'stdout' : 'stderr', Buffer.alloc((i * 37) % 5000, 0x61));
      expect(tail.heldBytes).toBeLessThanOrEqual(1000);
    }
    const out = tail.finish();
    expect(out.stdout.length + out.stderr.length).toBe(1000);
  });

  it('a big chunk larger than the cap keeps its own end', () => {
    const tail = new OutputTail(4);
    tail.push('stdout', b('abcdefghij'));
    expect(tail.finish()).toEqual({ stdout: 'ghij', stderr: '', droppedBytes: 6, capped: true });
  });

  it('drops from the stream holding more, so a short stderr survives a flood on stdout', () => {
    const tail = new OutputTail(40);
    tail.push('stderr', b('Traceback: boom\n')); // 16 bytes, first, under half the cap
    for (let i = 0; i < 50; i++) tail.push('stdout', b('yyyyyyyyyy'));
    const out = tail.finish();
    expect(out.stderr).toBe('Traceback: boom\n');
    expect(out.stdout).toBe('y'.repeat(24));
    expect(out.droppedBytes).toBe(500 - 24);
  });

  it('splits the cap between two floods (each keeps at least half)', () => {
    const tail = new OutputTail(10);
    for (let i = 0; i < 20; i++) {
      tail.push('stdout', b('o'));
      tail.push('stderr', b('e'));
    }
    const out = tail.finish();
    expect(out.stdout).toBe('ooooo');
    expect(out.stderr).toBe('eeeee');
    expect(out.droppedBytes).toBe(30);
  });

  it('does not start a cut tail with half a character, and counts the partial bytes as dropped', () => {
    const tail = new OutputTail(7);
    tail.push('stdout', b('€€€')); // 9 bytes: the first kept byte is a continuation byte of the first €
    const out = tail.finish();
    expect(out.stdout).toBe('€€');
    expect(out.droppedBytes).toBe(3);
  });

  it('keeps a character split across chunks intact', () => {
    const euro = b('€');
    const tail = new OutputTail(100);
    tail.push('stdout', euro.subarray(0, 1));
    tail.push('stdout', euro.subarray(1));
    expect(tail.finish().stdout).toBe('€');
  });

  it('ignores empty chunks and accepts a zero cap', () => {
    const tail = new OutputTail(0);
    tail.push('stdout', Buffer.alloc(0));
    tail.push('stdout', b('abc'));
    tail.push('stderr', b('de'));
    expect(tail.finish()).toEqual({ stdout: '', stderr: '', droppedBytes: 5, capped: true });
  });

  it('handles many chunks (compaction of dropped ones)', () => {
    const tail = new OutputTail(5);
    for (let i = 0; i < 5000; i++) tail.push('stdout', b(String(i % 10)));
    expect(tail.finish()).toEqual({ stdout: '56789', stderr: '', droppedBytes: 4995, capped: true });
  });

  it('rejects a negative cap', () => {
    expect(() => new OutputTail(-1)).toThrow(RangeError);
  });
});
