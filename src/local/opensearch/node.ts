import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { get as httpsGet } from 'node:https';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { type DistributionSpec, ensureDistribution, OPENSEARCH_DISTRIBUTION } from './distribution';
import { LocalOpenSearchError } from './errors';
import { findJava, MIN_JAVA_MAJOR } from './java';

export interface LocalOpenSearchOptions {
  /** OpenSearch version (default `LOCAL_OPENSEARCH_VERSION` or `CWLPIPE_OPENSEARCH_VERSION`). */
  readonly version?: string;
  /** Cache directory (default `$XDG_CACHE_HOME/cwlpipe` or `~/.cache/cwlpipe`). */
  readonly cacheDir?: string;
  /** Give up when the cluster is not yellow or green after this long (default 120 s). */
  readonly startupTimeoutMs?: number;
  /** JVM heap, `-Xms`/`-Xmx` (default 512m/1g: enough for tests, small on a shared machine). */
  readonly heap?: { readonly min: string; readonly max: string };
  /** Progress of the one-time download; silent by default (the caller reports the running node). */
  readonly log?: (message: string) => void;
  /**
   * Keep data, logs and temp files here instead of a new temporary directory, and leave them when the node
   * stops: a node started again on the same directory finds its indices (a restart, as the chaos run does).
   */
  readonly runDir?: string;
}

/** A running single-node OpenSearch on 127.0.0.1, with its own data and logs in a temporary directory. */
export interface LocalOpenSearch {
  readonly url: string;
  readonly version: string;
  readonly pid: number;
  /** Data, logs and temp files of this run; removed by `stop`. */
  readonly runDir: string;
  /** SIGTERM, then SIGKILL after `graceMs`; removes the run directory unless it was given. Safe to call twice. */
  stop(graceMs?: number): Promise<void>;
}

const LOG_TAIL_LINES = 40;

/**
 * Starts a real, single-node OpenSearch for tests and `npm start`: obtains and caches the distribution,
 * binds HTTP and transport to free ports on 127.0.0.1, waits until the cluster is yellow or green, and
 * kills the node when this process exits. Any startup failure throws a `LocalOpenSearchError` carrying
 * the tail of the node's log.
 *
 * @example
 * ```ts
 * const node = await startLocalOpenSearch({ log: console.error });
 * process.env.OPENSEARCH_URL = node.url; // http://127.0.0.1:41234
 * await node.stop();
 * ```
 */
export const startLocalOpenSearch = (options: LocalOpenSearchOptions = {}): Promise<LocalOpenSearch> =>
  startLocalNode(OPENSEARCH_NODE, options);

/** How one engine's node is launched from its unpacked home, for {@link startLocalNode}. */
export interface NodeSpec {
  readonly distribution: DistributionSpec;
  /** The lowest Java feature release that runs this version of the engine. */
  minimumJava(version: string): number;
  /**
   * How to reach a node that serves HTTPS and asks for credentials (a secured Elasticsearch); plain HTTP
   * with no credentials when absent.
   */
  readonly secured?: SecuredAccess;
  /** Engine-specific settings besides the shared ones (single node, loopback, free ports, own data). */
  readonly settings: Readonly<Record<string, string>>;
  /**
   * The command that starts the node with these `-E` arguments, and its environment: the engine's
   * variables for its Java, heap and temp files, and whatever it needs to run as the user it must.
   */
  launch(context: LaunchContext): { command: string; args: string[]; env: NodeJS.ProcessEnv };
}

/** HTTPS with a CA of its own and a user: what a client of a secured node needs. */
export interface SecuredAccess {
  /** The PEM of the CA that signed the node's certificate. */
  readonly caPem: string;
  readonly username: string;
  readonly password: string;
}

/** What a {@link NodeSpec} launches with. */
export interface LaunchContext {
  readonly home: string;
  readonly runDir: string;
  readonly javaHome: string;
  readonly javaOpts: string[];
  readonly args: string[];
}

const OPENSEARCH_NODE: NodeSpec = {
  distribution: OPENSEARCH_DISTRIBUTION,
  minimumJava: () => MIN_JAVA_MAJOR,
  settings: {},
  launch: ({ home, runDir, javaHome, javaOpts, args }) => {
    // OpenSearch refuses to run as root, and it finds out through JNA. Containers and CI often run as root;
    // without JNA the node only loses native extras (memory locking, seccomp) that a test node never uses.
    const opts =
      process.getuid?.() === 0 ? [...javaOpts, '-Djna.nosys=true', '-Djna.noclasspath=true'] : javaOpts;
    return {
      command: join(home, 'bin', 'opensearch'),
      args,
      env: {
        ...process.env,
        OPENSEARCH_JAVA_HOME: javaHome,
        OPENSEARCH_TMPDIR: join(runDir, 'tmp'),
        OPENSEARCH_JAVA_OPTS: opts.join(' '),
      },
    };
  },
};

