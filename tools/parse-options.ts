import type { Command } from 'commander';

/**
 * Parses a tool's arguments; on a usage mistake commander has already said what was wrong (or printed the
 * help), so this sets exit code 2 and answers false.
 *
 * @example
 * ```ts
 * if (!parsedOrExit(program, process.argv)) return;
 * ```
 */
export const parsedOrExit = (program: Command, argv: readonly string[]): boolean => {
  try {
    program.exitOverride().parse([...argv]);
    return true;
  } catch {
    process.exitCode = 2;
    return false;
  }
};
