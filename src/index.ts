// cwlpipe as a library: the contracts, the engine, the registries, the consumers' building blocks and the warehouse sync.
// Development servers, synthetic data and the CLI are not exported: a library user never loads them.
export * from './connectors';
export { OpenSearchConnector } from './connectors/opensearch/connector';
export { createFirehoseHandler, firehoseDepsFromEnv } from './consumers/firehose';
export { createKinesisHandler, kinesisDepsFromEnv } from './consumers/kinesis';
export { engineDelivery, KinesisPoller } from './consumers/poller';
export { redriveLetters } from './consumers/redrive';
export * from './core';
export * from './pipeline';
export * from './transformers';
export { runSync, type SyncReport, syncWarehouse, WAREHOUSES, warehouseFromEnv } from './warehouse';
