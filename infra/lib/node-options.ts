/**
 * The `NODE_OPTIONS` of every cwlpipe Lambda function: source maps, so stack traces name the TypeScript lines.
 *
 * No V8 flag on purpose. A larger young generation (`--max-semi-space-size=64`, a batch's documents outlive
 * many scavenges of the default one) measured 0–15% less CPU per 10,000-event batch through the Kinesis
 * handler, varying from run to run, but any V8 flag here costs about 10 ms of every cold start (43 → 53 ms
 * for the Kinesis handler's import, even `--max-semi-space-size=16`, V8's own value): Node's built-in modules
 * then compile without their code cache, which is keyed to V8's flags (`v8.cachedDataVersionTag()` changes
 * with any of them).
 *
 * @example
 * ```ts
 * new NodejsFunction(scope, id, { environment: { NODE_OPTIONS: FUNCTION_NODE_OPTIONS } });
 * ```
 */
export const FUNCTION_NODE_OPTIONS = '--enable-source-maps';
