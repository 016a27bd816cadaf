import { Logger } from '@nestjs/common';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CONFIG, loadConfig } from '../config/config.js';
import { Metrics } from '../metrics/metrics.js';
import { unitModule, type DeepMocked } from '../testing/unit-module.js';
import { MailRecipientCap } from './mail-recipient-cap.js';
import { MailService, type OutgoingMail } from './mail.service.js';

const transport = vi.hoisted(() => ({ sendMail: vi.fn(), on: vi.fn(), close: vi.fn() }));
vi.mock('nodemailer', () => ({ default: { createTransport: () => transport } }));

const MAIL: OutgoingMail = { to: 'ann@example.org', subject: 'Hello', text: 'Hi', html: '<p>Hi</p>' };

describe(MailService.name, () => {
  let sut: MailService;
  let cap: DeepMocked<MailRecipientCap>;
  let metrics: Metrics;
  let warn: ReturnType<typeof vi.spyOn>;

  beforeEach(async () => {
    metrics = new Metrics();
    const module = await unitModule(MailService, [
      { provide: CONFIG, useValue: loadConfig({ SMTP_URL: 'smtp://127.0.0.1:2525' }) },
      { provide: Metrics, useValue: metrics },
    ]);
    sut = module.sut;
    cap = module.get(MailRecipientCap);
    sut.onModuleInit();
    transport.sendMail.mockReset().mockResolvedValue({});
    warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  async function count(outcome: string): Promise<number> {
    const metric = await metrics.mailDeliveries.get();
    return metric.values.find((value) => value.labels.outcome === outcome)?.value ?? 0;
  }

  it('sends a mail its recipient has room for, and counts it', async () => {
    cap.take.mockResolvedValue({ key: 'k'.repeat(64), allowed: true });
    await expect(sut.send(MAIL)).resolves.toBe('sent');
    expect(cap.take).toHaveBeenCalledWith('ann@example.org');
    expect(transport.sendMail).toHaveBeenCalledTimes(1);
    expect(await count('sent')).toBe(1);
  });

  it('drops a mail past the cap: nothing sent, counted and logged without the address', async () => {
    cap.take.mockResolvedValue({ key: 'a1b2c3d4e5f6'.repeat(5) + 'abcd', allowed: false });
    await expect(sut.send(MAIL)).resolves.toBe('capped');
    expect(transport.sendMail).not.toHaveBeenCalled();
    expect(await count('capped')).toBe(1);
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('recipient#a1b2c3d4e5f6'));
    expect(JSON.stringify(warn.mock.calls)).not.toContain('ann');
  });

  it('gives the place back when the server refuses, and throws for the outbox to retry', async () => {
    cap.take.mockResolvedValue({ key: 'k'.repeat(64), allowed: true });
    transport.sendMail.mockRejectedValue(new Error('451 Try again later'));
    await expect(sut.send(MAIL)).rejects.toThrow('451');
    expect(cap.giveBack).toHaveBeenCalledWith('k'.repeat(64));
    expect(await count('failed')).toBe(1);
  });
});
