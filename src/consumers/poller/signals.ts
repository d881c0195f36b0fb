import type { KinesisPoller } from './poller';

/**
 * Stops the poller gracefully on SIGINT or SIGTERM (in-flight batches finish and are checkpointed);
 * a second signal exits at once. Returns a function that removes the handlers.
 *
 * @example
 * ```ts
 * const release = stopOnSignals(poller, (signal) => console.error(`${signal}: finishing the batch in flight…`));
 * await poller.run();
 * release();
 * ```
 */
export const stopOnSignals = (
  poller: Pick<KinesisPoller, 'stop' | 'stopping'>,
  onSignal: (signal: NodeJS.Signals) => void = () => undefined,
): (() => void) => {
  const handler = (signal: NodeJS.Signals): void => {
    if (poller.stopping) {
      process.exit(130);
    }
    onSignal(signal);
    poller.stop();
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return () => {
    process.off('SIGINT', handler);
    process.off('SIGTERM', handler);
  };
};
