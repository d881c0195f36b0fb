import { randomBytes } from 'node:crypto';
import { DashboardsImportError } from './errors';
import { assertImportable } from './import-check';
import type { ImportRules } from './import-rules';
import { signRequest } from './sigv4';

/** Where to import: the OpenSearch Dashboards (or Kibana) base URL and how to authenticate. */
export interface ImportTarget {
  readonly url: string;
  /** Sign with SigV4 for this region (Amazon OpenSearch Service); else basic auth or none. */
  readonly awsRegion?: string;
  readonly username?: string;
  readonly password?: string;
  readonly timeoutMs?: number;
  /**
   * The OpenSearch Dashboards tenant (`securitytenant` header) under fine-grained access control, e.g.
   * `global` so every user sees the objects; ignored where multi-tenancy is off.
   */
  readonly tenant?: string;
  /** The rules the file is checked against before it is sent (OpenSearch Dashboards' by default). */
  readonly rules?: ImportRules;
}

/** What the import did: how many objects the server imported, of how many sent. */
export interface ImportReport {
  readonly endpoint: string;
  readonly sent: number;
  readonly imported: number;
}

/**
 * The import endpoint for a dashboards URL. An Amazon OpenSearch Service domain endpoint given without a
 * path serves its dashboards under `/_dashboards`, so that path is added; any other path is kept.
 *
 * @example
 * ```ts
 * importEndpoint('https://search-logs-abc.eu-west-1.es.amazonaws.com').href;
 * // 'https://search-logs-abc.eu-west-1.es.amazonaws.com/_dashboards/api/saved_objects/_import?overwrite=true'
 * ```
 */
