// The connectors floor as other floors see it: the registry and what it builds.

// The raw archive: the layout shared with the backfill's reader, and the writer the consumers use.
export * from './archive';
// The dead-letter index mapping: the dashboards build their dead-letter index pattern from it.
export { deadLetterTemplate } from './deadletter/opensearch-sink';
export { mapWriterRoles, openSearchAccessFromEnv, WRITER_ROLE, writerRole } from './opensearch/access';
export {
  CREDENTIAL_SOURCES,
  needsSecretCredentials,
  type SecretReader,
  secretSetting,
  withSecretCredentials,
} from './opensearch/secrets';
export type { ConnectorRegistration, DestinationReadBack } from './registration';
export {
  buildConnectors,
  buildDeadLetterSink,
  buildLetterStore,
  CONNECTORS,
  connectorsPointedBy,
  DESTINATIONS,
  type Destination,
  destinationFromEnv,
} from './registry';
