// The connectors floor as other floors see it: the registry and what it builds.
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
