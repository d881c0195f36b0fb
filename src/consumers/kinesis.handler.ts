import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { buildConnectors, buildDeadLetterSink } from '../connectors/registry';
import { Pipeline } from '../pipeline/run';
import { consumerEnv } from './env';
import { createKinesisHandler, type KinesisHandlerDeps } from './kinesis';
import { METRICS_NAMESPACE } from './metrics';

const SERVICE = 'cwlpipe-kinesis';

/**
 * The Kinesis handler's dependencies from the environment: `CWLPIPE_*` (see `env.ts`), the connectors
 * named by `CWLPIPE_CONNECTORS` with their own settings (`OPENSEARCH_URL`…), and the dead-letter sink.
 *
 * @example
 * ```ts
 * const deps = kinesisDepsFromEnv({ OPENSEARCH_URL: 'http://127.0.0.1:9200' });
 * ```
 */
export const kinesisDepsFromEnv = (env: NodeJS.ProcessEnv = process.env): KinesisHandlerDeps => {
  const settings = consumerEnv(env);
  return {
    pipeline: new Pipeline(settings.pipeline),
    connectors: buildConnectors(settings.connectors, env),
    deadLetters: buildDeadLetterSink(env),
    safetyMarginMs: settings.safetyMarginMs,
    logger: new Logger({ serviceName: env.POWERTOOLS_SERVICE_NAME ?? SERVICE }),
    metrics: new Metrics({
      namespace: env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE,
      serviceName: env.POWERTOOLS_SERVICE_NAME ?? SERVICE,
    }),
  };
};

// Cold start: the environment is read and validated once, here. A mistake fails the function's
// init with a ConfigError naming the variable, instead of failing every batch later.
export const handler = createKinesisHandler(kinesisDepsFromEnv());
