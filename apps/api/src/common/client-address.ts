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
