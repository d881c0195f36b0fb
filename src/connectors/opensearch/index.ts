import type { ConnectorRegistration } from '../registration';
import { openSearchConfigFromEnv } from './config';
import { OpenSearchConnector } from './connector';
import { searchReadBack } from './read-back';

/**
 * The OpenSearch connector as the registry lists it: built from `OPENSEARCH_*`, pointed by `OPENSEARCH_URL`,
 * scoped by the index prefix.
 */
export const openSearchRegistration: ConnectorRegistration = {
  id: 'opensearch',
  create: (env) => OpenSearchConnector.fromConfig(openSearchConfigFromEnv(env)),
  endpointVariable: 'OPENSEARCH_URL',
  scopeVariable: 'OPENSEARCH_INDEX_PREFIX',
  readBack: (env) => searchReadBack(openSearchConfigFromEnv(env)),
};
