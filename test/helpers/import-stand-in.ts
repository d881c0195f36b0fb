// A local HTTP stand-in of OpenSearch Dashboards' saved-objects import API: no OpenSearch Dashboards (or Kibana)
// can run on this machine. It answers as `POST /api/saved_objects/_import` does (HTTP 200 with `success`,
// `successCount` and `errors[]`, even when objects fail) and records what it was sent.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method?: string;
  url?: string;
  headers: IncomingMessage['headers'];
  body: string;
}

export const standIn = async (reply: (received: Received) => { status: number; body: unknown }) => {
  const received: Received[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const entry = {
        method: request.method,
        url: request.url,
        headers: request.headers,
        body: Buffer.concat(chunks).toString(),
      };
      received.push(entry);
      const { status, body } = reply(entry);
      response.writeHead(status, { 'content-type': 'application/json' });
      response.end(JSON.stringify(body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
};

/** The file part of a multipart body, as the server's multipart parser would hand it over. */
export const filePart = (received: Received): string => {
  const boundary = /boundary=(\S+)/.exec(String(received.headers['content-type']))?.[1];
  const part = received.body.split(`--${boundary}`)[1] ?? '';
  return part.slice(part.indexOf('\r\n\r\n') + 4, part.lastIndexOf('\r\n'));
};
