import type { ConnectorRegistration } from '../registration';
import { openSearchConfigFromEnv } from './config';
import { OpenSearchConnector } from './connector';

/** The OpenSearch connector as the registry lists it: built from `OPENSEARCH_*`, pointed by `OPENSEARCH_URL`. */
export const openSearchRegistration: ConnectorRegistration = {
  id: 'opensearch',
  create: (env) => OpenSearchConnector.fromConfig(openSearchConfigFromEnv(env)),
  endpointVariable: 'OPENSEARCH_URL',
  scopeVariable: 'OPENSEARCH_INDEX_PREFIX',
};
