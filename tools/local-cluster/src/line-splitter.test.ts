import { describe, expect, it } from 'vitest';
import { LineSplitter } from './line-splitter.js';

describe('LineSplitter', () => {
  it('emits whole lines across chunks, splitting UTF-8 characters safely, and flushes the rest', () => {
    const lines: string[] = [];
    const splitter = new LineSplitter((line) => lines.push(line));
    const bytes = Buffer.from('one\r\ntwo é\n\nthree');
    // Cut inside the two-byte "é".
    const cut = bytes.indexOf(0xc3) + 1;
    splitter.push(bytes.subarray(0, cut));
    splitter.push(bytes.subarray(cut));
    expect(lines).toEqual(['one', 'two é']);
    splitter.flush();
    expect(lines).toEqual(['one', 'two é', 'three']);
  });
});
