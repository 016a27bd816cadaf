import { describe, expect, it } from 'vitest';
import { addressKey as sut, requestAddress } from './client-address.js';

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

describe('requestAddress', () => {
  const request = (remoteAddress: string, forwarded?: string) => ({
    socket: { remoteAddress },
    headers: forwarded === undefined ? {} : { 'x-forwarded-for': forwarded },
  });
  const loopback = (address: string) => address === '127.0.0.1';

  it('is the connection address when no proxy is trusted', () => {
    expect(requestAddress(request('127.0.0.1', '203.0.113.7'), () => false)).toBe('127.0.0.1');
  });

  it('takes X-Forwarded-For hops from the nearest while they are trusted', () => {
    expect(requestAddress(request('127.0.0.1', '198.51.100.1, 203.0.113.7'), loopback)).toBe('203.0.113.7');
    expect(requestAddress(request('127.0.0.1', '203.0.113.7, 127.0.0.1'), loopback)).toBe('203.0.113.7');
  });

  it('stops at the last hop when every hop is trusted', () => {
    expect(requestAddress(request('127.0.0.1', '203.0.113.7'), () => true)).toBe('203.0.113.7');
    expect(requestAddress(request('127.0.0.1'), () => true)).toBe('127.0.0.1');
  });

  it('counts hops as Express does (a hop count of 1 trusts the nearest proxy only)', () => {
    const oneHop = (_address: string, hops: number) => hops < 1;
    expect(requestAddress(request('10.0.0.2', '198.51.100.1, 203.0.113.7'), oneHop)).toBe('203.0.113.7');
  });
});
