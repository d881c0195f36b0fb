import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalOpenSearchError } from '../opensearch/errors';
import {
  type LocalOpenSearch,
  type LocalOpenSearchOptions,
  type NodeSpec,
  startLocalNode,
} from '../opensearch/node';
import { ELASTICSEARCH_NODE, UNPRIVILEGED_ID } from './node';

/** A running Elasticsearch with security on: HTTPS signed by a CA of its own, and one superuser. */
export interface SecuredElasticsearch extends LocalOpenSearch {
  /** The CA's certificate as a PEM file, what `ELASTICSEARCH_CA_CERT` names. */
  readonly caCertPath: string;
  readonly username: string;
  readonly password: string;
}

/**
 * Starts a real single-node Elasticsearch with security on, as a production cluster has it: TLS on HTTP
 * with a certificate for 127.0.0.1 signed by a throwaway CA (made with `openssl`), and a file-realm
 * superuser (added with the zip's own `elasticsearch-users`). Credentials and API keys are then tested
 * against the cluster's real authentication, not a stand-in.
 *
 * @example
 * ```ts
 * const node = await startSecuredElasticsearch();
 * process.env.ELASTICSEARCH_CA_CERT = node.caCertPath; // with node.username / node.password, or an API key
 * await node.stop();
 * ```
 */
export const startSecuredElasticsearch = async (
  options: LocalOpenSearchOptions = {},
): Promise<SecuredElasticsearch> => {
  const certDir = mkdtempSync(join(tmpdir(), 'cwlpipe-es-certs-'));
  try {
    makeCertificates(certDir);
    const access = {
      caPem: readFileSync(join(certDir, 'ca.crt'), 'utf8'),
      username: 'cwlpipe-admin',
      password: `pw-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`,
    };
    const spec: NodeSpec = {
      ...ELASTICSEARCH_NODE,
      secured: access,
      settings: {
        ...ELASTICSEARCH_NODE.settings,
        'xpack.security.enabled': 'true',
        'xpack.security.http.ssl.enabled': 'true',
        'xpack.security.http.ssl.certificate': 'certs/node.crt',
        'xpack.security.http.ssl.key': 'certs/node.key',
        'xpack.security.http.ssl.certificate_authorities': 'certs/ca.crt',
        'xpack.security.authc.api_key.enabled': 'true',
      },
      launch: (context) => {
        const launch = ELASTICSEARCH_NODE.launch(context);
        const config = join(context.runDir, 'config');
        mkdirSync(join(config, 'certs'), { recursive: true });
        for (const file of ['ca.crt', 'node.crt', 'node.key'])
          writeFileSync(join(config, 'certs', file), readFileSync(join(certDir, file)));
        run(
          join(context.home, 'bin', 'elasticsearch-users'),
          ['useradd', access.username, '-p', access.password, '-r', 'superuser'],
          launch.env,
        );
        if (process.getuid?.() === 0) run('chown', ['-R', `${UNPRIVILEGED_ID}:${UNPRIVILEGED_ID}`, config]);
        return launch;
      },
    };
    const node = await startLocalNode(spec, { heap: { min: '512m', max: '512m' }, ...options });
    return {
      ...node,
      caCertPath: join(certDir, 'ca.crt'),
      username: access.username,
      password: access.password,
      stop: async (graceMs?: number) => {
        await node.stop(graceMs);
        rmSync(certDir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(certDir, { recursive: true, force: true });
    throw error;
  }
};

/** A CA, and a certificate for 127.0.0.1 and localhost signed by it, valid two days. */
const makeCertificates = (dir: string): void => {
  const at = (file: string) => join(dir, file);
  writeFileSync(at('node.ext'), 'subjectAltName=IP:127.0.0.1,DNS:localhost\n');
  const subject = (cn: string) => ['-subj', `/CN=${cn}`];
  run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-days',
    '2',
    '-keyout',
    at('ca.key'),
    '-out',
    at('ca.crt'),
    ...subject('cwlpipe test CA'),
  ]);
  run('openssl', [
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    at('node.key'),
    '-out',
    at('node.csr'),
    ...subject('127.0.0.1'),
  ]);
  run('openssl', [
    'x509',
    '-req',
    '-in',
    at('node.csr'),
    '-CA',
    at('ca.crt'),
    '-CAkey',
    at('ca.key'),
    '-CAcreateserial',
    '-days',
    '2',
    '-extfile',
    at('node.ext'),
    '-out',
    at('node.crt'),
  ]);
};

const run = (command: string, args: string[], env: NodeJS.ProcessEnv = process.env): void => {
  const result = spawnSync(command, args, { encoding: 'utf8', env, timeout: 120_000 });
  if (result.error !== undefined || result.status !== 0) {
    throw new LocalOpenSearchError(
      'elasticsearch_secure_setup_failed',
      `Could not prepare the secured Elasticsearch: ${command} ${args[0] ?? ''} failed` +
        `${command === 'openssl' ? ' (is openssl installed?)' : ''}: ${result.error?.message ?? result.stderr.trim().split('\n').slice(-3).join(' ')}`,
      { cause: result.error },
    );
  }
};
