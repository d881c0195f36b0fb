import {
  Agent,
  createServer,
  type IncomingMessage,
  type OutgoingHttpHeaders,
  request,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { checkShares, FAULT_KINDS, type FaultKind, type FaultShares, pickFault } from './faults';

/** How long faults last and which requests they may hit. */
export interface FaultTiming {
  /** A stalled request is held this long before it is forwarded (default 3 s). */
  readonly stallMs?: number;
  /** A slow answer takes about this long to trickle back (default 2 s). */
  readonly slowBodyMs?: number;
  /** Only requests whose method and path (`POST /_bulk`) match are faulted (default: bulk writes and searches). */
  readonly pattern?: RegExp;
}

/** What the proxy did, per fault, for the report and for assertions that faults really happened. */
export type FaultCounts = Record<FaultKind, number>;

export interface FaultProxy {
  /** `http://127.0.0.1:<port>`: point the clients here instead of at OpenSearch. */
  readonly url: string;
  readonly counts: FaultCounts;
  /** Changes the shares from now on (e.g. faults off for the final checks). */
  setShares(shares: FaultShares): void;
  /** Forwards to another upstream from now on (a restarted node listens on a new port). */
  setTarget(url: string): void;
  close(): Promise<void>;
}

const DEFAULT_PATTERN = /^(POST|PUT) \S*\/_bulk|^(GET|POST) \S*\/_search/;
const SLOW_PIECES = 8;

/**
 * A small HTTP proxy on 127.0.0.1 in front of a real OpenSearch that does to a share of the requests what
 * a troubled cluster or network does: answers 429 or a 5xx, resets the connection, stalls, sends the answer
 * slowly, or cuts it off halfway after OpenSearch did the work. Which fault a request gets is
 * {@link pickFault} of one roll of the injected random source, so a seeded run repeats its choices. An
 * upstream that cannot be reached (a node restarting) is a reset connection, as a client would see it.
 *
 * @example
 * ```ts
 * const proxy = await startFaultProxy(node.url, { status429: 0.05, reset: 0.02 }, { stallMs: 2_000 }, random);
 * process.env.OPENSEARCH_URL = proxy.url;
 * ```
 */
export const startFaultProxy = async (
  target: string,
  initial: FaultShares,
  timing: FaultTiming = {},
  random: () => number = Math.random,
): Promise<FaultProxy> => {
  let upstream = new URL(target);
  let shares = checkShares(initial);
  const counts = Object.fromEntries(['none', ...FAULT_KINDS].map((kind) => [kind, 0])) as FaultCounts;
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const pattern = timing.pattern ?? DEFAULT_PATTERN;
  const later = (ms: number, run: () => void): void => {
    const timer = setTimeout(() => {
      timers.delete(timer);
      run();
    }, ms);
    timers.add(timer);
  };

  const forward = (req: IncomingMessage, res: ServerResponse, fault: FaultKind): void => {
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
        if (fault === 'slowBody' || fault === 'cutBody') {
          const chunks: Buffer[] = [];
          answer.on('data', (chunk: Buffer) => chunks.push(chunk));
          answer.on('end', () => answerBadly(res, answer, Buffer.concat(chunks), fault));
          return;
        }
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    outgoing.on('error', () => res.destroy());
    req.pipe(outgoing);
  };

  const answerBadly = (
    res: ServerResponse,
    answer: IncomingMessage,
    body: Buffer,
    fault: FaultKind,
  ): void => {
    const headers: OutgoingHttpHeaders = { ...answer.headers, 'content-length': String(body.length) };
    delete headers['transfer-encoding'];
    res.writeHead(answer.statusCode ?? 502, headers);
    if (fault === 'cutBody') {
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.destroy());
      return;
    }
    const piece = Math.ceil(body.length / SLOW_PIECES) || 1;
    const pause = Math.round((timing.slowBodyMs ?? 2_000) / SLOW_PIECES);
    const send = (offset: number): void => {
      if (res.destroyed) return;
      if (offset >= body.length) {
        res.end();
        return;
      }
      res.write(body.subarray(offset, offset + piece));
      later(pause, () => send(offset + piece));
    };
    send(0);
  };

  const server: Server = createServer((req, res) => {
    const fault = pattern.test(`${req.method ?? ''} ${req.url ?? ''}`) ? pickFault(random(), shares) : 'none';
    counts[fault]++;
    switch (fault) {
      case 'status429':
      case 'status5xx': {
        const status = fault === 'status429' ? 429 : 500 + Math.floor(random() * 4); // 500–503
        // Drain the body first, as a real server would, so the client sees an answer, not a broken pipe.
        req.resume();
        req.on('end', () => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ error: { type: 'fault_proxy', reason: `injected ${status}` }, status }));
        });
        return;
      }
      case 'reset':
        req.socket.destroy();
        return;
      case 'stall':
        // The body waits in the socket meanwhile; a client that gave up has closed it, and nothing is sent on.
        later(timing.stallMs ?? 3_000, () => {
          if (!req.socket.destroyed) forward(req, res, fault);
        });
        return;
      default:
        forward(req, res, fault);
    }
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
      shares = checkShares(next);
    },
    setTarget: (url) => {
      upstream = new URL(url);
    },
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      for (const socket of sockets) socket.destroy();
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
};
