import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { defaultProvider } from '@aws-sdk/credential-provider-node';
import { SignatureV4 } from '@smithy/signature-v4';

type SourceData = string | ArrayBuffer | ArrayBufferView;

const bytesOf = (data: SourceData): Uint8Array | string => {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
};

/** SHA-256 for the signer, from Node's crypto (an HMAC when given a key). */
class NodeSha256 {
  private hash: Hash | Hmac;
  private readonly secret: Uint8Array | string | undefined;

  public constructor(secret?: SourceData) {
    this.secret = secret === undefined ? undefined : bytesOf(secret);
    this.hash = this.fresh();
  }

  public update(data: SourceData): void {
    this.hash.update(bytesOf(data));
  }

  public async digest(): Promise<Uint8Array> {
    return new Uint8Array(this.hash.digest());
  }

  public reset(): void {
    this.hash = this.fresh();
  }

  private fresh(): Hash | Hmac {
    return this.secret === undefined ? createHash('sha256') : createHmac('sha256', this.secret);
  }
}

/**
 * Signs one HTTP request with SigV4 for Amazon OpenSearch Service (service `es`), with the default AWS
 * credential chain, and returns the headers to send (the originals plus the signature's).
 *
 * @example
 * ```ts
 * const headers = await signRequest(new URL('https://search-x.eu-west-1.es.amazonaws.com/_dashboards/api/saved_objects/_import'), 'POST', headers, body, 'eu-west-1');
 * ```
 */
export const signRequest = async (
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: Buffer,
  region: string,
): Promise<Record<string, string>> => {
  const signer = new SignatureV4({
    service: 'es',
    region,
    credentials: defaultProvider(),
    sha256: NodeSha256,
  });
  const signed = await signer.sign({
    method,
    protocol: url.protocol,
    hostname: url.hostname,
    ...(url.port !== '' && { port: Number(url.port) }),
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    headers: { ...headers, host: url.host },
    body,
  });
  return signed.headers;
};
