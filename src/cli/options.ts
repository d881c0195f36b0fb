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