/**
 * {@link startLocalOpenSearch} for any engine a {@link NodeSpec} describes (OpenSearch, Elasticsearch).
 *
 * @example
 * ```ts
 * const node = await startLocalNode(ELASTICSEARCH_NODE, { log: console.error });
 * ```
 */
export const startLocalNode = async (
  spec: NodeSpec,
  options: LocalOpenSearchOptions = {},
): Promise<LocalOpenSearch> => {
  const { distribution } = spec;
  const wanted = options.version ?? process.env[distribution.versionVariable] ?? distribution.defaultVersion;
  const java = findJava(process.env, {
    minimum: spec.minimumJava(wanted),
    server: `${distribution.name} ${wanted}`,
    urlVariable: distribution.urlVariable,
  });
  const home = await ensureDistribution(distribution, options);
  const version = basename(home).slice(spec.distribution.artifact.length + 1) || 'unknown';
  // A port found free can be taken before the node binds it; another pair of ports usually fixes that.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(spec, home, version, java.home, options);
    } catch (error) {
      if (!(error instanceof PortTakenError) || attempt >= 3) throw error;
    }
  }
};

class PortTakenError extends LocalOpenSearchError {}

/** One try at starting the node on a fresh pair of ports: launched, watched, healthy, or stopped again. */
const startOnce = async (
  spec: NodeSpec,
  home: string,
  version: string,
  javaHome: string,
  options: LocalOpenSearchOptions,
): Promise<LocalOpenSearch> => {
  const { child, url, runDir } = await launchNode(spec, home, javaHome, options);
  const tail = captureTail(child);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const removeHooks = endNodeWithThisProcess(child);
  const stop = stopperOf(child, exited, removeHooks, options.runDir === undefined ? runDir : undefined);
  try {
    await waitForHealth(
      spec.distribution.name,
      url,
      exited,
      options.startupTimeoutMs ?? 120_000,
      spec.secured,
    );
  } catch (error) {
    await stop(5_000);
    const log = tail().join('\n');
    const message = `${(error as Error).message} Last lines of its log:\n${log}`;
    if (/BindException|Address already in use/.test(log))
      throw new PortTakenError(`${spec.distribution.artifact}_port_taken`, message);
    throw new LocalOpenSearchError(`${spec.distribution.artifact}_start_failed`, message, { cause: error });
  }
  // Running, it must not keep this process alive on its own: the exit hook ends it.
  child.unref();
  for (const stream of [child.stdout, child.stderr])
    (stream as unknown as { unref?: () => void } | null)?.unref?.();
  return { url, version, pid: child.pid ?? -1, runDir, stop };
};

/** Spawns the node on two free ports with its data, logs and temp files in its run directory; its URL. */
const launchNode = async (
  spec: NodeSpec,
  home: string,
  javaHome: string,
  options: LocalOpenSearchOptions,
): Promise<{ child: ChildProcess; url: string; runDir: string }> => {
  const [httpPort, transportPort] = await freePorts(2);
  const runDir = options.runDir ?? mkdtempSync(join(tmpdir(), `cwlpipe-${spec.distribution.artifact}-`));
  for (const dir of ['data', 'logs', 'tmp']) mkdirSync(join(runDir, dir), { recursive: true });
  const heap = options.heap ?? { min: '512m', max: '1g' };
  const settings = {
    'cluster.name': 'cwlpipe-local',
    'node.name': 'cwlpipe-local-1',
    'network.host': '127.0.0.1',
    'http.port': String(httpPort),
    'transport.port': String(transportPort),
    'discovery.type': 'single-node',
    'path.data': join(runDir, 'data'),
    'path.logs': join(runDir, 'logs'),
    // A nearly full developer disk must not turn the test indices read-only.
    'cluster.routing.allocation.disk.threshold_enabled': 'false',
    ...spec.settings,
  };
  const launch = spec.launch({
    home,
    runDir,
    javaHome,
    javaOpts: [`-Xms${heap.min}`, `-Xmx${heap.max}`],
    args: Object.entries(settings).map(([key, value]) => `-E${key}=${value}`),
  });
  const child = spawn(launch.command, launch.args, {
    // jvm.options writes gc.log and heap dumps relative to the working directory.
    cwd: runDir,
    env: launch.env,
    stdio: ['ignore', 'pipe', 'pipe'],
    // Its own process group: Ctrl-C in a terminal reaches only us, and we stop the node in order.
    detached: true,
  });
  const url = `${spec.secured === undefined ? 'http' : 'https'}://127.0.0.1:${httpPort}`;
  return { child, url, runDir };
};