export const importEndpoint = (base: string): URL => {
  let url: URL;
  try {
    url = new URL(base);
  } catch {
    throw new DashboardsImportError('dashboards_url_invalid', `The dashboards URL "${base}" is not a URL.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new DashboardsImportError('dashboards_url_invalid', `The dashboards URL "${base}" is not http(s).`);
  // Plain HTTP to AWS would send the signed request and the objects unencrypted; AWS domains refuse it anyway.
  if (url.protocol === 'http:' && isAmazonDomain(url.hostname))
    throw new DashboardsImportError(
      'dashboards_url_invalid',
      `The dashboards URL "${base}" is plain http:// to an Amazon OpenSearch Service domain; use https://.`,
    );
  let path = url.pathname.replace(/\/+$/, '');
  if (path === '' && isAmazonDomain(url.hostname)) path = '/_dashboards';
  const endpoint = new URL(`${path}/api/saved_objects/_import`, url.origin);
  endpoint.searchParams.set('overwrite', 'true');
  return endpoint;
};

/** An Amazon OpenSearch Service endpoint (`*.es.amazonaws.com`, `*.aos.<region>.on.aws`). */
export const isAmazonDomain = (hostname: string): boolean =>
  /\.es\.amazonaws\.com(\.cn)?$/.test(hostname) || /\.aos\.[a-z0-9-]+\.on\.aws$/.test(hostname);

/**
 * Imports a saved-objects NDJSON file into OpenSearch Dashboards or Kibana: the file is checked against
 * the import rules first, then POSTed as multipart to `/api/saved_objects/_import?overwrite=true` with the
 * `osd-xsrf` and `kbn-xsrf` headers, signed with SigV4 (service `es`) for Amazon OpenSearch Service, with
 * basic auth otherwise. The reply is HTTP 200 even when objects fail, so it is read: every object that did
 * not import is named in the DashboardsImportError thrown.
 *
 * @example
 * ```ts
 * const report = await importSavedObjects(dashboardsNdjson(), { url: 'http://127.0.0.1:5601' });
 * // { endpoint: 'http://127.0.0.1:5601/api/saved_objects/_import?overwrite=true', sent: 52, imported: 52 }
 * await importSavedObjects(dashboardsNdjson('cwl', 'kibana8'), { url, rules: KIBANA9_RULES });
 * ```
 */
export const importSavedObjects = async (ndjson: string, target: ImportTarget): Promise<ImportReport> => {
  assertImportable(ndjson, target.rules);
  const sent = ndjson.split('\n').filter((line) => line.trim() !== '').length;
  const endpoint = importEndpoint(target.url);
  const boundary = `cwlpipe-${randomBytes(12).toString('hex')}`;
  const body = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="cwlpipe-dashboards.ndjson"\r\n` +
      `Content-Type: application/ndjson\r\n\r\n${ndjson}\r\n--${boundary}--\r\n`,
  );
  const headers = await requestHeaders(endpoint, body, boundary, target);
  const shown = endpoint.href.replace(/\/\/[^@/]*@/, '//');
  let response: Response;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      headers,
      body,
      signal: AbortSignal.timeout(target.timeoutMs ?? 60_000),
    });
  } catch (error) {
    throw new DashboardsImportError(
      'dashboards_unreachable',
      `Could not reach the dashboards at ${shown}: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}.`,
      { cause: error },
    );
  }
  const text = await response.text();
  if (response.status !== 200)
    throw new DashboardsImportError(
      `dashboards_http_${response.status}`,
      `The dashboards at ${shown} refused the import with HTTP ${response.status}: ${text.slice(0, 300)}`,
    );
  return { endpoint: shown, sent, imported: readImportReply(text, sent, shown) };
};

const requestHeaders = async (
  endpoint: URL,
  body: Buffer,
  boundary: string,
  target: ImportTarget,
): Promise<Record<string, string>> => {
  const headers: Record<string, string> = {
    'content-type': `multipart/form-data; boundary=${boundary}`,
    'content-length': String(body.length),
    // OpenSearch Dashboards asks for osd-xsrf, Kibana for kbn-xsrf; each ignores the other's.
    'osd-xsrf': 'true',
    'kbn-xsrf': 'true',
    ...(target.tenant !== undefined && { securitytenant: target.tenant }),
  };
  if (target.awsRegion !== undefined && target.awsRegion !== '')
    return signRequest(endpoint, 'POST', headers, body, target.awsRegion);
  if (target.username !== undefined && target.username !== '')
    headers.authorization = `Basic ${Buffer.from(`${target.username}:${target.password ?? ''}`).toString('base64')}`;
  return headers;
};

interface ImportReply {
  success?: boolean;
  successCount?: number;
  errors?: {
    id?: string;
    type?: string;
    title?: string;
    error?: { type?: string; [detail: string]: unknown };
  }[];
}

/**
 * Reads the import reply: `success` false or any entry in `errors` fails, naming each object and why.
 *
 * @example
 * ```ts
 * readImportReply('{"success":true,"successCount":3}', 3, url); // 3
 * ```
 */
export const readImportReply = (text: string, sent: number, shown: string): number => {
  let reply: ImportReply;
  try {
    reply = JSON.parse(text) as ImportReply;
  } catch {
    throw new DashboardsImportError(
      'dashboards_reply_invalid',
      `The dashboards at ${shown} answered the import with something that is not JSON: ${text.slice(0, 200)}`,
    );
  }
  const errors = reply.errors ?? [];
  if (reply.success === true && errors.length === 0) return reply.successCount ?? sent;
  const failed = errors.map((entry) => {
    const { type: why, ...details } = entry.error ?? {};
    const detail = Object.keys(details).length === 0 ? '' : ` ${JSON.stringify(details)}`;
    return `${entry.type}:${entry.id}${entry.title === undefined ? '' : ` ("${entry.title}")`}: ${why ?? 'failed'}${detail}`;
  });
  throw new DashboardsImportError(
    'dashboards_import_failed',
    `The dashboards at ${shown} imported ${reply.successCount ?? 0} of ${sent} objects; ${failed.length === 0 ? 'the reply says it failed without naming an object' : `these did not import: ${failed.join('; ')}`}.`,
  );
};
