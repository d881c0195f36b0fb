import type { FieldSpec } from '../../core';

/** How a flow-log value is read: kept as text, a whole number, or an IP address. */
export type VpcValueKind = 'keyword' | 'long' | 'ip';

/**
 * One field AWS documents for flow log records, under its AWS name (`log-status`).
 *
 * @example
 * ```ts
 * const field: VpcFieldDefinition = { awsName: 'dstport', kind: 'long', description: 'Destination port.' };
 * ```
 */
export interface VpcFieldDefinition {
  /** The name as written in a format string and a header line, e.g. `log-status`. */
  readonly awsName: string;
  readonly kind: VpcValueKind;
  readonly description: string;
}

/**
 * Every field AWS documents for flow log records (versions 2 and later), in the order of the
 * AWS "Available fields" table; the first 14 are the default (version 2) format.
 * A field a custom format names that is not here is kept as a keyword.
 *
 * @example
 * ```ts
 * VPC_FIELD_DEFINITIONS.find((field) => field.awsName === 'srcaddr')?.kind; // 'ip'
 * ```
 */
export const VPC_FIELD_DEFINITIONS: readonly VpcFieldDefinition[] = [
  {
    awsName: 'version',
    kind: 'long',
    description:
      'Flow log version: 2 for the default format, else the highest version among the fields of a custom format.',
  },
  {
    awsName: 'account-id',
    kind: 'keyword',
    description:
      'AWS account that owns the network interface (may be "unknown" for interfaces AWS services create).',
  },
  {
    awsName: 'interface-id',
    kind: 'keyword',
    description: 'Network interface (ENI) the traffic was recorded on.',
  },
  {
    awsName: 'srcaddr',
    kind: 'ip',
    description: 'Source address (for outgoing traffic, the interface address).',
  },
  {
    awsName: 'dstaddr',
    kind: 'ip',
    description: 'Destination address (for incoming traffic, the interface address).',
  },
  { awsName: 'srcport', kind: 'long', description: 'Source port.' },
  { awsName: 'dstport', kind: 'long', description: 'Destination port.' },
  { awsName: 'protocol', kind: 'long', description: 'IANA protocol number (6 TCP, 17 UDP, 1 ICMP, …).' },
  { awsName: 'packets', kind: 'long', description: 'Packets transferred during the flow.' },
  { awsName: 'bytes', kind: 'long', description: 'Bytes transferred during the flow.' },
  {
    awsName: 'start',
    kind: 'long',
    description: 'Epoch seconds of the first packet of the flow within the aggregation interval.',
  },
  {
    awsName: 'end',
    kind: 'long',
    description: 'Epoch seconds of the last packet of the flow within the aggregation interval.',
  },
  {
    awsName: 'action',
    kind: 'keyword',
    description: 'ACCEPT or REJECT by security groups and network ACLs.',
  },
  {
    awsName: 'log-status',
    kind: 'keyword',
    description: 'OK, NODATA (no traffic in the interval) or SKIPDATA (records skipped).',
  },
  { awsName: 'vpc-id', kind: 'keyword', description: 'VPC of the network interface.' },
  { awsName: 'subnet-id', kind: 'keyword', description: 'Subnet of the network interface.' },
  {
    awsName: 'instance-id',
    kind: 'keyword',
    description: 'Instance the network interface is attached to, when you own it.',
  },
  {
    awsName: 'tcp-flags',
    kind: 'long',
    description: 'Bitwise OR of the TCP flags seen in the interval (FIN 1, SYN 2, RST 4, SYN-ACK 18).',
  },
  { awsName: 'type', kind: 'keyword', description: 'Traffic type: IPv4, IPv6 or EFA.' },
  { awsName: 'pkt-srcaddr', kind: 'ip', description: 'Packet-level (original) source address.' },
  { awsName: 'pkt-dstaddr', kind: 'ip', description: 'Packet-level (original) destination address.' },
  { awsName: 'region', kind: 'keyword', description: 'Region of the network interface.' },
  {
    awsName: 'az-id',
    kind: 'keyword',
    description: 'Availability Zone id of the network interface, e.g. use1-az4.',
  },
  {
    awsName: 'sublocation-type',
    kind: 'keyword',
    description: 'Sublocation type: wavelength, outpost or localzone.',
  },
  {
    awsName: 'sublocation-id',
    kind: 'keyword',
    description: 'Id of the sublocation (Wavelength Zone, Outpost or Local Zone).',
  },
  {
    awsName: 'pkt-src-aws-service',
    kind: 'keyword',
    description: 'AWS service the source address belongs to (S3, DYNAMODB, EC2, …).',
  },
  {
    awsName: 'pkt-dst-aws-service',
    kind: 'keyword',
    description: 'AWS service the destination address belongs to (S3, DYNAMODB, EC2, …).',
  },
  {
    awsName: 'flow-direction',
    kind: 'keyword',
    description: 'ingress or egress, relative to the interface.',
  },
  {
    awsName: 'traffic-path',
    kind: 'long',
    description:
      'Path egress traffic took: 1 same VPC, 2 internet gateway or gateway endpoint, 3 virtual private gateway, 4 intra-region peering, 5 inter-region peering, 6 local gateway, 7 gateway endpoint, 8 internet gateway (7 and 8 on Nitro instances).',
  },
  { awsName: 'ecs-cluster-arn', kind: 'keyword', description: 'ARN of the ECS cluster of the task.' },
  { awsName: 'ecs-cluster-name', kind: 'keyword', description: 'Name of the ECS cluster of the task.' },
  {
    awsName: 'ecs-container-instance-arn',
    kind: 'keyword',
    description: 'ARN of the ECS container instance (EC2 launch type).',
  },
  {
    awsName: 'ecs-container-instance-id',
    kind: 'keyword',
    description: 'Id of the ECS container instance (EC2 launch type).',
  },
  {
    awsName: 'ecs-container-id',
    kind: 'keyword',
    description: 'Docker runtime id of a container of the task.',
  },
  {
    awsName: 'ecs-second-container-id',
    kind: 'keyword',
    description: 'Docker runtime id of a second container of the task.',
  },
  { awsName: 'ecs-service-name', kind: 'keyword', description: 'ECS service the task belongs to.' },
  { awsName: 'ecs-task-definition-arn', kind: 'keyword', description: 'ARN of the ECS task definition.' },
  { awsName: 'ecs-task-arn', kind: 'keyword', description: 'ARN of the ECS task.' },
  { awsName: 'ecs-task-id', kind: 'keyword', description: 'Id of the ECS task.' },
  {
    awsName: 'reject-reason',
    kind: 'keyword',
    description:
      'Why traffic was rejected when not by security groups or ACLs, e.g. BPA (VPC Block Public Access).',
  },
  {
    awsName: 'resource-id',
    kind: 'keyword',
    description: 'Id of the resource (e.g. a regional NAT gateway) the traffic is attributed to.',
  },
  {
    awsName: 'encryption-status',
    kind: 'long',
    description: 'VPC encryption controls: 0 clear text, 1 Nitro-encrypted, 2 TLS, 3 both.',
  },
];