/** Kills the node when this process exits or is signalled; returns what removes those hooks again. */
const endNodeWithThisProcess = (child: ChildProcess): (() => void) => {
  const killOnExit = () => killQuietly(child, 'SIGKILL');
  // A signal with no other listener ends this process without an 'exit' event, so the node is ended
  // here and the signal raised again. Where another listener exists (a poller's graceful stop), that
  // listener owns shutdown and calls stop(): ending the node under it would cut its last batch short.
  const onSignal = (signal: NodeJS.Signals) => {
    if (process.listenerCount(signal) > 1) return;
    killOnExit();
    removeHooks();
    process.kill(process.pid, signal);
  };
  const removeHooks = () => {
    process.removeListener('exit', killOnExit);
    process.removeListener('SIGTERM', onSignal);
    process.removeListener('SIGINT', onSignal);
  };
  process.once('exit', killOnExit);
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  return removeHooks;
};

/**
 * The node's `stop`: SIGTERM, SIGKILL after `graceMs`, the hooks removed; then `ownRunDir` (a run
 * directory this module made) removed. Safe to call twice.
 */
const stopperOf = (
  child: ChildProcess,
  exited: Promise<number | null>,
  removeHooks: () => void,
  ownRunDir: string | undefined,
): ((graceMs?: number) => Promise<void>) => {
  let stopped = false;
  return async (graceMs = 20_000): Promise<void> => {
    if (!stopped) {
      stopped = true;
      if (child.exitCode === null && child.signalCode === null) {
        child.ref(); // keep this process alive until the node is really gone
        killQuietly(child, 'SIGTERM');
        const grace = new AbortController();
        const timedOut = await Promise.race([
          exited.then(() => false),
          sleep(graceMs, undefined, { signal: grace.signal }).then(
            () => true,
            () => false,
          ),
        ]);
        grace.abort();
        if (timedOut) killQuietly(child, 'SIGKILL');
      }
      await exited;
      removeHooks();
    }
    if (ownRunDir !== undefined) rmSync(ownRunDir, { recursive: true, force: true });
  };
};

// `_cluster/health`, not `GET /`: the minimal Elasticsearch zip has no handler for `/`.
const waitForHealth = async (
  name: string,
  url: string,
  exited: Promise<number | null>,
  timeoutMs: number,
  secured?: SecuredAccess,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void exited.then((code) => {
    exitCode = code;
  });
  let lastProblem = 'no answer yet';
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`${name} exited (code ${exitCode}) before it was ready.`);
    try {
      const body = (await getJson(`${url}/_cluster/health?wait_for_status=yellow&timeout=2s`, secured)) as {
        status?: string;
      };
      if (body.status === 'green' || body.status === 'yellow') return;
      lastProblem = `cluster status ${body.status ?? 'unknown'}`;
    } catch (error) {
      lastProblem = (error as Error).message;
    }
    await sleep(250);
  }
  throw new Error(
    `${name} at ${url} was not healthy after ${Math.round(timeoutMs / 1000)} s (${lastProblem}).`,
  );
};

/** GET a JSON body, over HTTPS with the node's own CA and basic auth when it is secured. */
const getJson = (url: string, secured?: SecuredAccess): Promise<unknown> =>
  new Promise((resolve, reject) => {
    const options = {
      timeout: 5_000,
      ...(secured !== undefined && {
        ca: secured.caPem,
        headers: {
          authorization: `Basic ${Buffer.from(`${secured.username}:${secured.password}`).toString('base64')}`,
        },
      }),
    };
    const request = (url.startsWith('https:') ? httpsGet : httpGet)(url, options, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => {
        try {
          resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')));
        } catch (error) {
          reject(error);
        }
      });
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error('no answer within 5 s')));
    request.on('error', reject);
  });

/** Keeps reading the node's output (a full pipe would stall it) and remembers the last lines. */
const captureTail = (child: ChildProcess): (() => string[]) => {
  const lines: string[] = [];
  const take = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      lines.push(line);
      if (lines.length > LOG_TAIL_LINES) lines.shift();
    }
  };
  child.stdout?.on('data', take);
  child.stderr?.on('data', take);
  return () => [...lines];
};

// The whole process group (the node runs detached in its own): Elasticsearch's launcher starts the server
// JVM as its child, and a SIGKILL to the launcher alone would leave the server running.
const killQuietly = (child: ChildProcess, signal: NodeJS.Signals): void => {
  try {
    if (child.pid !== undefined) process.kill(-child.pid, signal);
    else child.kill(signal);
  } catch {
    // already gone
  }
};

/**
 * Ports the OS reports free on 127.0.0.1 right now, all different.
 *
 * @example
 * ```ts
 * const [http, transport] = await freePorts(2);
 * ```
 */
export const freePorts = async (count: number): Promise<number[]> => {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
          const server = createServer();
          server.once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => {
    const address = server.address();
    return typeof address === 'object' && address !== null ? address.port : 0;
  });
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
};
