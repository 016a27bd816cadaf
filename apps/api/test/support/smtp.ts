import { SMTPServer } from 'smtp-server';

/** One message as the test SMTP server received it. */
export interface ReceivedMail {
  to: string[];
  raw: string;
  /** Header name (lower case) → value, unfolded. */
  headers: Map<string, string>;
  /** The body with quoted-printable soft breaks and escapes undone, for searching. */
  text: string;
  /** The HTML part, decoded. */
  html: string;
}

function decodeQuotedPrintable(raw: string): string {
  return raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

function parseHeaders(raw: string): Map<string, string> {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? '';
  const headers = new Map<string, string>();
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

/**
 * A real SMTP server on a free port, for tests: it keeps what it receives, and can refuse the next
 * `n` messages with a temporary error (451), as a busy server does.
 */
export class TestSmtpServer {
  readonly received: ReceivedMail[] = [];
  private refusals = 0;
  private server: SMTPServer | undefined;
  port = 0;

  refuseNext(count: number): void {
    this.refusals = count;
  }

  async start(): Promise<void> {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', callback);
        stream.on('end', () => {
          if (this.refusals > 0) {
            this.refusals -= 1;
            const error = Object.assign(new Error('Try again later'), { responseCode: 451 });
            callback(error);
            return;
          }
          const raw = Buffer.concat(chunks).toString('utf8');
          this.received.push({
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            raw,
            headers: parseHeaders(raw),
            text: decodeQuotedPrintable(raw.slice(raw.search(/\r?\n\r?\n/))),
            html: decodeQuotedPrintable(raw.split(/Content-Type: text\/html[^\n]*\n/i)[1] ?? ''),
          });
          callback();
        });
      },
    });
    this.server.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      this.server!.listen(0, '127.0.0.1', () => resolve());
      this.server!.server.once('error', reject);
    });
    const address = this.server.server.address();
    if (!address || typeof address === 'string') throw new Error('the SMTP server is not on a TCP port');
    this.port = address.port;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  to(address: string): ReceivedMail[] {
    return this.received.filter((mail) => mail.to.includes(address));
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
