/**
 * The typed settings of the cwlpipe stack. Every part can be switched off; `cdk.json`'s context key
 * `cwlpipe` (or `-c cwlpipe='{…}'`) is merged over {@link DEFAULT_SETTINGS} by `bin/app.ts`.
 *
 * @example
 * ```ts
 * const settings = resolveSettings({ firehose: { enabled: true }, openSearch: { mode: 'existing', endpoint: 'https://search-logs.eu-west-1.es.amazonaws.com' } });
 * ```
 */
export interface CwlpipeSettings {
  /** Names every resource (`cwlpipe-consumer`, `/aws/lambda/cwlpipe-consumer`…), so its own log groups can be excluded. */
  readonly prefix: string;
  readonly stream: {
    readonly mode: 'on-demand' | 'provisioned';
    readonly shards: number;
    readonly retentionHours: number;
  };
  readonly accountPolicy: { readonly enabled: boolean };
  readonly perGroup: PerGroupSettings;
  readonly consumer: ConsumerSettings;
  readonly firehose: {
    readonly enabled: boolean;
    /**
     * Where Firehose delivers: `s3` (NDJSON, several documents per record, source records backed up) or
     * `opensearch` (the domain, through Firehose's OpenSearch Service destination: the transformation runs with
     * `CWLPIPE_FIREHOSE_OUTPUT=document`, one document per record, into `<indexPrefix>-firehose-<yyyy-MM-dd>`
     * rotated daily by arrival; every document is backed up to S3 too).
     */
    readonly destination: 's3' | 'opensearch';
    readonly bufferSeconds: number;
    readonly bufferMiB: number;
  };
  readonly openSearch: OpenSearchSettings;
  readonly warehouse: WarehouseSettings;
  readonly archive: ArchiveSettings;
  readonly alarms: AlarmSettings;
  readonly dailyBatch: DailyBatchSettings;
  /** cwlpipe's own configuration (`CWLPIPE_CONFIG`), JSON; the VPC format of a created flow log is added to it. */
  readonly pipelineConfig: Record<string, unknown>;
}

export interface PerGroupSettings {
  readonly enabled: boolean;
  /** Create a flow log for these VPCs (custom format with the v3–v8 fields), or use an existing group with its format. */
  readonly vpcFlowLogs?:
    | { readonly vpcIds: readonly string[] }
    | { readonly logGroupName: string; readonly format: string };
  /** Create a trail logging to a new group, or subscribe an existing trail's group. */
  readonly cloudTrail?: { readonly create: true } | { readonly logGroupName: string };
  /** Lambda and application log groups by name prefix, each with the log type its filter names (`lambda`, `json`, `auto`…). */
  readonly prefixes: readonly { readonly prefix: string; readonly type: string }[];
}

export interface ConsumerSettings {
  readonly memoryMiB: number;
  readonly timeoutSeconds: number;
  /** `CWLPIPE_SAFETY_MARGIN_MS`: must fit the timeout (see {@link checkConsumerTiming}). */
  readonly safetyMarginMs: number;
  readonly batchSize: number;
  readonly maxBatchingWindowSeconds: number;
  readonly parallelizationFactor: number;
  readonly retryAttempts: number;
  readonly maxRecordAgeHours: number;
}

/**
 * The import of cwlpipe's dashboards into OpenSearch Dashboards by the setup custom resource on every deploy:
 * `fail` (a failed import fails the deploy, naming the objects and why; the default for a domain the stack
 * creates), `report` (the deploy goes on; the stack output `DashboardsImport` says what happened; the default for
 * an existing domain), or `off`. `url` is the Dashboards base URL when it is
 * not the domain endpoint's `/_dashboards` (a custom endpoint).
 */
export interface DashboardsImportSettings {
  readonly import: 'fail' | 'report' | 'off';
  readonly url?: string;
}

