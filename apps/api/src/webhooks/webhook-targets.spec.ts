import { describe, expect, it } from 'vitest';
import { PRIVATE_WEBHOOK_URLS } from '../../test/support/private-targets.js';
import {
  checkTarget,
  isPublicAddress,
  pinnedLookup,
  WebhookTargetRefused,
  type Resolve,
} from './webhook-targets.js';

/** A resolver that knows a few names and never asks the network. */
function resolverOf(table: Record<string, string[]>): Resolve {
  return async (hostname) => {
    const addresses = table[hostname];
    if (!addresses)
      throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
}

const names = resolverOf({
  localhost: ['127.0.0.1', '::1'],
  'hooks.example.org': ['93.184.215.14'],
  'rebound.example.org': ['93.184.215.14', '10.0.0.7'],
  'loopback.example.org': ['127.0.0.2'],
  'mapped.example.org': ['::ffff:192.168.0.1'],
  'six.example.org': ['2606:4700::6810:85e5'],
});

describe(isPublicAddress.name, () => {
  it.each(['93.184.215.14', '8.8.8.8', '2606:4700::6810:85e5', '::ffff:8.8.8.8'])('takes %s', (address) => {
    expect(isPublicAddress(address)).toBe(true);
  });

  it.each([
    '127.0.0.1',
    '0.0.0.0',
    '10.1.2.3',
    '172.31.0.1',
    '192.168.0.1',
    '169.254.169.254',
    '100.64.0.1',
    '224.0.0.1',
    '255.255.255.255',
    '192.0.2.1',
    '::1',
    '::',
    'fd00::1',
    'fe80::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:10.0.0.1',
    '64:ff9b::7f00:1',
    '2002:7f00:1::1',
    'not an address',
  ])('refuses %s', (address) => {
    expect(isPublicAddress(address)).toBe(false);
  });
});

describe(checkTarget.name, () => {
  it.each(PRIVATE_WEBHOOK_URLS)('refuses %s', async (url) => {
    await expect(checkTarget(url, false, names)).rejects.toBeInstanceOf(WebhookTargetRefused);
  });

  it('refuses names that resolve to loopback or a mapped private address, and a name with any private answer', async () => {
    for (const host of ['loopback.example.org', 'mapped.example.org', 'rebound.example.org']) {
      await expect(checkTarget(`https://${host}/hook`, false, names)).rejects.toThrow(/non-public/);
    }
  });

  it('refuses a name that does not resolve', async () => {
    await expect(checkTarget('https://nowhere.example.org/hook', false, names)).rejects.toThrow(
      /does not resolve/,
    );
  });

  it('refuses the real localhost, resolved by the system', async () => {
    await expect(checkTarget('http://localhost:9/hook', false)).rejects.toBeInstanceOf(WebhookTargetRefused);
  });

  it('takes a public name and answers the address it checked', async () => {
    expect(await checkTarget('https://hooks.example.org/hook', false, names)).toEqual({
      address: '93.184.215.14',
      family: 4,
    });
    expect(await checkTarget('https://six.example.org/hook', false, names)).toEqual({
      address: '2606:4700::6810:85e5',
      family: 6,
    });
  });

  it('with PARLEY_WEBHOOK_ALLOW_PRIVATE takes private addresses too', async () => {
    expect(await checkTarget('http://localhost:9/hook', true, names)).toEqual({
      address: '127.0.0.1',
      family: 4,
    });
    expect(await checkTarget('http://2130706433/hook', true, names)).toEqual({
      address: '127.0.0.1',
      family: 4,
    });
  });
});

describe(pinnedLookup.name, () => {
  it('answers the checked address whatever name is asked, one or all', () => {
    const lookup = pinnedLookup({ address: '93.184.215.14', family: 4 });
    const one: unknown[] = [];
    lookup('rebound.example.org', {}, (...args: unknown[]) => one.push(...args));
    expect(one).toEqual([null, '93.184.215.14', 4]);
    const all: unknown[] = [];
    lookup('rebound.example.org', { all: true }, (...args: unknown[]) => all.push(...args));
    expect(all).toEqual([null, [{ address: '93.184.215.14', family: 4 }]]);
  });
});
