import { RateLimiterMemory } from 'rate-limiter-flexible';
import { describe, expect, it } from 'vitest';
import { RateLimiterFactory } from '../common/rate-limiter.js';
import { CONFIG, ConfigError, loadConfig } from '../config/config.js';
import { unitModule } from '../testing/unit-module.js';
import { MailRecipientCap, recipientKey, recipientLabel } from './mail-recipient-cap.js';

describe(recipientKey.name, () => {
  it('is one key for one mailbox, whatever its letter case, spaces or +tag', () => {
    const key = recipientKey('ann@example.org');
    expect(recipientKey(' Ann@Example.ORG ')).toBe(key);
    expect(recipientKey('ann+parley@example.org')).toBe(key);
    expect(recipientKey('ann+a+b@example.org')).toBe(key);
  });

  it('tells other mailboxes apart, and never holds the address in clear', () => {
    const key = recipientKey('ann@example.org');
    expect(recipientKey('ann@example.com')).not.toBe(key);
    expect(recipientKey('anne@example.org')).not.toBe(key);
    // A local part that starts with + is its own mailbox, not an empty one.
    expect(recipientKey('+ann@example.org')).not.toBe(recipientKey('@example.org'));
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(recipientLabel(key)).not.toContain('ann');
  });
});

describe('PARLEY_MAIL_PER_RECIPIENT_PER_DAY', () => {
  const SMTP_URL = 'smtp://127.0.0.1:2525';

  it('defaults to 20 and takes a whole number', () => {
    expect(loadConfig({ SMTP_URL }).mail?.perRecipientPerDay).toBe(20);
    expect(loadConfig({ SMTP_URL, PARLEY_MAIL_PER_RECIPIENT_PER_DAY: '5' }).mail?.perRecipientPerDay).toBe(5);
  });

  it.each(['0', '-1', '2.5', 'many', '1000001'])('rejects %j in one line naming it', (value) => {
    const load = () => loadConfig({ SMTP_URL, PARLEY_MAIL_PER_RECIPIENT_PER_DAY: value });
    expect(load).toThrow(ConfigError);
    expect(load).toThrow(/^Invalid configuration: PARLEY_MAIL_PER_RECIPIENT_PER_DAY must [^\n]+$/);
  });
});

describe(MailRecipientCap.name, () => {
  async function makeSut(perDay: string): Promise<MailRecipientCap> {
    const limiters: Pick<RateLimiterFactory, 'create'> = {
      create: (name, points, duration) => new RateLimiterMemory({ keyPrefix: name, points, duration }),
    };
    const module = await unitModule(MailRecipientCap, [
      { provide: RateLimiterFactory, useValue: limiters },
      {
        provide: CONFIG,
        useValue: loadConfig({
          SMTP_URL: 'smtp://127.0.0.1:2525',
          PARLEY_MAIL_PER_RECIPIENT_PER_DAY: perDay,
        }),
      },
    ]);
    return module.sut;
  }

  it('lets PARLEY_MAIL_PER_RECIPIENT_PER_DAY mails through to one address, then refuses, whoever else is mailed', async () => {
    const sut = await makeSut('2');
    expect((await sut.take('ann@example.org')).allowed).toBe(true);
    expect((await sut.take('ANN+x@example.org')).allowed).toBe(true);
    expect((await sut.take('ann@example.org')).allowed).toBe(false);
    expect((await sut.take('bob@example.org')).allowed).toBe(true);
  });

  it('gives a place back for a mail that was not sent', async () => {
    const sut = await makeSut('1');
    const first = await sut.take('ann@example.org');
    expect(first.allowed).toBe(true);
    await sut.giveBack(first.key);
    expect((await sut.take('ann@example.org')).allowed).toBe(true);
    expect((await sut.take('ann@example.org')).allowed).toBe(false);
  });
});
