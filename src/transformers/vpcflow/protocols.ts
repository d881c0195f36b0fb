/**
 * IANA protocol numbers seen in VPC traffic, with their IANA keywords. Numbers outside this table
 * get no `vpc.protocol_name` (the number stays in `vpc.protocol`), so the keyword field only ever
 * holds names and a dashboard's terms split never mixes names with numbers.
 */
const PROTOCOL_NAMES: ReadonlyArray<readonly [number, string]> = [
  [0, 'HOPOPT'],
  [1, 'ICMP'],
  [2, 'IGMP'],
  [4, 'IPv4'],
  [6, 'TCP'],
  [8, 'EGP'],
  [17, 'UDP'],
  [27, 'RDP'],
  [41, 'IPv6'],
  [43, 'IPv6-Route'],
  [44, 'IPv6-Frag'],
  [46, 'RSVP'],
  [47, 'GRE'],
  [50, 'ESP'],
  [51, 'AH'],
  [58, 'ICMPv6'],
  [59, 'IPv6-NoNxt'],
  [60, 'IPv6-Opts'],
  [88, 'EIGRP'],
  [89, 'OSPF'],
  [94, 'IPIP'],
  [103, 'PIM'],
  [112, 'VRRP'],
  [115, 'L2TP'],
  [132, 'SCTP'],
  [136, 'UDPLite'],
  [137, 'MPLS-in-IP'],
];

// A dense array indexed by number: one bounds check and one load on the hot path.
const BY_NUMBER: ReadonlyArray<string | undefined> = (() => {
  const table: Array<string | undefined> = new Array(256).fill(undefined);
  for (const [number, name] of PROTOCOL_NAMES) table[number] = name;
  return table;
})();

/**
 * The IANA keyword of a protocol number, or undefined when the table does not know it.
 *
 * @example
 * ```ts
 * protocolName(6); // 'TCP'
 * protocolName(253); // undefined
 * ```
 */
export const protocolName = (protocol: number): string | undefined =>
  protocol >= 0 && protocol < 256 ? BY_NUMBER[protocol] : undefined;
