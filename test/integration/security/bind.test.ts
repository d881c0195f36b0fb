import { startDashboardsServer } from '../../../src/local/dashboards/server';
import { startLocalKinesis } from '../../../src/local/kinesis';
import {
  isLoopback,
  type ListeningSocket,
  listeningOf,
  listeningOn,
  ownerOf,
  procNetUnavailable,
} from '../../helpers/listening';
import { motoUnavailable, startMoto } from '../e2e/moto-server';
import { ENGINES, engineUrl } from '../opensearch/support';

// Reads the kernel's own table of listening sockets, so what is checked is where each server really
// listens, not what it was asked to.
const why = procNetUnavailable();
if (why !== undefined) process.stdout.write(`SKIPPED bind-address tests: ${why}\n`);
const linux = why === undefined ? describe : describe.skip;

const portOf = (url: string): number => Number(new URL(url).port);

const expectLoopbackOnly = (sockets: readonly ListeningSocket[]): void => {
  expect(sockets.length).toBeGreaterThan(0);
  expect(sockets.filter((socket) => !isLoopback(socket.address))).toEqual([]);
};

linux('Security: local servers listen on 127.0.0.1 only', () => {
  it.each(ENGINES)('$engine.label: every port of the node (HTTP and transport)', (engine) => {
    // Prepare
    const http = listeningOn(portOf(engineUrl(engine)));
    const pid = ownerOf(http.map((socket) => socket.inode));
    if (pid === undefined) {
      // A cluster given by URL, not started here: only its HTTP port can be seen.
      expectLoopbackOnly(http);
      return;
    }

    // Act
    const sockets = listeningOf(pid);

    // Assess
    expect(sockets.length).toBeGreaterThanOrEqual(2);
    expectLoopbackOnly(sockets);
  });

  it('kinesalite', async () => {
    // Prepare
    const kinesis = await startLocalKinesis();
    try {
      // Act
      const sockets = listeningOn(portOf(kinesis.endpoint));

      // Assess
      expectLoopbackOnly(sockets);
    } finally {
      await kinesis.close();
    }
  });

  it('the dashboards server', async () => {
    // Prepare
    const server = await startDashboardsServer({ search: async () => ({}), prefix: 'cwl' });
    try {
      // Act
      const sockets = listeningOn(portOf(server.url));

      // Assess
      expectLoopbackOnly(sockets);
    } finally {
      await server.close();
    }
  });

  const moto = motoUnavailable();
  if (moto !== undefined) process.stdout.write(`SKIPPED moto bind-address test: ${moto}\n`);
  (moto === undefined ? it : it.skip)('moto server', async () => {
    // Prepare
    const server = await startMoto();
    try {
      // Act
      const sockets = listeningOn(portOf(server.endpoint));

      // Assess
      expectLoopbackOnly(sockets);
    } finally {
      await server.stop();
    }
  });
});
