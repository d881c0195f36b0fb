import type { ImportRules } from './import-rules';
import { compareVersions, KNOWN_TYPES, MIGRATION_VERSIONS } from './migration-versions';

type Json = Record<string, unknown>;

/**
 * The import rules of OpenSearch Dashboards 1.x–3.x and Kibana 7.10–8.x, which the 7.10-era file is written
 * for: a migrationVersion no newer than the last migrations OpenSearch Dashboards inherited from Kibana 7.10
 * (a newer one is refused), and a dashboard panel resolved through the reference its panelRefName names.
 *
 * @example
 * ```ts
 * importProblems(dashboardsNdjson(), OSD_RULES); // []
 * ```
 */
export const OSD_RULES: ImportRules = {
  target: 'OpenSearch Dashboards and Kibana 7.10–8.x',
  types: KNOWN_TYPES,
  objectProblems: (at, object) => migrationProblems(at, String(object.type), object.migrationVersion),
  panelReferenceName: (panel) => (typeof panel.panelRefName === 'string' ? panel.panelRefName : undefined),
};

const migrationProblems = (at: string, type: string, migrationVersion: unknown): string[] => {
  if (migrationVersion === undefined) return [];
  if (migrationVersion === null || typeof migrationVersion !== 'object')
    return [`${at}: migrationVersion is not an object`];
  return Object.entries(migrationVersion as Json).flatMap(([key, version]) => {
    const ceiling = MIGRATION_VERSIONS[key as keyof typeof MIGRATION_VERSIONS];
    if (typeof version !== 'string') return [`${at}: migrationVersion.${key} is not a string`];
    if (ceiling === undefined)
      return key === type ? [] : [`${at}: migrationVersion names another type, ${key}`];
    return compareVersions(version, ceiling) > 0
      ? [`${at}: migrationVersion.${key} ${version} is newer than ${ceiling}, which older targets refuse`]
      : [];
  });
};
