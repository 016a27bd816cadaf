import { lookup as dnsLookup } from 'node:dns/promises';
import type { LookupFunction } from 'node:net';
import ipaddr from 'ipaddr.js';

/** Names of cloud metadata services, refused whatever they resolve to. */
const METADATA_NAMES = new Set(['metadata.google.internal', 'metadata.goog', 'metadata', 'instance-data']);

/** A receiver's address that was checked: delivery connects to it, never to a fresh lookup. */
export interface CheckedTarget {
  address: string;
  family: 4 | 6;
}

/** Why a target is refused, in words for the admin who registered it. */
export class WebhookTargetRefused extends Error {}

/** A name resolver: every address of a host name (tests pass their own). */
export type Resolve = (hostname: string) => Promise<{ address: string; family: number }[]>;

const resolveAll: Resolve = (hostname) => dnsLookup(hostname, { all: true, verbatim: true });

/**
 * Whether an address is on the public internet. ipaddr.js's `range()` names every special block
 * (loopback, private, linkLocal — which holds 169.254.169.254 —, uniqueLocal, multicast,
 * unspecified, carrierGradeNat, reserved, …); only plain `unicast` passes. IPv4-mapped IPv6 is
 * judged as the IPv4 address it carries.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.process(address);
  return parsed.range() === 'unicast';
}

/**
 * The address delivery may connect to for `url`: the name resolved once, every answer public (a
 * name with one private answer is refused, so a round-robin cannot slip one in). With
 * `allowPrivate` (PARLEY_WEBHOOK_ALLOW_PRIVATE) any address is taken. Throws WebhookTargetRefused.
 */
export async function checkTarget(
  url: string,
  allowPrivate: boolean,
  resolve: Resolve = resolveAll,
): Promise<CheckedTarget> {
  const { hostname } = new URL(url);
  const bare = hostname
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
    .toLowerCase();
  if (!allowPrivate && METADATA_NAMES.has(bare)) {
    throw new WebhookTargetRefused(`${bare} is a cloud metadata service`);
  }
  let answers: { address: string; family: number }[];
  try {
    // WHATWG URL parsing already turned 2130706433, 0x7f.1 and 0177.0.0.1 into 127.0.0.1.
    answers = ipaddr.isValid(bare)
      ? [{ address: bare, family: bare.includes(':') ? 6 : 4 }]
      : await resolve(bare);
  } catch {
    throw new WebhookTargetRefused(`${bare} does not resolve`);
  }
  if (answers.length === 0) throw new WebhookTargetRefused(`${bare} does not resolve`);
  if (!allowPrivate) {
    const closed = answers.find((answer) => !isPublicAddress(answer.address));
    if (closed) {
      throw new WebhookTargetRefused(
        `${bare} is ${closed.address}, a private, loopback, link-local or otherwise non-public address`,
      );
    }
  }
  const first = answers[0]!;
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}

/** A `lookup` for http(s).request that answers the checked address, whatever the name. */
export function pinnedLookup(target: CheckedTarget): LookupFunction {
  return (_hostname, options, callback) => {
    if (options.all) {
      (callback as unknown as (error: null, addresses: { address: string; family: number }[]) => void)(null, [
        { address: target.address, family: target.family },
      ]);
    } else {
      callback(null, target.address, target.family);
    }
  };
}
