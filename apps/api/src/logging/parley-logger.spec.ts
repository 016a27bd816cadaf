import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { LogLevel } from '../config/log-config.js';
import { createPino, ParleyLogger } from './parley-logger.js';
import { requestContext } from './request-context.js';

/** A logger writing JSON lines into an array. */
function capture(level: LogLevel = 'info') {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()) as Record<string, unknown>);
      done();
    },
  });
  return { sut: new ParleyLogger(createPino({ format: 'json', level }, stream)), lines };
}

describe(ParleyLogger.name, () => {
  it("writes Nest's context, and the request's id and user from the context it runs in", () => {
    const { sut, lines } = capture();
    requestContext.run({ requestId: 'r-1', userId: 'u-1' }, () => sut.log('hello', 'Comments'));
    sut.warn('outside', 'Comments');
    expect(lines).toMatchObject([
      { level: 'info', msg: 'hello', context: 'Comments', requestId: 'r-1', userId: 'u-1' },
      { level: 'warn', msg: 'outside', context: 'Comments' },
    ]);
    expect(lines[1]).not.toHaveProperty('requestId');
  });

  it("moves Nest's start-up detail (route mapping, modules) to debug", () => {
    const info = capture('info');
    info.sut.log('Mapped {/api/health, GET} route', 'RouterExplorer');
    info.sut.log('AppModule dependencies initialized', 'InstanceLoader');
    expect(info.lines).toEqual([]);
    const debug = capture('debug');
    debug.sut.log('Mapped {/api/health, GET} route', 'RouterExplorer');
    expect(debug.lines).toMatchObject([{ level: 'debug', context: 'RouterExplorer' }]);
  });

  it('redacts secret fields of a logged object and scrubs addresses and URL passwords from texts', () => {
    const { sut, lines } = capture();
    sut.log(
      {
        msg: 'mail to ann@example.org failed',
        email: 'ann@example.org',
        user: { password: 'pw-1', id: 'u' },
      },
      'Mail',
    );
    sut.error('cannot reach postgres://parley:hunter22@db.internal/parley', 'Error: x\n at y', 'Database');
    expect(lines[0]).toMatchObject({
      msg: 'mail to [email] failed',
      email: '[redacted]',
      user: { password: '[redacted]', id: 'u' },
    });
    expect(lines[1]).toMatchObject({
      level: 'error',
      msg: 'cannot reach postgres://***@db.internal/parley',
      stack: 'Error: x\n at y',
      context: 'Database',
    });
    expect(JSON.stringify(lines)).not.toMatch(/ann@|hunter22|pw-1/);
    sut.log('at file:///node_modules/.pnpm/@vitest+runner@4.1.12/x.js', 'Stack');
    expect(lines[2]?.msg).toContain('runner@4.1.12');
  });

  it('writes an Error with its type, message and stack', () => {
    const { sut, lines } = capture();
    sut.error(new TypeError('boom'), 'Realtime');
    expect(lines[0]).toMatchObject({
      level: 'error',
      msg: 'boom',
      context: 'Realtime',
      error: { type: 'TypeError', message: 'boom', stack: expect.stringContaining('TypeError: boom') },
    });
  });
});