/**
 * The document field a flow-log field becomes.
 *
 * @example
 * ```ts
 * documentName('log-status'); // 'log_status'
 * ```
 */
export const documentName = (awsName: string): string => awsName.replace(/-/g, '_');

/** The field derived from `protocol`, not read from the line. */
export const PROTOCOL_NAME_FIELD = 'protocol_name';

const BY_DOCUMENT_NAME = new Map(VPC_FIELD_DEFINITIONS.map((field) => [documentName(field.awsName), field]));

/**
 * The value kind of a document field name; unknown (newer) fields are keywords.
 *
 * @example
 * ```ts
 * kindOf('srcport'); // 'long'
 * kindOf('next_hop_interface_id'); // 'keyword'
 * ```
 */
export const kindOf = (name: string): VpcValueKind => BY_DOCUMENT_NAME.get(name)?.kind ?? 'keyword';

/**
 * The AWS name of a document field name, for header lines and messages.
 *
 * @example
 * ```ts
 * awsNameOf('log_status'); // 'log-status'
 * ```
 */
export const awsNameOf = (name: string): string =>
  BY_DOCUMENT_NAME.get(name)?.awsName ?? name.replace(/_/g, '-');

const FIELD_TYPE = { keyword: 'keyword', long: 'long', ip: 'ip' } as const;

/** The field-table rows of the vpcflow type: `vpc.<field>` for every documented field plus `vpc.protocol_name`. */
export const VPC_FIELDS: readonly FieldSpec[] = [
  ...VPC_FIELD_DEFINITIONS.map(
    (field): FieldSpec => ({
      name: `vpc.${documentName(field.awsName)}`,
      type: FIELD_TYPE[field.kind],
      description: field.description,
    }),
  ),
  {
    name: `vpc.${PROTOCOL_NAME_FIELD}`,
    type: 'keyword',
    description:
      'IANA keyword of the protocol number (TCP, UDP, ICMP, …); absent for numbers outside the table.',
  },
];
