// The connectors floor as other floors see it: the registry and what it builds.

export { mapWriterRoles, openSearchAccessFromEnv, WRITER_ROLE, writerRole } from './opensearch/access';
export type { ConnectorRegistration } from './registration';
export {
  buildConnectors,
  buildDeadLetterSink,
  buildLetterStore,
  CONNECTORS,
  DESTINATIONS,
  type Destination,
  destinationFromEnv,
} from './registry';
