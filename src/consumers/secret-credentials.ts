import { needsSecretCredentials, withSecretCredentials } from '../connectors';

/**
 * A Lambda handler built from the environment, once its search credentials are known. With no
 * `*_CREDENTIALS_SECRET` set the handler is built at once (cold start, so a configuration mistake fails the
 * function's init); with one, on the first invocation, after the secret was read from Secrets Manager
 * (a module of a CommonJS bundle cannot await at load). A failed read fails that invocation and is tried
 * again on the next, so a secret fixed after deploy is picked up without a redeploy.
 *
 * @example
 * ```ts
 * export const handler = afterSecretCredentials(process.env, (env) => createKinesisHandler(kinesisDepsFromEnv(env)));
 * ```
 */
export const afterSecretCredentials = <Args extends unknown[], Result>(
  env: NodeJS.ProcessEnv,
  build: (env: NodeJS.ProcessEnv) => (...args: Args) => Promise<Result>,
  resolve: (env: NodeJS.ProcessEnv) => Promise<NodeJS.ProcessEnv> = withSecretCredentials,
): ((...args: Args) => Promise<Result>) => {
  if (!needsSecretCredentials(env)) return build(env);
  let ready: Promise<(...args: Args) => Promise<Result>> | undefined;
  return async (...args) => {
    ready ??= resolve(env)
      .then(build)
      .catch((error: unknown) => {
        ready = undefined;
        throw error;
      });
    return (await ready)(...args);
  };
};
