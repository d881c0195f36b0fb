import { OpenSearchConnector } from '../opensearch/connector';
import { searchReadBack } from '../opensearch/read-back';
import type { ConnectorRegistration } from '../registration';
import { elasticsearchConfigFromEnv } from './config';
import { ilmRetention } from './ilm';

/**
 * The Elasticsearch connector as the registry lists it: built from `ELASTICSEARCH_*`, pointed by
 * `ELASTICSEARCH_URL` (or `ELASTICSEARCH_CLOUD_ID`). It is the OpenSearch connector's code, the one HTTP
 * layer for both (`_bulk`, templates and search are the same API), with Elasticsearch's settings, its
 * own name in messages and ILM instead of ISM.
 */
export const elasticsearchRegistration: ConnectorRegistration = {
  id: 'elasticsearch',
  create: (env) => OpenSearchConnector.fromConfig(elasticsearchConfigFromEnv(env), ilmRetention),
  endpointVariable: 'ELASTICSEARCH_URL',
  scopeVariable: 'ELASTICSEARCH_INDEX_PREFIX',
  readBack: (env) => searchReadBack(elasticsearchConfigFromEnv(env)),
};
