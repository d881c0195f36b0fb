import { envelopesByStream, ownerOf, timeSlices } from '../../../../src/consumers/backfill';
import { ConfigError } from '../../../../src/core';

const HOUR = 3_600_000;
const at = (iso: string): number => Date.parse(iso);

describe('timeSlices', () => {
  it('cuts a range on aligned boundaries, so the same range always gives the same slices', () => {
    // Prepare
    const range = { from: at('2024-05-01T00:30:00Z'), to: at('2024-05-01T02:15:00Z') };
    // Act
    const slices = timeSlices(range, HOUR);
    // Assess
    expect(slices).toEqual([
      { from: at('2024-05-01T00:30:00Z'), to: at('2024-05-01T01:00:00Z') },
      { from: at('2024-05-01T01:00:00Z'), to: at('2024-05-01T02:00:00Z') },
      { from: at('2024-05-01T02:00:00Z'), to: at('2024-05-01T02:15:00Z') },
    ]);
  });

  it('refuses an empty or reversed range and a slice that is not whole minutes, naming them', () => {
    // Prepare
    const reversed = { from: at('2024-05-02T00:00:00Z'), to: at('2024-05-01T00:00:00Z') };
    // Act
    const cutReversed = () => timeSlices(reversed, HOUR);
    const cutOdd = () => timeSlices({ from: 0, to: HOUR }, 90_500);
    // Assess
    expect(cutReversed).toThrow(ConfigError);
    expect(cutReversed).toThrow(
      '--to (2024-05-01T00:00:00.000Z) must be after --from (2024-05-02T00:00:00.000Z)',
    );
    expect(cutOdd).toThrow('whole number of minutes');
  });
});

describe('envelopesByStream', () => {
  it('shapes FilterLogEvents events as the subscription would have sent them, one envelope per log stream', () => {
    // Prepare
    const group = {
      name: '/aws/lambda/orders',
      owner: '123456789012',
      subscriptionFilters: ['cwlpipe-lambda'],
    };
    const events = [
      { logStreamName: 'a', eventId: '1', timestamp: 10, message: 'one' },
      { logStreamName: 'b', eventId: '2', timestamp: 11, message: 'two' },
      { logStreamName: 'a', eventId: '3', timestamp: 12, message: 'three' },
    ];
    // Act
    const envelopes = envelopesByStream(group, events);
    // Assess
    expect(envelopes).toEqual([
      {
        messageType: 'DATA_MESSAGE',
        owner: '123456789012',
        logGroup: '/aws/lambda/orders',
        logStream: 'a',
        subscriptionFilters: ['cwlpipe-lambda'],
        logEvents: [
          { id: '1', timestamp: 10, message: 'one' },
          { id: '3', timestamp: 12, message: 'three' },
        ],
      },
      expect.objectContaining({ logStream: 'b', logEvents: [{ id: '2', timestamp: 11, message: 'two' }] }),
    ]);
  });

  it("reads the owner from a log group's ARN", () => {
    // Prepare
    const arn = 'arn:aws:logs:eu-west-1:210987654321:log-group:/vpc/flow:*';
    // Act
    const owner = ownerOf(arn);
    // Assess
    expect(owner).toBe('210987654321');
  });
});
