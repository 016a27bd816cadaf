import { describe, expect, it } from 'vitest';
import { addressKey as sut } from './client-address.js';

describe('addressKey', () => {
  it('keeps an IPv4 address as it is, also when mapped into IPv6', () => {
    expect(sut('203.0.113.7')).toBe('203.0.113.7');
    expect(sut('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts IPv6 addresses by their /64, however they are written', () => {
    expect(sut('2001:db8:1:2::1')).toBe('2001:db8:1:2::/64');
    expect(sut('2001:0db8:0001:0002:ffff:ffff:ffff:ffff')).toBe('2001:db8:1:2::/64');
    expect(sut('2001:db8:1:3::1')).not.toBe(sut('2001:db8:1:2::1'));
  });

  it('passes anything else through unchanged', () => {
    expect(sut('unknown')).toBe('unknown');
  });
});
