import {
  Agent,
  createServer,
  type IncomingMessage,
  request,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

/** Shares (0–1) of requests that get each fault; the rest are forwarded untouched. */
export interface FaultShares {
  readonly status429?: number;
  readonly status503?: number;
  /** The connection is destroyed before any answer. */
  readonly reset?: number;
  /** Forwarded, but the answer is held back `slowMs` first. */
  readonly slow?: number;
  readonly slowMs?: number;
  /** Only requests whose path matches are faulted (default `/_bulk`). */
  readonly pathPattern?: RegExp;
}

/** What the proxy did, for assertions that faults really happened. */
export interface FaultCounts {
  forwarded: number;
  status429: number;
  status503: number;
  reset: number;
  slow: number;
}

export interface FaultProxy {
  readonly url: string;
  readonly counts: FaultCounts;
  /** Changes the shares from now on (e.g. faults off for the final check). */
  setShares(shares: FaultShares): void;
  close(): Promise<void>;
}

/**
 * A small HTTP proxy on 127.0.0.1 in front of a real OpenSearch, answering a share of requests with
 * 429, 503, a reset connection or a slow answer. The random source is injectable, so a run can be
 * repeated; at most `maxSockets` upstream requests are in flight.
 *
 * @example
 * ```ts
 * const proxy = await startFaultProxy(process.env.OPENSEARCH_URL!, { status429: 0.1, reset: 0.05 });
 * const client = createOpenSearchClient(buildOpenSearchConfig({ url: proxy.url }));
 * ```
 */
export const startFaultProxy = async (
  target: string,
  initial: FaultShares,
  random: () => number = Math.random,
): Promise<FaultProxy> => {
  const upstream = new URL(target);
  let shares = initial;
  const counts: FaultCounts = { forwarded: 0, status429: 0, status503: 0, reset: 0, slow: 0 };
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const agent = new Agent({ keepAlive: true, maxSockets: 16 });

  const forward = (req: IncomingMessage, res: ServerResponse, delayMs: number): void => {
    counts.forwarded++;
    const outgoing = request(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        agent,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (answer) => {
        const send = (): void => {
          timers.delete(timer);
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        };
        const timer = setTimeout(send, delayMs);
        timers.add(timer);
      },
    );
    outgoing.on('error', () => res.destroy());
    req.pipe(outgoing);
  };

  const server: Server = createServer((req, res) => {
    const faultable = (shares.pathPattern ?? /\/_bulk/).test(req.url ?? '');
    const roll = faultable ? random() : 1;
    const cut429 = shares.status429 ?? 0;
    const cut503 = cut429 + (shares.status503 ?? 0);
    const cutReset = cut503 + (shares.reset ?? 0);
    const cutSlow = cutReset + (shares.slow ?? 0);
    if (roll < cut429 || roll < cut503) {
      const status = roll < cut429 ? 429 : 503;
      counts[status === 429 ? 'status429' : 'status503']++;
      // Drain the body first, as a real server would, so the client sees an answer, not a broken pipe.
      req.resume();
      req.on('end', () => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { type: 'fault_proxy', reason: `injected ${status}` }, status }));
      });
      return;
    }
    if (roll < cutReset) {
      counts.reset++;
      req.socket.destroy();
      return;
    }
    if (roll < cutSlow) {
      counts.slow++;
      forward(req, res, shares.slowMs ?? 500);
      return;
    }
    forward(req, res, 0);
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    counts,
    setShares: (next) => {
      shares = next;
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
