import { DashboardError } from './errors';

/**
 * The two saved-objects files cwlpipe writes from the one set of definitions:
 * - `kibana7`: 7.10-era migration versions, for OpenSearch Dashboards 1.x–3.x and Kibana 7.10–8.x
 *   (`dist/dashboards.ndjson`, the default);
 * - `kibana8`: Kibana 8.8-era versions and shapes, for Kibana 8.8 and later, including 9.x
 *   (`dist/dashboards-kibana8.ndjson`).
 */
export type SavedObjectsFormat = 'kibana7' | 'kibana8';

export const SAVED_OBJECTS_FORMATS: readonly SavedObjectsFormat[] = ['kibana7', 'kibana8'];

/**
 * Reads a `--format` value, naming the accepted ones when it is not one of them.
 *
 * @example
 * ```ts
 * savedObjectsFormat('kibana8'); // 'kibana8'
 * savedObjectsFormat('kibana9'); // throws DashboardError: --format must be kibana7 or kibana8, not "kibana9".
 * ```
 */
export const savedObjectsFormat = (text: string): SavedObjectsFormat => {
  const found = SAVED_OBJECTS_FORMATS.find((format) => format === text);
  if (found === undefined)
    throw new DashboardError(
      'dashboard_format',
      `--format must be ${SAVED_OBJECTS_FORMATS.join(' or ')}, not ${JSON.stringify(text)}.`,
    );
  return found;
};
