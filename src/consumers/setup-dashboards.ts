import { secretSetting } from '../connectors';
import { ConfigError, describeError } from '../core';
import {
  DashboardsImportError,
  dashboardsNdjson,
  type ImportReport,
  type ImportTarget,
  importSavedObjects,
} from '../dashboards';

/**
 * What the deploy does with the dashboards' saved objects (the custom resource's `dashboards` property):
 * `fail` imports them and fails the deploy when the import fails; `report` imports them and, when that fails,
 * lets the deploy go on and says why in the resource's `dashboards` attribute (a stack output) and its log;
 * `off` (also when the property is absent) leaves OpenSearch Dashboards alone.
 */
export const DASHBOARDS_IMPORT_MODES = ['fail', 'report', 'off'] as const;
export type DashboardsImportMode = (typeof DASHBOARDS_IMPORT_MODES)[number];

/** The custom resource's properties about the dashboards. */
export interface DashboardsImportProps {
  readonly dashboards?: string;
  /** The OpenSearch Dashboards base URL; default the domain endpoint (`OPENSEARCH_URL`), which gets `/_dashboards`. */
  readonly dashboardsUrl?: string;
}

/** The `dashboards` line when the import is off. */
export const DASHBOARDS_IMPORT_OFF = 'not imported: the dashboards import is off';

/** Imports the saved objects once; the default is the real import (a test passes a stand-in's). */
export type Importer = (ndjson: string, target: ImportTarget) => Promise<ImportReport>;

/** Attempts at an import that failed for a reason that may pass (unreachable, HTTP 429 or 5xx). */
const ATTEMPTS = 3;

/**
 * The deploy-time import of the dashboards into OpenSearch Dashboards, as `cwlpipe setup dashboards` does it:
 * the saved objects of the index prefix (`OPENSEARCH_INDEX_PREFIX`), into the global tenant, signed with SigV4
 * when `OPENSEARCH_AWS_REGION` is set (basic auth from `OPENSEARCH_USERNAME` / `OPENSEARCH_PASSWORD[_FILE]`
 * otherwise). A transient failure is tried again twice. It returns the line for the resource's `dashboards`
 * attribute; in `fail` mode a failure throws, naming the endpoint, the objects refused and the setting that
 * lets a deploy go on without them.
 *
 * @example
 * ```ts
 * await importDashboardsOnDeploy({ dashboards: 'fail' }, process.env); // 'imported 52 of 52 saved objects at https://…/_dashboards/api/saved_objects/_import?overwrite=true'
 * ```
 */
export const importDashboardsOnDeploy = async (
  props: DashboardsImportProps,
  env: NodeJS.ProcessEnv,
  options: { importer?: Importer; pauseMs?: number } = {},
): Promise<string> => {
  const mode = modeOf(props.dashboards);
  if (mode === 'off') return DASHBOARDS_IMPORT_OFF;
  const url = props.dashboardsUrl?.trim() || env.OPENSEARCH_URL?.trim();
  if (url === undefined || url === '')
    throw new ConfigError(
      'dashboards_url_missing',
      'The dashboards cannot be imported: neither the dashboardsUrl property nor OPENSEARCH_URL names OpenSearch Dashboards.',
    );
  const region = env.OPENSEARCH_AWS_REGION?.trim();
  const username = env.OPENSEARCH_USERNAME?.trim();
  const password = secretSetting(env, 'OPENSEARCH_PASSWORD');
  const target: ImportTarget = {
    url,
    tenant: 'global',
    ...(region !== undefined && region !== '' && { awsRegion: region }),
    ...(username !== undefined && username !== '' && { username }),
    ...(password !== undefined && { password }),
  };
  const ndjson = dashboardsNdjson(env.OPENSEARCH_INDEX_PREFIX?.trim() || 'cwl');
  const importer = options.importer ?? importSavedObjects;
  let failure: unknown;
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    try {
      const report = await importer(ndjson, target);
      return `imported ${report.imported} of ${report.sent} saved objects at ${report.endpoint}`;
    } catch (error) {
      failure = error;
      if (!mayPass(error) || attempt === ATTEMPTS) break;
      await new Promise((resolve) => setTimeout(resolve, (options.pauseMs ?? 5_000) * attempt));
    }
  }
  const why = failure instanceof Error ? failure.message : describeError(failure);
  if (mode === 'report') return `not imported: ${why}`;
  throw new DashboardsImportError(
    failure instanceof DashboardsImportError ? failure.code : 'dashboards_import_failed',
    `The dashboards were not imported, so the deploy fails: ${why} (set openSearch.dashboards.import to "report" to deploy without them and see why in the DashboardsImport output, or to "off").`,
    { cause: failure },
  );
};

const modeOf = (value: string | undefined): DashboardsImportMode => {
  // The CDK app always passes the property (default "fail"); a caller of runSetup that does not is asking for
  // templates only.
  if (value === undefined || value === '') return 'off';
  if ((DASHBOARDS_IMPORT_MODES as readonly string[]).includes(value)) return value as DashboardsImportMode;
  throw new ConfigError(
    'dashboards_mode_invalid',
    `The setup resource's dashboards property is "${value}"; it must be one of ${DASHBOARDS_IMPORT_MODES.join(', ')}.`,
  );
};

// Unreachable, throttled or a server error: worth another try. A refusal (4xx) or refused objects are not.
const mayPass = (error: unknown): boolean =>
  error instanceof DashboardsImportError &&
  (error.code === 'dashboards_unreachable' || /^dashboards_http_(429|5\d\d)$/.test(error.code));
