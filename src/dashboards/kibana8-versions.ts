import type { SavedObjectType } from './migration-versions';

/**
 * The versions the Kibana 8-format file is written at, as read in Kibana's source (repository elastic/kibana,
 * the `src/platform` layout of 8.18+ and 9.x; the commit of each file read is named below). No Kibana runs on
 * this machine: these are what the source says, not what a server answered.
 *
 * - `coreMigrationVersion` 8.8.0: core's own transforms end at 8.8.0 (`migrationVersion` becomes
 *   `typeMigrationVersion`, `managed` defaults to false) — src/core/packages/saved-objects/
 *   migration-server-internal/src/document_migrator/migrations/index.ts @82ab9ad2. A document whose
 *   coreMigrationVersion is newer than the Kibana it is imported into is refused (`assertValidCoreVersion`,
 *   …/document_migrator/pipelines/utils.ts @67d58242), so this file needs Kibana 8.8.0 or later; 8.8 is also
 *   where `typeMigrationVersion` replaced `migrationVersion` in exports.
 * - `typeMigrationVersion` per type: the newest version the type's migrations reach in every Kibana from 8.8
 *   through 9.x, and the shape the attributes below are written in. A newer one than the Kibana knows is
 *   refused ("belongs to a more recent version of Kibana", `assertCompatibility` in …/pipelines/
 *   upgrade_pipeline.ts @2c420161, and `downgradeRequired` in …/document_migrator/document_migrator.ts
 *   @1d91b9aa); every migration newer than it runs on import.
 *   - index-pattern 8.0.0: migrations end at 7.11.0, the multi-namespace conversion is 8.0.0
 *     (src/platform/plugins/shared/data_views/server/saved_objects/{data_views,index_pattern_migrations}.ts
 *     @385d45e4, @437def57);
 *   - visualization 8.5.0: its last migration (`removeExclamationCircleIcon`), the visState shape
 *     `kibana8VisState` writes (src/platform/plugins/shared/visualizations/server/migrations/
 *     visualization_saved_object_migrations.ts @328b3b5e);
 *   - search 8.0.0: migrations end at 7.9.3, conversion 8.0.0; later shapes are model versions (10.N.0)
 *     that run on import (src/platform/plugins/shared/saved_search/server/saved_objects/search.ts @01a60f27,
 *     search_migrations.ts @59720dc2);
 *   - dashboard 8.0.0: migrations to 7.17.3 plus embeddable migrations that touch by-value panels only
 *     (cwlpipe's are by reference), conversion 8.0.0; model versions (10.N.0) run on import
 *     (src/platform/plugins/shared/dashboard/server/dashboard_saved_object/dashboard_saved_object.ts
 *     @04698d03, migrations/dashboard_saved_object_migrations.ts @0e0a37c8,
 *     migrations/migrate_by_value_dashboard_panels.ts @14bc547a).
 */
export const KIBANA8_CORE_VERSION = '8.8.0';

export const KIBANA8_TYPE_VERSIONS: Readonly<Record<SavedObjectType, string>> = {
  'index-pattern': '8.0.0',
  visualization: '8.5.0',
  search: '8.0.0',
  dashboard: '8.0.0',
};

/**
 * The oldest object version Kibana 9 is documented to import: saved objects import "into the same version,
 * a newer minor on the same major, or the next major" (Kibana's import API documentation, compatibility
 * table: 6.x into 8.x is not compatible). Kibana 9's code still carries the 7.x migrations of these four
 * types (the files above), so this floor is Elastic's support rule rather than a check in the import code:
 * a 7.10-era object is outside what Kibana 9 supports.
 */
export const KIBANA9_OLDEST_VERSION = '8.0.0';
