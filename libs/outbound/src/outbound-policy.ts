import { lookup } from 'node:dns/promises';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import type { Config } from '@interdict/config';
import { OutboundError } from './outbound.errors';

/** Who may be called: https only (production), no private ranges unless allowed or allowlisted. */
export interface OutboundPolicyOptions {
  requireHttps: boolean;
  /** Private, loopback and link-local addresses allowed (dev/demo); cloud metadata stays refused. */
  allowPrivate: boolean;
  /** Host names (`*.corp.example`) and IPs/CIDRs reachable even though private. */
  allowlist: readonly string[];
  /** The setting that holds the allowlist, named in refusals (`webhooks.allowlist`). */
  allowlistSetting?: string;
  /** Every address a host name has (DNS by default; tests give their own so they ask no resolver). */
  resolveAll?: (host: string) => Promise<{ address: string; family: number }[]>;
}

const dnsResolveAll = (host: string) => lookup(host, { all: true, verbatim: true });

/** A checked address to connect to, so the request goes exactly where the check looked. */
export interface PinnedAddress {
  address: string;
  family: 4 | 6;
}

const PRIVATE = new BlockList();
for (const [net, bits] of [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv4');
for (const [net, bits] of [
  ['::', 128],
  ['::1', 128],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
  ['64:ff9b::', 96],
] as const)
  PRIVATE.addSubnet(net, bits, 'ipv6');

// Instance metadata services hand out cloud credentials: refused even when private addresses are allowed.
const METADATA = new BlockList();
for (const a of ['169.254.169.254', '169.254.170.2', '100.100.100.200']) METADATA.addAddress(a, 'ipv4');
METADATA.addAddress('fd00:ec2::254', 'ipv6');

const DNS_CACHE_MS = 30_000;

/**
 * Checks every URL a user can point Interdict at (webhook endpoints, MDM sources) when it is saved and again, after
 * DNS resolution, before every connection; the connection then goes to the address that was checked.
 */
export class OutboundPolicy {
  private readonly allowNets = new BlockList();
  private readonly allowHosts: string[] = [];
  private readonly cache = new Map<string, { pinned: PinnedAddress; until: number }>();

  constructor(private readonly opts: OutboundPolicyOptions) {
    for (const entry of opts.allowlist) {
      const [addr, bits] = entry.split('/');
      const family = isIP(addr);
      if (family === 0) this.allowHosts.push(entry.toLowerCase());
      else if (bits === undefined) this.allowNets.addAddress(addr, family === 4 ? 'ipv4' : 'ipv6');
      else this.allowNets.addSubnet(addr, Number(bits), family === 4 ? 'ipv4' : 'ipv6');
    }
  }

  /** Parses and checks a URL without DNS (IP literals are checked); throws an OutboundError naming the field. */
  checkUrl(raw: string, field = 'url'): URL {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new OutboundError('invalid_url', `${field} is not a valid absolute URL`, field);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new OutboundError('invalid_url', `${field} must be an http or https URL`, field);
    if (url.protocol === 'http:' && this.opts.requireHttps)
      throw new OutboundError('unsafe_url', `${field} must use https in production`, field);
    if (url.username || url.password)
      throw new OutboundError(
        'invalid_url',
        `${field} must not contain credentials; use a custom header such as Authorization`,
        field,
      );
    if (url.hash) throw new OutboundError('invalid_url', `${field} must not contain a #fragment`, field);
    const literal = hostAddress(url.hostname);
    if (literal) this.checkAddress(url.hostname, literal, field);
    return url;
  }

  /**
   * The check when a URL is saved: the URL itself, then every address its host resolves to now. A name that does not
   * resolve from here is accepted (it may only resolve where the worker runs); every connection checks again.
   */
  async checkSavedUrl(raw: string, field = 'url'): Promise<URL> {
    const url = this.checkUrl(raw, field);
    const host = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(host)) return url;
    const answers = await (this.opts.resolveAll ?? dnsResolveAll)(host).catch(() => []);
    for (const a of answers) this.checkAddress(host, a.address, field);
    return url;
  }

  /** Refuses an address the policy does not allow for this host, and an IPv6 address that carries such an IPv4. */
  checkAddress(host: string, address: string, field = 'url'): void {
    if (isIP(address) === 6) {
      const embedded = embeddedIpv4s(address);
      for (const v4 of embedded) this.checkOne(host, v4, 'ipv4', field);
      // An IPv4-mapped address is that IPv4 address; other forms are judged as IPv6 too.
      if (embedded.length && isMapped(address)) return;
      this.checkOne(host, address, 'ipv6', field);
    } else this.checkOne(host, address, 'ipv4', field);
  }

  private checkOne(host: string, addr: string, type: 'ipv4' | 'ipv6', field: string): void {
    if (this.isAllowlisted(host, addr, type)) return;
    if (METADATA.check(addr, type))
      throw new OutboundError('unsafe_url', `${field} points to a cloud metadata address (${addr})`, field);
    if (PRIVATE.check(addr, type) && !this.opts.allowPrivate)
      throw new OutboundError(
        'unsafe_url',
        `${field} resolves to a private, loopback or link-local address (${addr}); add it to ${this.opts.allowlistSetting ?? 'the allowlist'} to allow it`,
        field,
      );
  }

  /** Resolves the URL's host, checks every address it has, and returns the one to connect to. */
  resolve(url: URL, field = 'url'): Promise<PinnedAddress> {
    return this.resolveHost(url.hostname, field);
  }

  /** Same as resolve, for a host name or IP literal (brackets allowed). */
  async resolveHost(hostname: string, field = 'url'): Promise<PinnedAddress> {
    const literal = hostAddress(hostname);
    if (literal) {
      this.checkAddress(hostname, literal, field);
      return { address: literal, family: isIP(literal) === 6 ? 6 : 4 };
    }
    const hit = this.cache.get(hostname);
    if (hit && hit.until > Date.now()) return hit.pinned;
    let answers: { address: string; family: number }[];
    try {
      answers = await (this.opts.resolveAll ?? dnsResolveAll)(hostname);
    } catch {
      throw new OutboundError('unresolvable_host', `${field} host ${hostname} does not resolve`, field);
    }
    // Every answer is checked: a name that also resolves to a private address could be steered there.
    for (const a of answers) this.checkAddress(hostname, a.address, field);
    const first = answers[0];
    const pinned: PinnedAddress = { address: first.address, family: first.family === 6 ? 6 : 4 };
    this.cache.set(hostname, { pinned, until: Date.now() + DNS_CACHE_MS });
    return pinned;
  }

  /**
   * A `lookup` for http(s) agents: every connection resolves through the policy and goes to the checked address.
   * Sockets to IP literals skip lookup, so callers check each URL with checkUrl as well.
   */
  readonly lookup: LookupFunction = (hostname, options, callback) => {
    const cb = callback as (err: Error | null, address?: unknown, family?: number) => void;
    this.resolveHost(hostname).then(
      (p) => ((options as { all?: boolean }).all ? cb(null, [p]) : cb(null, p.address, p.family)),
      (err: Error) => cb(err),
    );
  };

  private isAllowlisted(host: string, addr: string, type: 'ipv4' | 'ipv6'): boolean {
    const h = host.toLowerCase().replace(/^\[|\]$/g, '');
    const byHost = this.allowHosts.some((p) => (p.startsWith('*.') ? h.endsWith(p.slice(1)) : h === p));
    return byHost || this.allowNets.check(addr, type);
  }
}

const ALLOWLISTS = {
  webhooks: { setting: 'webhooks.allowlist', of: (c: Config) => c.webhooks.allowlist },
  sources: { setting: 'sync.sourceAllowlist', of: (c: Config) => c.sync.sourceAllowlist },
  email: { setting: 'email.allowlist', of: (c: Config) => c.email.allowlist },
  reportStorage: {
    setting: 'reports.s3.endpointAllowlist',
    of: (c: Config) => c.reports.s3.endpointAllowlist,
  },
} as const;

/**
 * The policy the configuration asks for: for webhook endpoints, MDM sources, the SMTP server or the S3 report
 * store's endpoint (each has its allowlist).
 */
export function outboundPolicyFromConfig(config: Config, use: keyof typeof ALLOWLISTS): OutboundPolicy {
  const insecure = config.security.allowInsecureOutbound;
  // The demo (never in production) talks to its built-in receiver, simulator and mail catcher on 127.0.0.1; nothing
  // else private opens up.
  const demoLoopback = config.demo.enabled && config.env !== 'production' ? ['127.0.0.1'] : [];
  return new OutboundPolicy({
    requireHttps: config.env === 'production' && !insecure,
    allowPrivate: insecure,
    allowlist: [...ALLOWLISTS[use].of(config), ...demoLoopback],
    allowlistSetting: ALLOWLISTS[use].setting,
  });
}

function hostAddress(hostname: string): string | null {
  const h = hostname.replace(/^\[|\]$/g, '');
  return isIP(h) ? h : null;
}

/** The eight 16-bit groups of an IPv6 address (with or without a dotted IPv4 tail), or null. */
export function ipv6Groups(address: string): number[] | null {
  let a = address.toLowerCase().replace(/%.*$/, '');
  const dotted = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(a);
  if (dotted) {
    const [b0, b1, b2, b3] = dotted.slice(1).map(Number);
    a = `${a.slice(0, dotted.index)}${((b0 << 8) | b1).toString(16)}:${((b2 << 8) | b3).toString(16)}`;
  }
  const halves = a.split('::');
  if (halves.length > 2) return null;
  const part = (h: string) => (h ? h.split(':').map((g) => parseInt(g, 16)) : []);
  const head = part(halves[0]);
  const tail = halves.length === 2 ? part(halves[1]) : [];
  const fill = 8 - head.length - tail.length;
  if (halves.length === 1 ? head.length !== 8 : fill < 0) return null;
  const groups = [...head, ...new Array<number>(halves.length === 2 ? fill : 0).fill(0), ...tail];
  return groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : null;
}

const v4 = (hi: number, lo: number) => [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');

function isMapped(address: string): boolean {
  const g = ipv6Groups(address);
  return !!g && g.slice(0, 5).every((x) => x === 0) && g[5] === 0xffff;
}

/**
 * The IPv4 addresses an IPv6 address reaches or carries: IPv4-mapped (::ffff:0:0/96), IPv4-compatible (::/96),
 * NAT64 (64:ff9b::/96, 64:ff9b:1::/48), 6to4 (2002::/16) and Teredo (2001::/32, server and client). Each is judged
 * like the IPv4 address itself, so no spelling of 169.254.169.254 gets through.
 */
export function embeddedIpv4s(address: string): string[] {
  const g = ipv6Groups(address);
  if (!g) return [];
  const zeros = (from: number, to: number) => g.slice(from, to).every((x) => x === 0);
  const out: string[] = [];
  // ::ffff:a.b.c.d, and ::a.b.c.d except :: and ::1 (IPv6's own unspecified and loopback addresses).
  if (zeros(0, 5) && (g[5] === 0xffff || (g[5] === 0 && (g[6] !== 0 || g[7] > 1)))) out.push(v4(g[6], g[7]));
  if (g[0] === 0x64 && g[1] === 0xff9b && (zeros(2, 6) || g[2] === 1)) out.push(v4(g[6], g[7]));
  if (g[0] === 0x2002) out.push(v4(g[1], g[2]));
  if (g[0] === 0x2001 && g[1] === 0) out.push(v4(g[2], g[3]), v4(g[6] ^ 0xffff, g[7] ^ 0xffff));
  return out;
}
