import type { LogEvent, LogSource, LogType, TransformContext, Transformer, VpcFormat } from '../core';
import { LOG_TYPES, TRANSFORMERS, transformerFor } from '../transformers';
import type { PipelineConfig } from './config';

/** How events of one envelope are routed: to a named type, or sniffed one by one. */
export interface Route {
  readonly explicit?: Transformer;
  readonly vpcFormat?: VpcFormat;
  /** The log group's `preserveOriginal`: keep `@message` where every part of a line became a field. */
  readonly preserveOriginal?: boolean;
}

/**
 * Routes log events to transformers: a configured log-group pattern first, then a subscription
 * filter name that names a log type (`cwlpipe-vpcflow`), then sniffing in registry order.
 *
 * @example
 * ```ts
 * const router = new Router(config);
 * const transformer = router.transformerFor(event, router.routeOf(source));
 * ```
 */
export class Router {
  private readonly cache = new Map<string, Route>();

  public constructor(private readonly config: PipelineConfig) {}

  /** The route for an envelope's source; cached per log group and filter list. */
  public routeOf(source: LogSource): Route {
    const key = `${source.logGroup}\u0000${source.subscriptionFilters.join('\u0000')}`;
    let route = this.cache.get(key);
    if (route === undefined) {
      route = this.resolve(source);
      if (this.cache.size > 10_000) this.cache.clear();
      this.cache.set(key, route);
    }
    return route;
  }

  public transformerFor(
    event: LogEvent,
    source: LogSource,
    route: Route,
    context: TransformContext,
  ): Transformer {
    if (route.explicit !== undefined) return route.explicit;
    for (const transformer of TRANSFORMERS)
      if (transformer.matches(event, source, context)) return transformer;
    return transformerFor('text');
  }

  private resolve(source: LogSource): Route {
    const rule = this.config.logGroups.find((candidate) => candidate.matcher.test(source.logGroup));
    const vpcFormat = rule?.vpcFormat ?? this.config.defaultVpcFormat;
    const type = rule?.type ?? typeNamedByFilter(source.subscriptionFilters);
    return {
      ...(type !== undefined && { explicit: transformerFor(type) }),
      ...(vpcFormat !== undefined && { vpcFormat }),
      ...(rule?.preserveOriginal === true && { preserveOriginal: true }),
    };
  }
}

/** A filter name naming a log type as one of its words: `cwlpipe-vpcflow`, `CloudTrail_to_Kinesis`. */
export const typeNamedByFilter = (filters: readonly string[]): LogType | undefined => {
  for (const filter of filters) {
    for (const word of filter.toLowerCase().split(/[^a-z0-9]+/)) {
      const type = LOG_TYPES.find((candidate) => candidate === word);
      if (type !== undefined && type !== 'text' && type !== 'json') return type;
    }
  }
  return undefined;
};
