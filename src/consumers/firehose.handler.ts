import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Pipeline } from '../pipeline/run';
import { consumerEnv } from './env';
import { createFirehoseHandler, type FirehoseHandlerDeps } from './firehose';
import { METRICS_NAMESPACE } from './metrics';

const SERVICE = 'cwlpipe-firehose';

/**
 * The Firehose handler's dependencies from the environment (`CWLPIPE_CONFIG` or `CWLPIPE_CONFIG_FILE`,
 * `CWLPIPE_FIREHOSE_MAX_RESPONSE_BYTES`); it sends nothing anywhere itself, Firehose delivers.
 *
 * @example
 * ```ts
 * const deps = firehoseDepsFromEnv({ CWLPIPE_CONFIG: '{"logGroups":[{"pattern":"/vpc/*","type":"vpcflow"}]}' });
 * ```
 */
export const firehoseDepsFromEnv = (env: NodeJS.ProcessEnv = process.env): FirehoseHandlerDeps => {
  const settings = consumerEnv(env);
  return {
    pipeline: new Pipeline(settings.pipeline),
    maxResponseBytes: settings.firehoseMaxResponseBytes,
    logger: new Logger({ serviceName: env.POWERTOOLS_SERVICE_NAME ?? SERVICE }),
    metrics: new Metrics({
      namespace: env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE,
      serviceName: env.POWERTOOLS_SERVICE_NAME ?? SERVICE,
    }),
  };
};

// Cold start: the environment is read and validated once, here; a mistake fails the init, naming the variable.
export const handler = createFirehoseHandler(firehoseDepsFromEnv());
