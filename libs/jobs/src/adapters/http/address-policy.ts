import ipaddr from 'ipaddr.js';

/** Addresses of cloud instance-metadata services, named as such in refusals (AWS IMDS over IPv4 and IPv6). */
const METADATA = ['169.254.169.254', 'fd00:ec2::254'];

/** ipaddr.js range names, as a refusal says them. Only `unicast` (public) addresses are let through. */
const RANGE_NAMES: Record<string, string> = {
  private: 'private',
  loopback: 'loopback',
  linkLocal: 'link-local',
  uniqueLocal: 'unique-local',
  carrierGradeNat: 'carrier-grade NAT (CGNAT)',
  multicast: 'multicast',
  unspecified: 'unspecified',
  broadcast: 'broadcast',
  reserved: 'reserved',
};

/**
 * Why a webhook may not be sent to `address`, or null when it may: anything but a public unicast address is refused
 * (private, loopback, link-local, unique-local, CGNAT, multicast, unspecified, reserved, and the IPv6 forms that
 * embed an IPv4 address such as NAT64 or 6to4). An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is judged as the IPv4
 * address it carries. Classification by ipaddr.js, not hand-written ranges. With allowPrivate (a receiver on your
 * own network) only the metadata addresses are refused.
 */
export function addressRefusal(address: string, options: { allowPrivate?: boolean } = {}): string | null {
  if (!ipaddr.isValid(address)) return `refused: ${address} is not an IP address`;
  const parsed = ipaddr.process(address);
  const normalized = parsed.toString();
  // Refused even when private addresses are allowed: no receiver of yours is the metadata service.
  if (METADATA.some((metadata) => ipaddr.parse(metadata).toString() === normalized))
    return `refused: address ${normalized} is a cloud metadata service`;
  if (options.allowPrivate) return null;
  const range = parsed.range();
  if (range === 'unicast') return null;
  return `refused: address ${normalized} is ${RANGE_NAMES[range] ?? `not public (${range})`}`;
}