export type OpenSearchSettings =
  | {
      readonly mode: 'domain';
      readonly engineVersion: string;
      readonly dataNodeType: string;
      readonly dataNodes: number;
      readonly volumeGiB: number;
      readonly masterNodeType?: string;
      readonly retentionDays: number;
      readonly indexPrefix: string;
      readonly dashboards: DashboardsImportSettings;
      /** Place the domain (and the functions that reach it) in a VPC. */
      readonly vpc?: {
        readonly vpcId: string;
        readonly subnetIds: readonly string[];
        readonly availabilityZones: readonly string[];
      };
    }
  | {
      readonly mode: 'existing';
      readonly endpoint: string;
      readonly domainArn?: string;
      readonly indexPrefix: string;
      readonly retentionDays: number;
      readonly dashboards: DashboardsImportSettings;
    };

export interface WarehouseSettings {
  readonly enabled: boolean;
  /** The handler file (`export handler({ action: 'sync' | 'backup' })`), relative to the repository. */
  readonly entry: string;
  readonly syncSchedule: string;
  readonly backupSchedule: string;
  readonly bigQuery: { readonly project: string; readonly dataset: string; readonly location?: string };
}

export interface ArchiveSettings {
  readonly enabled: boolean;
  readonly infrequentAccessDays: number;
  readonly glacierDays: number;
  /** Objects are deleted after this many days; 0 keeps them. */
  readonly expireDays: number;
}

export interface AlarmSettings {
  readonly enabled: boolean;
  readonly iteratorAgeMs: number;
  readonly email?: string;
}

export interface DailyBatchSettings {
  readonly enabled: boolean;
  /** Take an OpenSearch snapshot before the backfill (needs a snapshot repository registered on the domain). */
  readonly snapshot: boolean;
  readonly snapshotRepository: string;
  /** EventBridge Scheduler expression, UTC. */
  readonly schedule: string;
  /** The backfill's sources and options, after `--from … --to …` (e.g. `["--log-group-prefix", "/aws/lambda/"]`). */
  readonly arguments: readonly string[];
  readonly cpu: number;
  readonly memoryMiB: number;
  /** The VPC whose subnets the task runs in (required when enabled). */
  readonly vpcId?: string;
  readonly subnetIds: readonly string[];
  readonly availabilityZones: readonly string[];
}

export const DEFAULT_SETTINGS: CwlpipeSettings = {
  prefix: 'cwlpipe',
  stream: { mode: 'on-demand', shards: 1, retentionHours: 24 },
  accountPolicy: { enabled: true },
  perGroup: { enabled: false, prefixes: [] },
  consumer: {
    memoryMiB: 1024,
    timeoutSeconds: 120,
    safetyMarginMs: 10_000,
    batchSize: 500,
    maxBatchingWindowSeconds: 5,
    parallelizationFactor: 2,
    retryAttempts: 10,
    maxRecordAgeHours: 24,
  },
  firehose: { enabled: false, destination: 's3', bufferSeconds: 300, bufferMiB: 64 },
  openSearch: {
    mode: 'domain',
    engineVersion: 'OpenSearch_2.19',
    dataNodeType: 'r7g.large.search',
    dataNodes: 2,
    volumeGiB: 100,
    retentionDays: 30,
    indexPrefix: 'cwl',
    dashboards: { import: 'fail' },
  },
  warehouse: {
    enabled: false,
    entry: 'src/consumers/warehouse.handler.ts',
    syncSchedule: 'rate(1 minute)',
    backupSchedule: 'cron(30 2 * * ? *)',
    bigQuery: { project: '', dataset: 'cwlpipe' },
  },
  archive: { enabled: true, infrequentAccessDays: 30, glacierDays: 90, expireDays: 0 },
  alarms: { enabled: true, iteratorAgeMs: 300_000 },
  dailyBatch: {
    enabled: false,
    snapshot: false,
    snapshotRepository: 'cwlpipe-snapshots',
    schedule: 'cron(15 1 * * ? *)',
    arguments: [],
    cpu: 1024,
    memoryMiB: 2048,
    subnetIds: [],
    availabilityZones: [],
  },
  pipelineConfig: {},
};

/** A setting that cannot work, named; thrown at synth, before anything is deployed. */
export class InfraConfigError extends Error {
  public constructor(message: string) {
    super(message);
    this.name = 'InfraConfigError';
  }
}

