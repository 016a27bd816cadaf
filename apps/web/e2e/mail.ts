import { SMTPServer } from 'smtp-server';

/** A message as the catcher received it: recipients and the body, quoted-printable undone. */
export interface CaughtMail {
  to: string[];
  text: string;
  /** The message as sent, for a real parser (non-Latin text travels base64-encoded). */
  raw: string;
}

/** An SMTP server on a free port of 127.0.0.1 that keeps every message, for reading confirmation mail. */
export class MailCatcher {
  readonly received: CaughtMail[] = [];
  private server: SMTPServer | undefined;
  port = 0;

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', callback);
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          this.received.push({
            to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            raw,
            text: raw
              .replace(/=\r?\n/g, '')
              .replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(parseInt(hex, 16))),
          });
          callback();
        });
      },
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const address = server.server.address();
    this.port = typeof address === 'object' && address ? address.port : 0;
  }

  /** The first mail to `address` (any letter case) that `matches`, waiting for it. */
  async find(
    address: string,
    matches: (mail: CaughtMail) => boolean,
    timeoutMs = 30_000,
  ): Promise<CaughtMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find(
        (mail) => mail.to.some((to) => to.toLowerCase() === address.toLowerCase()) && matches(mail),
      );
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no such mail to ${address} in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** The first link in mail to `address` (any letter case) that matches `pattern`, waiting for it. */
  async link(address: string, pattern: RegExp, timeoutMs = 30_000): Promise<string> {
    const mail = await this.find(address, (candidate) => candidate.text.search(pattern) >= 0, timeoutMs);
    return mail.text.match(pattern)![0];
  }

  stop(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
