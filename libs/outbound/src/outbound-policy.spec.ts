import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '@interdict/config';
import { embeddedIpv4s, OutboundPolicy, outboundPolicyFromConfig } from './outbound-policy';

const strict = new OutboundPolicy({ requireHttps: true, allowPrivate: false, allowlist: [] });
const dev = new OutboundPolicy({ requireHttps: false, allowPrivate: true, allowlist: [] });

describe('OutboundPolicy', () => {
  it('accepts a public https URL', () => {
    expect(strict.checkUrl('https://8.8.8.8/hook').hostname).toBe('8.8.8.8');
  });

  it.each([
    ['http://8.8.8.8/x', 'https'],
    ['https://127.0.0.1/x', 'private'],
    ['https://10.1.2.3/x', 'private'],
    ['https://192.168.0.10/x', 'private'],
    ['https://172.20.0.1/x', 'private'],
    ['https://[::1]/x', 'private'],
    ['https://[fe80::1]/x', 'private'],
    ['https://[::ffff:127.0.0.1]/x', 'private'],
    ['https://169.254.169.254/latest/meta-data', 'metadata'],
    ['https://user:pw@8.8.8.8/x', 'credentials'],
    ['ftp://8.8.8.8/x', 'http or https'],
    ['not a url', 'valid absolute URL'],
  ])('refuses %s (%s)', (url, why) => {
    expect(() => strict.checkUrl(url)).toThrow(
      expect.objectContaining({ field: 'url', message: expect.stringContaining(why) }),
    );
  });

  // Every IPv6 spelling that reaches or carries a refused IPv4 address is refused like that address.
  it.each([
    ['::a9fe:a9fe', 'IPv4-compatible (::/96), hex', '169.254.169.254', 'metadata'],
    ['::169.254.169.254', 'IPv4-compatible, dotted', '169.254.169.254', 'metadata'],
    ['::ffff:a9fe:a9fe', 'IPv4-mapped (::ffff:0:0/96)', '169.254.169.254', 'metadata'],
    ['::ffff:10.0.0.1', 'IPv4-mapped, dotted', '10.0.0.1', 'private'],
    ['64:ff9b::a9fe:a9fe', 'NAT64 (64:ff9b::/96)', '169.254.169.254', 'metadata'],
    ['64:ff9b:1::7f00:1', 'local NAT64 (64:ff9b:1::/48)', '127.0.0.1', 'private'],
    ['2002:a9fe:a9fe::1', '6to4 (2002::/16)', '169.254.169.254', 'metadata'],
    ['2002:c0a8:0101::', '6to4 of 192.168.1.1', '192.168.1.1', 'private'],
    ['2001:0:a9fe:a9fe::1', 'Teredo server (2001::/32)', '169.254.169.254', 'metadata'],
    ['2001:0:4136:e378:8000:63bf:f5ff:fffe', 'Teredo client (xor-ed)', '10.0.0.1', 'private'],
  ])('refuses [%s]: %s carries %s', (addr, _form, carried, why) => {
    expect(embeddedIpv4s(addr)).toContain(carried);
    expect(() => strict.checkUrl(`https://[${addr}]/x`)).toThrow(
      expect.objectContaining({ field: 'url', message: expect.stringContaining(why) }),
    );
    if (why === 'metadata') expect(() => dev.checkUrl(`http://[${addr}]/x`)).toThrow(/metadata/);
  });

  it('accepts public IPv6 addresses, including forms that carry a public IPv4 address', () => {
    for (const addr of ['2606:4700::1111', '2002:0808:0808::1', '::ffff:8.8.8.8'])
      expect(() => strict.checkUrl(`https://[${addr}]/x`)).not.toThrow();
    expect(embeddedIpv4s('::1')).toEqual([]);
    expect(embeddedIpv4s('2606:4700::1111')).toEqual([]);
  });

  it('allows loopback and http when insecure outbound is on, but never cloud metadata', () => {
    expect(dev.checkUrl('http://127.0.0.1:9000/x').port).toBe('9000');
    expect(() => dev.checkUrl('http://169.254.169.254/')).toThrow(/metadata/);
  });

  it('allows an allowlisted CIDR and host', () => {
    const p = new OutboundPolicy({
      requireHttps: true,
      allowPrivate: false,
      allowlist: ['10.20.0.0/16', '*.corp.example'],
    });
    expect(() => p.checkUrl('https://10.20.3.4/x')).not.toThrow();
    expect(() => p.checkUrl('https://10.21.3.4/x')).toThrow(/private/);
    expect(() => p.checkAddress('siem.corp.example', '10.99.0.1')).not.toThrow();
    expect(() => p.checkAddress('siem.other.example', '10.99.0.1')).toThrow(/private/);
  });

  it('checks the addresses a name resolves to at delivery time', async () => {
    await expect(strict.resolve(new URL('https://localhost/x'))).rejects.toThrow(/private, loopback/);
    await expect(dev.resolve(new URL('http://localhost/x'))).resolves.toMatchObject({
      address: expect.any(String),
    });
  });

  it('lets the demo (outside production) reach 127.0.0.1 only, and requires https in production', () => {
    const configDir = mkdtempSync(join(tmpdir(), 'interdict-policy-'));
    const demo = outboundPolicyFromConfig(loadConfig({ env: {}, configDir }), 'webhooks');
    expect(() => demo.checkUrl('http://127.0.0.1:9000/x')).not.toThrow();
    expect(() => demo.checkUrl('http://127.0.0.2:9000/x')).toThrow(/private/);
    expect(() => demo.checkUrl('http://10.0.0.1/x')).toThrow(/private/);
    const prod = outboundPolicyFromConfig(
      loadConfig({
        env: { NODE_ENV: 'production', INTERDICT_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64') },
        configDir,
      }),
      'webhooks',
    );
    expect(() => prod.checkUrl('https://127.0.0.1/x')).toThrow(/private/);
    expect(() => prod.checkUrl('http://8.8.8.8/x')).toThrow(/https/);
  });

  it('gives MDM sources the same policy with their own allowlist, named in the refusal', () => {
    const configDir = mkdtempSync(join(tmpdir(), 'interdict-policy-'));
    const prodEnv = {
      NODE_ENV: 'production',
      INTERDICT_ENCRYPTION_KEY: Buffer.alloc(32, 1).toString('base64'),
    };
    const prod = outboundPolicyFromConfig(loadConfig({ env: prodEnv, configDir }), 'sources');
    for (const url of [
      'https://169.254.169.254/',
      'https://10.0.0.1/',
      'https://[fd00:ec2::254]/',
      'https://127.0.0.1/',
      'https://[::a9fe:a9fe]/',
    ])
      expect(() => prod.checkUrl(url, 'settings.baseUrl')).toThrow(
        expect.objectContaining({ code: 'unsafe_url', field: 'settings.baseUrl' }),
      );
    expect(() => prod.checkUrl('http://jamf.example.com/', 'settings.baseUrl')).toThrow(/must use https/);
    expect(() => prod.checkUrl('https://10.0.0.1/')).toThrow(/add it to sync\.sourceAllowlist/);
    const onPrem = outboundPolicyFromConfig(
      loadConfig({ env: { ...prodEnv, SOURCES_ALLOWLIST: '10.20.0.0/16' }, configDir }),
      'sources',
    );
    expect(() => onPrem.checkUrl('https://10.20.1.5:8443/')).not.toThrow();
    // The webhooks' allowlist does not open addresses for sources, nor the other way round.
    const hooks = outboundPolicyFromConfig(
      loadConfig({ env: { ...prodEnv, SOURCES_ALLOWLIST: '10.20.0.0/16' }, configDir }),
      'webhooks',
    );
    expect(() => hooks.checkUrl('https://10.20.1.5/')).toThrow(/webhooks\.allowlist/);
  });

  it('checks every connection an agent opens through its lookup, and refuses a name that resolves to loopback', async () => {
    const look = (policy: OutboundPolicy, host: string) =>
      new Promise<unknown>((resolve, reject) =>
        policy.lookup(host, { all: false }, (err, address) => (err ? reject(err) : resolve(address))),
      );
    await expect(look(strict, 'localhost')).rejects.toMatchObject({ code: 'unsafe_url' });
    const named = new OutboundPolicy({ requireHttps: true, allowPrivate: false, allowlist: ['localhost'] });
    await expect(look(named, 'localhost')).resolves.toEqual(expect.any(String));
    // A name that does not resolve is transient, not a refusal (the resolver is the test's: tests ask no DNS server).
    const asked: string[] = [];
    const offline = new OutboundPolicy({
      requireHttps: true,
      allowPrivate: false,
      allowlist: [],
      resolveAll: (host) => {
        asked.push(host);
        return Promise.reject(Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' }));
      },
    });
    const err = await look(offline, 'mdm.corp.example').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'unresolvable_host', isPermanent: false });
    expect(asked).toEqual(['mdm.corp.example']);
  });
});