type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object ? DeepPartial<T[K]> : T[K];
};
export type SettingsInput = DeepPartial<CwlpipeSettings>;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const merge = (base: unknown, over: unknown): unknown => {
  if (!isPlainObject(base) || !isPlainObject(over)) return over === undefined ? base : over;
  const result: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(over)) result[key] = merge(base[key], value);
  return result;
};

/**
 * The defaults with the given settings laid over them, checked.
 *
 * @example
 * ```ts
 * resolveSettings({ consumer: { timeoutSeconds: 60 } }).consumer.batchSize; // 500
 * ```
 */
export const resolveSettings = (input: SettingsInput = {}): CwlpipeSettings => {
  const settings = merge(DEFAULT_SETTINGS, input) as CwlpipeSettings;
  // The domain's own defaults must not leak into an existing endpoint's settings, and back.
  if (input.openSearch?.mode === 'existing') {
    const { endpoint, domainArn } = input.openSearch as { endpoint?: string; domainArn?: string };
    if (!endpoint?.startsWith('https://'))
      throw new InfraConfigError('openSearch.endpoint must be the https:// URL of the existing domain.');
    (settings as { openSearch: OpenSearchSettings }).openSearch = {
      mode: 'existing',
      endpoint,
      ...(domainArn !== undefined && { domainArn }),
      indexPrefix: input.openSearch.indexPrefix ?? 'cwl',
      retentionDays: input.openSearch.retentionDays ?? 30,
      // cwlpipe is not the master user of a domain it did not create: an import it may not make reports, by default.
      dashboards: { import: 'report', ...input.openSearch.dashboards } as DashboardsImportSettings,
    };
  }
  checkConsumerTiming(settings.consumer);
  checkSettings(settings);
  return settings;
};

/** The Kinesis handler never lets its margin take more than this share of an invocation (`MAX_MARGIN_FRACTION`). */
const MAX_MARGIN_FRACTION = 0.25;

/**
 * Checks that the consumer's timeout and safety margin fit together. The handler caps the margin at a quarter
 * of the time left (`effectiveMarginMs` in `src/consumers/kinesis.ts`), so a margin over a quarter of the
 * timeout is silently shrunk: the setting would say one thing and the function do another. A timeout under
 * 10 s leaves too little for one bulk request to OpenSearch after the margin.
 *
 * @example
 * ```ts
 * checkConsumerTiming({ ...DEFAULT_SETTINGS.consumer, timeoutSeconds: 20, safetyMarginMs: 10_000 }); // throws
 * ```
 */
export const checkConsumerTiming = (consumer: ConsumerSettings): void => {
  const timeoutMs = consumer.timeoutSeconds * 1000;
  if (consumer.timeoutSeconds < 10 || consumer.timeoutSeconds > 900)
    throw new InfraConfigError(
      `consumer.timeoutSeconds is ${consumer.timeoutSeconds}; it must be between 10 and 900 (a Lambda invocation lasts at most 15 minutes).`,
    );
  if (consumer.safetyMarginMs < 1000)
    throw new InfraConfigError(
      `consumer.safetyMarginMs is ${consumer.safetyMarginMs}; under 1000 ms the last bulk request may be cut off by the timeout.`,
    );
  if (consumer.safetyMarginMs > timeoutMs * MAX_MARGIN_FRACTION)
    throw new InfraConfigError(
      `consumer.safetyMarginMs (${consumer.safetyMarginMs}) is more than a quarter of consumer.timeoutSeconds (${consumer.timeoutSeconds} s); the handler would cap it at ${timeoutMs * MAX_MARGIN_FRACTION} ms. Raise the timeout or lower the margin.`,
    );
};

