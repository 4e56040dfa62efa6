import { addressKey, FailedAuthLimiter } from './failed-auth-limiter';

describe('FailedAuthLimiter', () => {
  it('lets an address fail perMinute times at once, then once per 60/perMinute s', () => {
    let now = 0;
    const limiter = new FailedAuthLimiter(20, 100, () => now);
    for (let i = 0; i < 20; i++) expect(limiter.reserve('203.0.113.9')).toBe(0);
    expect(limiter.reserve('203.0.113.9')).toBe(3);
    expect(limiter.retryAfter('203.0.113.9')).toBe(3);
    now += 3000;
    expect(limiter.retryAfter('203.0.113.9')).toBe(0);
    expect(limiter.reserve('203.0.113.9')).toBe(0);
    expect(limiter.reserve('203.0.113.9')).toBe(3);
    expect(limiter.reserve('203.0.113.10')).toBe(0);
  });

  it('does not count attempts that are given back (successful ones), and forgets an address that is whole again', () => {
    const limiter = new FailedAuthLimiter(3, 100, () => 0);
    for (let i = 0; i < 50; i++) {
      expect(limiter.reserve('198.51.100.1')).toBe(0);
      limiter.refund('198.51.100.1');
    }
    expect(limiter.size).toBe(0);
    for (let i = 0; i < 3; i++) limiter.reserve('198.51.100.1');
    expect(limiter.reserve('198.51.100.1')).toBeGreaterThan(0);
  });

  it('tracks at most maxAddresses, forgetting the one touched longest ago', () => {
    const limiter = new FailedAuthLimiter(1, 3, () => 0);
    for (const a of ['10.0.0.1', '10.0.0.2', '10.0.0.3']) limiter.reserve(a);
    limiter.reserve('10.0.0.1'); // refused, but touched: now the newest
    limiter.reserve('10.0.0.4');
    expect(limiter.size).toBe(3);
    expect(limiter.retryAfter('10.0.0.2')).toBe(0); // forgotten
    expect(limiter.retryAfter('10.0.0.1')).toBeGreaterThan(0);
    expect(limiter.retryAfter('10.0.0.3')).toBeGreaterThan(0);
    expect(limiter.retryAfter('10.0.0.4')).toBeGreaterThan(0);
  });

  it('never limits when perMinute is 0', () => {
    const limiter = new FailedAuthLimiter(0, 10, () => 0);
    for (let i = 0; i < 100; i++) expect(limiter.reserve('10.0.0.1')).toBe(0);
    expect(limiter.size).toBe(0);
  });

  it('limits an IPv6 client by its /64 and an IPv4-mapped one as IPv4', () => {
    const limiter = new FailedAuthLimiter(2, 100, () => 0);
    limiter.reserve('2001:db8:1:2::1');
    limiter.reserve('2001:db8:1:2:ffff::9');
    expect(limiter.reserve('2001:0db8:0001:0002:aaaa:bbbb:cccc:dddd')).toBeGreaterThan(0);
    expect(limiter.reserve('2001:db8:1:3::1')).toBe(0);
    limiter.reserve('::ffff:192.0.2.7');
    limiter.reserve('192.0.2.7');
    expect(limiter.reserve('::FFFF:192.0.2.7')).toBeGreaterThan(0);
  });
});

describe('addressKey', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1%eth0', 'fe80:0:0:0::/64'],
    ['2001:db8::', '2001:db8:0:0::/64'],
    ['2001:DB8:a:b:c:d:e:f', '2001:db8:a:b::/64'],
    ['1::2:3:4:5:1.2.3.4', '1:0:2:3::/64'],
    ['64:ff9b::198.51.100.1', '64:ff9b:0:0::/64'],
  ])('%s → %s', (address, key) => {
    expect(addressKey(address)).toBe(key);
  });
});
