import type { Command } from 'commander';
import { benchCore } from '../../bench/core';
import { ConfigError } from '../shared/errors';
import { LOG_TYPES, type LogType } from '../transformers/types';

/** Core targets from the issue: VPC and Lambda data at half the raw gunzip + JSON.parse ceiling or better. */
const CORE_TARGETS: Partial<Record<LogType, number>> = { vpcflow: 0.5, lambda: 0.5 };

/** `cwlpipe bench`: throughput as ratios within one run, never absolute timings. */
export const registerBench = (program: Command): void => {
  program
    .command('bench')
    .description(
      'Measure decode + route + transform against the raw gunzip + JSON.parse ceiling, per log type.',
    )
    .option('--types <list>', 'comma-separated log types', LOG_TYPES.join(','))
    .option('--rounds <n>', 'rounds per measurement (the best is kept)', '5')
    .action((options: { types: string; rounds: string }) => {
      const types = options.types.split(',').map((type) => {
        if (!(LOG_TYPES as readonly string[]).includes(type)) {
          throw new ConfigError(
            'option_invalid',
            `--types names "${type}", which is not one of ${LOG_TYPES.join(', ')}.`,
          );
        }
        return type as LogType;
      });
      const rounds = Number(options.rounds);
      if (!Number.isInteger(rounds) || rounds < 1)
        throw new ConfigError('option_invalid', '--rounds must be a whole number ≥ 1.');
      process.stdout.write(
        'core: decode + route + transform vs the raw ceiling (base64 + gunzip + JSON.parse)\n',
      );
      process.stdout.write(
        `${'type'.padEnd(11)}${'events'.padStart(8)}${'pipeline ev/s'.padStart(15)}${'ceiling ev/s'.padStart(14)}${'ratio'.padStart(8)}  target\n`,
      );
      for (const row of benchCore({ types, rounds })) {
        const target = CORE_TARGETS[row.type];
        const verdict = target === undefined ? '' : `≥ ${target} ${row.ratio >= target ? 'met' : 'MISSED'}`;
        process.stdout.write(
          `${row.type.padEnd(11)}${String(row.events).padStart(8)}${fmt(row.pipelineEventsPerSec).padStart(15)}${fmt(row.ceilingEventsPerSec).padStart(14)}${row.ratio.toFixed(2).padStart(8)}  ${verdict}\n`,
        );
      }
    });
};

const fmt = (perSec: number): string => Math.round(perSec).toLocaleString('en-US');
