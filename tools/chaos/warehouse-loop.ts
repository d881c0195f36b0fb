import { join } from 'node:path';
import { sleep } from '../../src/consumers/poller/backoff';
import { spawnCli } from './processes';

/** What the warehouse sync loop did while consumers ran. */
export interface WarehouseLoopStats {
  runs: number;
  succeeded: number;
  failed: number;
  killed: number;
}

export interface WarehouseLoop {
  /** Ends the loop (a sync in flight finishes, or is killed if its kill was due) and returns its counts. */
  stop(): Promise<WarehouseLoopStats>;
}

/**
 * `cwlpipe warehouse sync` run again and again as a child process while the consumers work, a share of the
 * runs killed with SIGKILL at a random moment: the warehouse must come out exact whatever a sync was
 * doing when it died (reading OpenSearch, writing DuckDB, moving the watermark).
 *
 * @example
 * ```ts
 * const loop = startWarehouseLoop(env, dir, { killShare: 0.4, random });
 * const stats = await loop.stop();
 * ```
 */
export const startWarehouseLoop = (
  env: NodeJS.ProcessEnv,
  dir: string,
  options: { killShare: number; random: () => number; pauseMs?: number },
): WarehouseLoop => {
  const stats: WarehouseLoopStats = { runs: 0, succeeded: 0, failed: 0, killed: 0 };
  const stopping = new AbortController();
  const loop = (async () => {
    while (!stopping.signal.aborted) {
      stats.runs++;
      const sync = spawnCli(['warehouse', 'sync'], env, join(dir, 'warehouse-sync.log'));
      const killAt = options.random() < options.killShare ? 300 + options.random() * 4_000 : undefined;
      const timer = killAt === undefined ? undefined : setTimeout(() => sync.kill(), killAt);
      const { code, signal } = await sync.exited;
      clearTimeout(timer);
      if (signal === 'SIGKILL') stats.killed++;
      else if (code === 0) stats.succeeded++;
      else stats.failed++;
      await sleep(options.pauseMs ?? 1_000, stopping.signal);
    }
  })();
  return {
    stop: async () => {
      stopping.abort();
      await loop;
      return stats;
    },
  };
};

/**
 * One sync to completion (no faults, no kill), the way a user would run it after the stream drained.
 *
 * @example
 * ```ts
 * await finalSync(env, dir); // throws when the sync fails
 * ```
 */
export const finalSync = async (env: NodeJS.ProcessEnv, dir: string): Promise<void> => {
  const { code, signal } = await spawnCli(['warehouse', 'sync'], env, join(dir, 'warehouse-sync.log')).exited;
  if (code !== 0) {
    throw new Error(
      `The final warehouse sync failed (exit ${code ?? signal}); see ${join(dir, 'warehouse-sync.log')}.`,
    );
  }
};