const checkSettings = (settings: CwlpipeSettings): void => {
  const { consumer, perGroup, dailyBatch, warehouse } = settings;
  if (!/^[a-z][a-z0-9-]{1,20}$/.test(settings.prefix))
    throw new InfraConfigError(`prefix "${settings.prefix}" must be 2-21 lowercase letters, digits or "-".`);
  if (consumer.parallelizationFactor < 1 || consumer.parallelizationFactor > 10)
    throw new InfraConfigError(
      `consumer.parallelizationFactor must be 1-10 (it is ${consumer.parallelizationFactor}).`,
    );
  if (consumer.retryAttempts < 0 || consumer.retryAttempts > 10_000)
    throw new InfraConfigError(`consumer.retryAttempts must be 0-10000 (it is ${consumer.retryAttempts}).`);
  if (consumer.maxRecordAgeHours < 1 || consumer.maxRecordAgeHours > 168)
    throw new InfraConfigError(
      `consumer.maxRecordAgeHours must be 1-168 (it is ${consumer.maxRecordAgeHours}).`,
    );
  if (consumer.maxRecordAgeHours > settings.stream.retentionHours)
    throw new InfraConfigError(
      `consumer.maxRecordAgeHours (${consumer.maxRecordAgeHours}) exceeds stream.retentionHours (${settings.stream.retentionHours}): records would expire before Lambda gives up on them.`,
    );
  if (!settings.accountPolicy.enabled && !perGroup.enabled)
    throw new InfraConfigError(
      'Neither accountPolicy nor perGroup subscriptions are enabled: nothing would reach the stream.',
    );
  for (const { prefix, type } of perGroup.prefixes) {
    if (!prefix.startsWith('/') && !/^[A-Za-z0-9]/.test(prefix))
      throw new InfraConfigError(`perGroup.prefixes: "${prefix}" is not a log group name prefix.`);
    if (!/^[a-z0-9]+$/.test(type))
      throw new InfraConfigError(
        `perGroup.prefixes: type "${type}" must be one lowercase word (a log type or "auto").`,
      );
  }
  if (dailyBatch.enabled && (dailyBatch.vpcId === undefined || dailyBatch.subnetIds.length === 0))
    throw new InfraConfigError(
      'dailyBatch.vpcId and dailyBatch.subnetIds are required when the daily batch is enabled.',
    );
  if (dailyBatch.enabled && !settings.archive.enabled && !perGroup.enabled && !settings.accountPolicy.enabled)
    throw new InfraConfigError('dailyBatch needs a source: the archive or subscribed log groups.');
  // Without --log-group, --log-group-prefix or --archive, `cwlpipe backfill` reads the consumers' archive.
  const namesSource = dailyBatch.arguments.some((argument) =>
    ['--log-group', '--log-group-prefix', '--archive'].includes(argument),
  );
  if (dailyBatch.enabled && !namesSource && !settings.archive.enabled)
    throw new InfraConfigError(
      'dailyBatch.arguments must name what to backfill (e.g. ["--log-group-prefix", "/aws/lambda/"]) when the archive is off.',
    );
  const { firehose } = settings;
  if (!['s3', 'opensearch'].includes(firehose.destination))
    throw new InfraConfigError(
      `firehose.destination is "${firehose.destination}"; it must be "s3" or "opensearch".`,
    );
  if (firehose.enabled && firehose.destination === 'opensearch') {
    if (settings.openSearch.mode === 'existing' && settings.openSearch.domainArn === undefined)
      throw new InfraConfigError(
        'firehose.destination "opensearch" with an existing domain needs openSearch.domainArn (Firehose delivers to a domain by its ARN).',
      );
    if (firehose.bufferMiB > 100 || firehose.bufferSeconds > 900)
      throw new InfraConfigError(
        `firehose.bufferMiB (${firehose.bufferMiB}) and bufferSeconds (${firehose.bufferSeconds}) must be at most 100 and 900 for the OpenSearch destination.`,
      );
  }
  const { dashboards } = settings.openSearch;
  if (!['fail', 'report', 'off'].includes(dashboards.import))
    throw new InfraConfigError(
      `openSearch.dashboards.import is "${dashboards.import}"; it must be "fail", "report" or "off".`,
    );
  if (dashboards.url !== undefined && !dashboards.url.startsWith('https://'))
    throw new InfraConfigError('openSearch.dashboards.url must be an https:// URL.');
  if (warehouse.enabled && warehouse.bigQuery.project === '')
    throw new InfraConfigError('warehouse.bigQuery.project is required when the warehouse is enabled.');
};
