import type { Command } from 'commander';
import { DESTINATIONS } from '../connectors';
import { ConfigError } from '../core';

/**
 * A command-line option that must be a whole number ≥ 1, or a clear error naming it.
 *
 * @example
 * ```ts
 * positiveInt('10', '--envelopes'); // 10
 * ```
 */
export const positiveInt = (text: string, option: string): number => {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) {
    throw new ConfigError('option_invalid', `${option} must be a whole number ≥ 1, not "${text}".`);
  }
  return value;
};

/**
 * Adds `--destination <engine>` to a command: it sets `CWLPIPE_DESTINATION` before the command runs, so
 * the connectors, the dead letters and their store all follow it (see `destinationFromEnv`).
 *
 * @example
 * ```ts
 * withDestination(program.command('setup')); // cwlpipe setup --destination elasticsearch
 * ```
 */
export const withDestination = (command: Command): Command =>
  command
    .option(
      '--destination <engine>',
      `where documents and dead letters go: ${DESTINATIONS.join(' or ')} (default: CWLPIPE_DESTINATION, else the one whose URL is set, else opensearch)`,
    )
    .hook('preAction', (_program, action) => {
      const engine = action.opts<{ destination?: string }>().destination;
      if (engine === undefined) return;
      if (!(DESTINATIONS as readonly string[]).includes(engine)) {
        throw new ConfigError(
          'option_invalid',
          `--destination "${engine}" is not one of ${DESTINATIONS.join(', ')}.`,
        );
      }
      process.env.CWLPIPE_DESTINATION = engine;
    });
