import { gunzipSync } from 'node:zlib';
import type { Envelope } from '../../../src/core';
import { syntheticTypes } from '../../../src/local/synthetic';
import { countRaw, EVENTS_PER_ENVELOPE, generateCorpus, type RawTotals } from '../../../tools/chaos/corpus';

const emptyTotals = (): RawTotals => ({
  eventsByType: {},
  vpcByAction: {},
  lambda: { invocations: 0, coldStarts: 0, durationMsSum: 0 },
  cloudtrailByName: {},
  cloudtrailErrors: 0,
});

describe('Chaos: generated corpus', () => {
  it('makes whole envelopes of every type, with ids that name their serial and type', () => {
    // Act
    const corpus = generateCorpus(1_200, 5);

    // Assess
    const envelopes = corpus.records.map(
      (record) => JSON.parse(gunzipSync(record.data).toString()) as Envelope,
    );
    const events = envelopes.flatMap((envelope) => envelope.logEvents);
    expect(corpus.events).toBe(events.length);
    expect(corpus.events).toBeGreaterThanOrEqual(1_200);
    expect(corpus.events % EVENTS_PER_ENVELOPE).toBe(0);
    expect(new Set(events.map((event) => event.id)).size).toBe(events.length);
    const serials = events.map((event) => corpus.ids.serialOf(event.id));
    expect(serials).toEqual(events.map((_, index) => index));
    expect(
      new Set(
        envelopes.map((envelope) =>
          corpus.ids.typeOf(corpus.ids.serialOf(envelope.logEvents[0]?.id ?? '') ?? -1),
        ),
      ).size,
    ).toBe(syntheticTypes().length);
    expect(corpus.ids.serialOf(`${'0'.repeat(20)}99999999${'0'.repeat(28)}`)).toBeUndefined();
    expect(corpus.window.fromMs).toBeLessThan(Math.min(...events.map((event) => event.timestamp)));
  });

  it('is the same for the same seed', () => {
    // Act
    const [a, b] = [generateCorpus(500, 9), generateCorpus(500, 9)];

    // Assess
    expect(a.records.map((record) => Buffer.from(record.data).toString('base64'))).toEqual(
      b.records.map((record) => Buffer.from(record.data).toString('base64')),
    );
    expect(a.totals).toEqual(b.totals);
  });

  it('counts raw lines by hand: VPC bytes by action, Lambda REPORT lines, CloudTrail names and errors', () => {
    // Prepare
    const totals = emptyTotals();

    // Act
    countRaw(
      totals,
      'vpcflow',
      '2 123456789012 eni-0a 10.0.0.1 10.0.0.2 443 49152 6 10 840 1714564800 1714564860 ACCEPT OK',
    );
    countRaw(
      totals,
      'vpcflow',
      '2 123456789012 eni-0a 10.0.0.1 10.0.0.2 443 49152 6 2 100 1714564800 1714564860 REJECT OK',
    );
    countRaw(totals, 'lambda', 'START RequestId: r1 Version: $LATEST\n');
    countRaw(
      totals,
      'lambda',
      'REPORT RequestId: r1\tDuration: 12.50 ms\tBilled Duration: 13 ms\tMemory Size: 512 MB\tMax Memory Used: 80 MB\tInit Duration: 200.00 ms\t\n',
    );
    countRaw(totals, 'cloudtrail', JSON.stringify({ eventName: 'GetObject', errorCode: 'AccessDenied' }));

    // Assess
    expect(totals).toEqual({
      eventsByType: { vpcflow: 2, lambda: 2, cloudtrail: 1 },
      vpcByAction: {
        ACCEPT: { flows: 1, packets: 10, bytes: 840 },
        REJECT: { flows: 1, packets: 2, bytes: 100 },
      },
      lambda: { invocations: 1, coldStarts: 1, durationMsSum: 12.5 },
      cloudtrailByName: { GetObject: 1 },
      cloudtrailErrors: 1,
    });
  });
});
