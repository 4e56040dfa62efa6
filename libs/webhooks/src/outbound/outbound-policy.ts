import { lookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
import type { Config } from '@interdict/config';
import { WebhookError } from '../webhooks.errors';

/** Who may be called: https only (production), no private ranges unless allowed or allowlisted. */
export interface OutboundPolicyOptions {
  requireHttps: boolean;
  /** Private, loopback and link-local addresses allowed (dev/demo); cloud metadata stays refused. */
  allowPrivate: boolean;
  /** Host names (`*.corp.example`) and IPs/CIDRs reachable even though private. */
  allowlist: readonly string[];
}

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

/** Checks webhook URLs when they are saved and again, after DNS resolution, before every connection. */
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

  /** Parses and checks a URL without DNS (IP literals are checked); throws a WebhookError naming the field. */
  checkUrl(raw: string, field = 'url'): URL {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      throw new WebhookError('invalid_endpoint', `${field} is not a valid absolute URL`, field);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:')
      throw new WebhookError('invalid_endpoint', `${field} must be an http or https URL`, field);
    if (url.protocol === 'http:' && this.opts.requireHttps)
      throw new WebhookError('unsafe_url', `${field} must use https in production`, field);
    if (url.username || url.password)
      throw new WebhookError(
        'invalid_endpoint',
        `${field} must not contain credentials; use a custom header such as Authorization`,
        field,
      );
    if (url.hash) throw new WebhookError('invalid_endpoint', `${field} must not contain a #fragment`, field);
    const literal = hostAddress(url.hostname);
    if (literal) this.checkAddress(url.hostname, literal, field);
    return url;
  }

  /** Refuses an address the policy does not allow for this host. */
  checkAddress(host: string, address: string, field = 'url'): void {
    const v4 = mappedIpv4(address);
    const [addr, type] = v4
      ? [v4, 'ipv4' as const]
      : [address, isIP(address) === 6 ? ('ipv6' as const) : ('ipv4' as const)];
    if (this.isAllowlisted(host, addr, type)) return;
    if (METADATA.check(addr, type))
      throw new WebhookError('unsafe_url', `${field} points to a cloud metadata address (${addr})`, field);
    if (PRIVATE.check(addr, type) && !this.opts.allowPrivate)
      throw new WebhookError(
        'unsafe_url',
        `${field} resolves to a private, loopback or link-local address (${addr}); add it to webhooks.allowlist to allow it`,
        field,
      );
  }

  /** Resolves the URL's host, checks every address it has, and returns the one to connect to. */
  async resolve(url: URL): Promise<PinnedAddress> {
    const literal = hostAddress(url.hostname);
    if (literal) {
      this.checkAddress(url.hostname, literal);
      return { address: literal, family: isIP(literal) === 6 ? 6 : 4 };
    }
    const hit = this.cache.get(url.hostname);
    if (hit && hit.until > Date.now()) return hit.pinned;
    let answers: { address: string; family: number }[];
    try {
      answers = await lookup(url.hostname, { all: true, verbatim: true });
    } catch {
      throw new WebhookError('unsafe_url', `url host ${url.hostname} does not resolve`, 'url');
    }
    // Every answer is checked: a name that also resolves to a private address could be steered there.
    for (const a of answers) this.checkAddress(url.hostname, a.address);
    const first = answers[0];
    const pinned: PinnedAddress = { address: first.address, family: first.family === 6 ? 6 : 4 };
    this.cache.set(url.hostname, { pinned, until: Date.now() + DNS_CACHE_MS });
    return pinned;
  }

  private isAllowlisted(host: string, addr: string, type: 'ipv4' | 'ipv6'): boolean {
    const h = host.toLowerCase().replace(/^\[|\]$/g, '');
    const byHost = this.allowHosts.some((p) => (p.startsWith('*.') ? h.endsWith(p.slice(1)) : h === p));
    return byHost || this.allowNets.check(addr, type);
  }
}

/** The policy the configuration asks for. */
export function outboundPolicyFromConfig(config: Config): OutboundPolicy {
  const insecure = config.security.allowInsecureOutbound;
  // The demo (never in production) delivers to its built-in receiver on 127.0.0.1; nothing else private opens up.
  const demoLoopback = config.demo.enabled && config.env !== 'production' ? ['127.0.0.1'] : [];
  return new OutboundPolicy({
    requireHttps: config.env === 'production' && !insecure,
    allowPrivate: insecure,
    allowlist: [...config.webhooks.allowlist, ...demoLoopback],
  });
}

function hostAddress(hostname: string): string | null {
  const h = hostname.replace(/^\[|\]$/g, '');
  return isIP(h) ? h : null;
}

/** `::ffff:a.b.c.d` (or its hex form) reaches the IPv4 address, so it is judged as one. */
function mappedIpv4(address: string): string | null {
  const m = /^::ffff:(?:(\d+\.\d+\.\d+\.\d+)|([0-9a-f]{1,4}):([0-9a-f]{1,4}))$/i.exec(address);
  if (!m) return null;
  if (m[1]) return m[1];
  const hi = parseInt(m[2], 16);
  const lo = parseInt(m[3], 16);
  return [hi >> 8, hi & 255, lo >> 8, lo & 255].join('.');
}
