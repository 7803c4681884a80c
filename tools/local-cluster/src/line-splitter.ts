/**
 * Cuts a byte stream (a child's stdout) into lines. A chunk may end in the middle of a
 * line, or of a UTF-8 character, so the rest is kept until the next chunk or `flush()`.
 */
export class LineSplitter {
  private rest = '';
  private readonly decoder = new TextDecoder();

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Uint8Array | string): void {
    const text = this.rest + (typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true }));
    const lines = text.split('\n');
    this.rest = lines.pop() ?? '';
    for (const line of lines) this.emit(line);
  }

  /** Emits what is left (a last line without a newline), e.g. when the stream ends. */
  flush(): void {
    const last = this.rest + this.decoder.decode();
    this.rest = '';
    if (last !== '') this.emit(last);
  }

  private emit(line: string): void {
    const trimmed = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (trimmed !== '') this.onLine(trimmed);
  }
}
