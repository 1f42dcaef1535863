/**
 * The Build and Run tabs' output: capped to its latest characters, chunks of one stream merged, escape codes
 * removed even when a chunk ends inside one, and published to the view at most once per refresh.
 */
import { describe, expect, it } from 'vitest';
import { FLOOD_REFRESH_MS, LiveOutput, OUTPUT_REFRESH_MS } from '../../renderer/src/output/liveOutput.js';
import { cleanOutput, formatChars, OutputBuffer, OUTPUT_CAP_CHARS, splitIncompleteTail } from '../../renderer/src/output/outputBuffer.js';

describe('OutputBuffer', () => {
  it('merges chunks of the same stream and keeps streams apart in order', () => {
    const buffer = new OutputBuffer();
    buffer.append('a');
    buffer.append('b\n');
    buffer.append('oops\n', 'stderr');
    buffer.append('c');
    expect(buffer.snapshot()).toEqual({
      segments: [
        { stream: 'stdout', text: 'ab\n' },
        { stream: 'stderr', text: 'oops\n' },
        { stream: 'stdout', text: 'c' },
      ],
      droppedChars: 0,
    });
  });

  it('keeps only the latest `cap` characters and counts what it dropped', () => {
    const buffer = new OutputBuffer(10);
    buffer.append('0123456789');
    buffer.append('ab', 'stderr');
    expect(buffer.text).toBe('23456789ab');
    expect(buffer.snapshot().droppedChars).toBe(2);
    // A chunk larger than the cap drops whole segments before it.
    buffer.append('ABCDEFGHIJKLMNOP');
    expect(buffer.text).toBe('GHIJKLMNOP');
    expect(buffer.snapshot().segments).toEqual([{ stream: 'stdout', text: 'GHIJKLMNOP' }]);
    expect(buffer.snapshot().droppedChars).toBe(18);
  });

  it('stays within the default cap however much a program prints', () => {
    const buffer = new OutputBuffer();
    const line = 'y'.repeat(99) + '\n';
    for (let i = 0; i < 5000; i += 1) buffer.append(line, i % 7 === 0 ? 'stderr' : 'stdout');
    expect(buffer.text.length).toBe(OUTPUT_CAP_CHARS);
    expect(buffer.snapshot().droppedChars).toBe(5000 * 100 - OUTPUT_CAP_CHARS);
  });

  it('snapshots are copies: later appends do not change one already taken', () => {
    const buffer = new OutputBuffer();
    buffer.append('one');
    const before = buffer.snapshot();
    buffer.append('two');
    expect(before.segments[0]?.text).toBe('one');
  });

  it('removes colour codes, also when a chunk ends inside one, and turns \\r\\n into \\n', () => {
    const buffer = new OutputBuffer();
    buffer.append('\x1b[1;31merror\x1b');
    buffer.append('[0m: bad\r');
    buffer.append('\nnext\x1b]0;title\x07line\n');
    expect(buffer.text).toBe('error: bad\nnextline\n');
    buffer.append('tail\x1b[');
    expect(buffer.text).toBe('error: bad\nnextline\ntail');
    buffer.flush();
    expect(buffer.text).toBe('error: bad\nnextline\ntail\x1b[');
  });

  it('clear forgets the text and the dropped count', () => {
    const buffer = new OutputBuffer(3);
    buffer.append('abcdef');
    buffer.clear();
    expect(buffer.isEmpty).toBe(true);
    expect(buffer.snapshot()).toEqual({ segments: [], droppedChars: 0 });
  });

  it('splits off an incomplete escape sequence or a trailing \\r only', () => {
    expect(splitIncompleteTail('abc')).toEqual(['abc', '']);
    expect(splitIncompleteTail('abc\x1b[3')).toEqual(['abc', '\x1b[3']);
    expect(splitIncompleteTail('abc\x1b[31mdef')).toEqual(['abc\x1b[31mdef', '']);
    expect(splitIncompleteTail('abc\r')).toEqual(['abc', '\r']);
    expect(cleanOutput('a\rb\r\nc')).toBe('a\nb\nc');
  });

  it('says how much was dropped in words', () => {
    expect(formatChars(12)).toBe('12 characters');
    expect(formatChars(200_000)).toBe('200 KB');
    expect(formatChars(3_400_000)).toBe('3.4 MB');
  });
});

describe('LiveOutput', () => {
  it('publishes at most once per refresh while chunks stream, and at once on flush', () => {
    const timers: (() => void)[] = [];
    const delays: number[] = [];
    let told = 0;
    const output = new LiveOutput(
      () => (told += 1),
      (fn, ms) => {
        timers.push(fn);
        delays.push(ms);
      },
    );
    let published = 0;
    output.subscribe(() => (published += 1));
    for (let i = 0; i < 100; i += 1) output.append(`line ${i}\n`);
    expect(published).toBe(0);
    expect(timers).toHaveLength(1);
    expect(delays).toEqual([OUTPUT_REFRESH_MS]);
    timers[0]!();
    expect(published).toBe(1);
    expect(output.getSnapshot().segments[0]?.text.split('\n')).toHaveLength(101);

    output.append('more\n');
    output.flush();
    expect(published).toBe(2);
    timers[1]!(); // the timer of the flushed chunk publishes nothing new
    expect(published).toBe(2);
    expect(output.getSnapshot().segments[0]?.text.endsWith('more\n')).toBe(true);
    expect(told).toBe(published);
  });

  it('refreshes less often once a program prints more than the cap', () => {
    const delays: number[] = [];
    const timers: (() => void)[] = [];
    const output = new LiveOutput(null, (fn, ms) => {
      timers.push(fn);
      delays.push(ms);
    }, 10);
    output.append('short');
    timers[0]!();
    output.append('much more than ten characters');
    timers[1]!();
    output.append('again');
    expect(delays).toEqual([OUTPUT_REFRESH_MS, FLOOD_REFRESH_MS, FLOOD_REFRESH_MS]);
    expect(output.getSnapshot().droppedChars).toBeGreaterThan(0);
  });
});
