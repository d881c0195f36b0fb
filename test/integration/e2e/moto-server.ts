import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { S3Client } from '@aws-sdk/client-s3';
import { freePorts } from '../../../src/local/opensearch/node';

/** A moto server (`python3 -m moto.server`) on 127.0.0.1, started for one test file. */
export interface MotoServer {
  readonly endpoint: string;
  stop(): Promise<void>;
}

/** Why moto cannot run here, or undefined when `python3 -c 'import moto'` works. */
export const motoUnavailable = (): string | undefined => {
  const probe = spawnSync('python3', ['-c', 'import moto, flask; print(moto.__version__)'], {
    encoding: 'utf8',
  });
  if (probe.error !== undefined) return `python3 could not be run (${probe.error.message})`;
  if (probe.status !== 0) {
    return `python3 cannot import moto[server] (${probe.stderr.trim().split('\n').at(-1) ?? 'no message'}); install it with: pip install 'moto[server]'`;
  }
  return undefined;
};

/**
 * Starts moto's server on a free port and waits until it answers.
 *
 * @example
 * ```ts
 * const moto = await startMoto();
 * const logs = new CloudWatchLogsClient({ endpoint: moto.endpoint, … });
 * await moto.stop();
 * ```
 */
export const startMoto = async (timeoutMs = 30_000): Promise<MotoServer> => {
  const [port] = await freePorts(1);
  const child: ChildProcess = spawn('python3', ['-m', 'moto.server', '-H', '127.0.0.1', '-p', String(port)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const output: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    output.push(chunk.toString('utf8'));
    if (output.length > 50) output.shift();
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(5_000).then(() => child.kill('SIGKILL'))]);
  };
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null) break;
    try {
      const response = await fetch(`${endpoint}/moto-api/`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return { endpoint, stop };
    } catch {
      // not listening yet
    }
    await sleep(200);
  }
  await stop();
  throw new Error(`moto server did not start on ${endpoint}: ${output.join('').slice(-2_000)}`);
};

/** An S3 client for a moto server: path-style addresses (moto serves no bucket subdomains), test credentials. */
export const motoS3Client = (moto: MotoServer): S3Client =>
  new S3Client({
    endpoint: moto.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
