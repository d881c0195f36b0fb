import type { LogSource } from '../../core';

/** What the log group and log stream say about the function. */
export interface FunctionIdentity {
  readonly functionName?: string;
  readonly version?: string;
  /** A Lambda@Edge replica's log group, named `/aws/lambda/us-east-1.<name>` in the edge region. */
  readonly edge?: boolean;
}

const LAMBDA_GROUP_PREFIX = '/aws/lambda/';

/**
 * Reads the function name from the log group (`/aws/lambda/<name>`, Lambda@Edge
 * `/aws/lambda/us-east-1.<name>`) and the version from the log stream (`2024/05/01/[$LATEST]9f2c…`).
 * A function logging to a custom log group names itself in the stream: `2024/05/01/<name>[12]9f2c…`.
 *
 * @example
 * ```ts
 * functionIdentity({ logGroup: '/aws/lambda/orders-api', logStream: '2024/05/01/[7]0af3…', owner: '1', subscriptionFilters: [] });
 * // { functionName: 'orders-api', version: '7' }
 * ```
 */
export const functionIdentity = (source: LogSource): FunctionIdentity => {
  // Every event of an envelope shares one source object: read it once per envelope.
  if (source === lastSource && lastIdentity !== undefined) return lastIdentity;
  const identity = readIdentity(source.logGroup, source.logStream);
  lastSource = source;
  lastIdentity = identity;
  return identity;
};

let lastSource: LogSource | undefined;
let lastIdentity: FunctionIdentity | undefined;

const readIdentity = (logGroup: string, logStream: string): FunctionIdentity => {
  const fromGroup = functionFromGroup(logGroup);
  const fromStream = versionFromStream(logStream);
  const functionName = fromGroup?.name ?? fromStream?.functionName;
  const version = fromStream?.version;
  return {
    ...(functionName !== undefined && { functionName }),
    ...(version !== undefined && { version }),
    ...(fromGroup?.edge === true && { edge: true }),
  };
};

/** Function names never hold a dot, so a dot marks the region prefix of a Lambda@Edge replica. */
export const functionFromGroup = (logGroup: string): { name: string; edge: boolean } | undefined => {
  if (!logGroup.startsWith(LAMBDA_GROUP_PREFIX)) return undefined;
  const rest = logGroup.slice(LAMBDA_GROUP_PREFIX.length);
  const dot = rest.lastIndexOf('.');
  const name = dot < 0 ? rest : rest.slice(dot + 1);
  return name === '' ? undefined : { name, edge: dot >= 0 };
};

/** `2024/05/01/[$LATEST]abc…` → `$LATEST`; `2024/05/01/orders-api[12]abc…` → `12` and `orders-api`. */
export const versionFromStream = (
  logStream: string,
): { version: string; functionName?: string } | undefined => {
  const open = logStream.indexOf('[');
  if (open < 0) return undefined;
  const close = logStream.indexOf(']', open + 1);
  if (close <= open + 1) return undefined;
  const version = logStream.slice(open + 1, close);
  const slash = logStream.lastIndexOf('/', open);
  const functionName = logStream.slice(slash + 1, open);
  return functionName === '' ? { version } : { version, functionName };
};
