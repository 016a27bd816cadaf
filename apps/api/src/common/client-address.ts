import ipaddr from 'ipaddr.js';

/**
 * The key limits count a client under: its IPv4 address, or the /64 its IPv6 address is in (one
 * subscriber usually holds a whole /64, so counting single IPv6 addresses would limit nothing).
 * IPv4-mapped IPv6 (`::ffff:10.0.0.1`) counts as the IPv4 address.
 */
export function addressKey(ip: string): string {
  if (!ipaddr.isValid(ip)) return ip;
  const address = ipaddr.process(ip);
  if (address.kind() === 'ipv4') return address.toString();
  const prefix = (address as ipaddr.IPv6).parts.slice(0, 4).map((part) => part.toString(16));
  return `${prefix.join(':')}::/64`;
}

/** Express's compiled "trust proxy" rule: whether to believe the hop at `address`, `hops` from this server. */
export type TrustProxy = (address: string, hops: number) => boolean;

/**
 * The client address of a raw Node request (a socket.io handshake) by the rule Express applies to
 * `request.ip`: walk X-Forwarded-For from the nearest hop while the hop is trusted.
 */
export function requestAddress(
  request: { socket: { remoteAddress?: string }; headers: Record<string, string | string[] | undefined> },
  trust: TrustProxy,
): string {
  const forwarded = request.headers['x-forwarded-for'];
  const hops = [
    request.socket.remoteAddress ?? 'unknown',
    ...(Array.isArray(forwarded) ? forwarded.join(',') : (forwarded ?? ''))
      .split(',')
      .map((hop) => hop.trim())
      .filter(Boolean)
      .reverse(),
  ];
  let index = 0;
  while (index < hops.length - 1 && trust(hops[index]!, index)) index++;
  return hops[index]!;
}
