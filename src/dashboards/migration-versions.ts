/**
 * The migrationVersion each saved-object type is written at, and the highest any target accepts.
 * An object whose migrationVersion is newer than the server's own migrations is refused on import, so
 * these are the last migrations OpenSearch Dashboards inherited from Kibana 7.10 (checked against
 * OpenSearch-Dashboards' `src/plugins/{visualizations,dashboard,discover,data}/server/saved_objects/*migrations.ts`:
 * visualization 7.10.0, dashboard 7.9.3, search 7.9.3, index-pattern 7.6.0). OpenSearch Dashboards 1.x to
 * 3.x and Kibana 7.10 and later run every migration newer than these on import.
 */
export const MIGRATION_VERSIONS = {
  'index-pattern': '7.6.0',
  visualization: '7.10.0',
  search: '7.9.3',
  dashboard: '7.9.3',
} as const;

export type SavedObjectType = keyof typeof MIGRATION_VERSIONS;

/** The saved-object types an import may hold (those cwlpipe writes, and a few OpenSearch Dashboards exports). */
export const KNOWN_TYPES: ReadonlySet<string> = new Set([
  ...Object.keys(MIGRATION_VERSIONS),
  'config',
  'query',
  'url',
]);

/**
 * Compares dotted versions numerically.
 *
 * @example
 * ```ts
 * compareVersions('7.10.0', '7.9.3'); // 1
 * ```
 */
export const compareVersions = (left: string, right: string): number => {
  const a = left.split('.').map(Number);
  const b = right.split('.').map(Number);
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  return 0;
};
