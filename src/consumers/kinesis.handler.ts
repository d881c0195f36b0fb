import { createKinesisHandler, kinesisDepsFromEnv } from './kinesis';
import { afterSecretCredentials } from './secret-credentials';

// Cold start: the environment is read and validated once, here. A mistake fails the function's init
// with a ConfigError naming the variable, instead of failing every invocation later. Credentials held in
// Secrets Manager (`*_CREDENTIALS_SECRET`) are read first, on the first invocation.
export const handler = afterSecretCredentials(process.env, (env) =>
  createKinesisHandler(kinesisDepsFromEnv(env)),
);
