import { parseTrustProxy } from './client-ip';

describe('parseTrustProxy (TRUST_PROXY)', () => {
  it('trusts no proxy when unset or empty', () => {
    expect(parseTrustProxy(undefined)).toEqual([]);
    expect(parseTrustProxy('')).toEqual([]);
    expect(parseTrustProxy(' , ')).toEqual([]);
  });

  it('accepts addresses, CIDR ranges of both families and Express’s named ranges', () => {
    expect(parseTrustProxy('10.0.0.1, 192.168.0.0/16,fd00::/8, ::1,loopback')).toEqual([
      '10.0.0.1',
      '192.168.0.0/16',
      'fd00::/8',
      '::1',
      'loopback',
    ]);
  });

  it('refuses what it does not understand rather than trusting more than meant', () => {
    for (const bad of [
      'true',
      '*',
      'proxy.example.gov.cn',
      '10.0.0.0/33',
      '10.0.0.1/8/1',
      '::/129',
      '1',
    ]) {
      expect(() => parseTrustProxy(bad)).toThrow(/TRUST_PROXY/);
    }
  });
});
