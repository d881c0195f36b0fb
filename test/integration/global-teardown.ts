import { existsSync, readFileSync, rmSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { globalServers, type ServersState, stateFile } from './global-setup';

// Stops what global-setup started. The handle is normally still in memory (same jest process); the state
// file covers the case where it is not, so a node never outlives the test run.
export default async (): Promise<void> => {
  const file = stateFile();
  const state: ServersState = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as ServersState)
    : {};
  const nodes = [
    [globalServers.cwlpipeOpenSearch, state.opensearch],
    [globalServers.cwlpipeElasticsearch, state.elasticsearch],
  ] as const;
  await Promise.all(
    nodes.map(async ([node, saved]) => {
      if (node !== undefined) await node.stop();
      else if (saved !== undefined) {
        await killAndWait(saved.pid, 20_000);
        rmSync(saved.runDir, { recursive: true, force: true });
      }
    }),
  );
  globalServers.cwlpipeOpenSearch = undefined;
  globalServers.cwlpipeElasticsearch = undefined;
  rmSync(file, { force: true });
};

const killAndWait = async (pid: number, graceMs: number): Promise<void> => {
  if (!signal(-pid, 'SIGTERM')) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!signal(-pid, 0)) return;
    await sleep(200);
  }
  signal(-pid, 'SIGKILL');
};

/** Sends a signal; false when the process is gone. */
const signal = (pid: number, name: NodeJS.Signals | 0): boolean => {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;
  }
};
