import { ANSI, LABEL_COLOURS, paint, type AnsiCode } from './ansi.js';
import { formatLogRecord, parseLogRecord } from './format-log-line.js';

/** Where the cluster's log goes (process.stdout, or a collector in tests). */
export interface LogOutput {
  write(text: string): unknown;
}

export type NoteLevel = 'info' | 'warn' | 'error';

/** The log of one service (or of the launcher itself), every line prefixed with its label. */
export interface ServiceLog {
  readonly label: string;
  /** A line the service printed: pino JSON (made readable) or plain text (kept as is). */
  line(raw: string): void;
  /** A line from the launcher about this service ("started, pid 1234", "exited unexpectedly"). */
  note(text: string, level?: NoteLevel): void;
  /** A pino destination for a service running in this process: every write is one JSON line. */
  readonly destination: { write(msg: string): void };
}

export interface LogPrinterOptions {
  output: LogOutput;
  /** ANSI colours (main.ts: stdout is a TTY and NO_COLOR is unset, or FORCE_COLOR is set). */
  color: boolean;
  /** Labels are padded to this width so that the `|` columns line up. */
  labelWidth: number;
}

const NOTE_COLOURS: Record<NoteLevel, AnsiCode | readonly AnsiCode[]> = {
  info: ANSI.bold,
  warn: [ANSI.bold, ANSI.yellow],
  error: [ANSI.bold, ANSI.red],
};

/**
 * Prints every service's output as `hall#1   | 12:03:04.123 INFO  message`, each label
 * in its own colour, one whole line per write so lines from different processes never
 * interleave mid-line.
 */
export class LogPrinter {
  private readonly logs = new Map<string, ServiceLog>();

  constructor(private readonly options: LogPrinterOptions) {}

  /** The log of `label`: the same one (and colour) every time it is asked for. */
  forService(label: string): ServiceLog {
    const existing = this.logs.get(label);
    if (existing) return existing;
    const created = this.create(label, this.logs.size);
    this.logs.set(label, created);
    return created;
  }

  private create(label: string, index: number): ServiceLog {
    const { output, color, labelWidth } = this.options;
    const colour = LABEL_COLOURS[index % LABEL_COLOURS.length] ?? ANSI.cyan;
    const prefix = `${paint(color, colour, label.padEnd(labelWidth))} ${paint(color, ANSI.dim, '|')} `;
    const write = (text: string): void => {
      output.write(text.split('\n').map((l) => prefix + l).join('\n') + '\n');
    };
    // Learnt from the runtime's first line; from then on the process's own id is not repeated.
    let ownServerId: string | undefined;
    const line = (raw: string): void => {
      const record = parseLogRecord(raw);
      if (record === undefined) return write(raw);
      write(formatLogRecord(record, { color, ownServerId }));
      if (record.msg === 'service runtime started' && typeof record.serverId === 'string') ownServerId = record.serverId;
    };
    return {
      label,
      line,
      note: (text, level = 'info') => write(paint(color, NOTE_COLOURS[level], `* ${text}`)),
      destination: {
        write: (msg: string) => {
          for (const l of msg.split('\n')) if (l !== '') line(l);
        },
      },
    };
  }
}
