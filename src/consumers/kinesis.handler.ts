import { createKinesisHandler, kinesisDepsFromEnv } from './kinesis';

// Cold start: the environment is read and validated once, here. A mistake fails the function's init
// with a ConfigError naming the variable, instead of failing every invocation later.
export const handler = createKinesisHandler(kinesisDepsFromEnv());
