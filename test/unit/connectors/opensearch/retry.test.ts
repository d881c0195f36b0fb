import { backoffDelay, type RetryPolicy, retryWithin } from '../../../../src/connectors/opensearch/retry';

const policy: RetryPolicy = { baseMs: 100, capMs: 1_000, maxAttempts: 5, minRequestMs: 50 };

/** A clock that only moves when the code under test sleeps. */
const fakeTime = () => {
  let now = 0;
  const sleeps: number[] = [];
  return {
    now: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
  };
};

describe('Retry: opensearch', () => {
  it('waits a random share of an exponentially growing, capped window (full jitter)', () => {
    // Act, Assess
    expect(backoffDelay(0, policy, () => 0.999)).toBe(99);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(400);
    expect(backoffDelay(9, policy, () => 0.5)).toBe(500);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
  });

  it('re-sends only the retryable items, after a backoff, until they go through', async () => {
    // Prepare
    const time = fakeTime();
    const sent: string[][] = [];
    const failOnce = new Set(['b']);

    // Act
    const outcome = await retryWithin(
      ['a', 'b', 'c'],
      { at: 10_000 },
      async (items) => {
        sent.push([...items]);
        const retry = items
          .filter((item) => failOnce.delete(item))
          .map((item) => ({ item, code: 'http_429', reason: 'busy' }));
        return { retry, resend: [] };
      },
      { policy, random: () => 0.5, ...time },
    );

    // Assess
    expect(sent).toEqual([['a', 'b', 'c'], ['b']]);
    expect(time.sleeps).toEqual([50]);
    expect(outcome.retryable).toEqual([]);
  });

  it('sends changed items again at once, without waiting', async () => {
    // Prepare
    const time = fakeTime();
    const sent: string[][] = [];

    // Act
    await retryWithin(
      ['a'],
      { at: 10_000 },
      async (items) => {
        sent.push([...items]);
        return { retry: [], resend: items.includes('a') ? ['a2'] : [] };
      },
      { policy, ...time },
    );

    // Assess
    expect(sent).toEqual([['a'], ['a2']]);
    expect(time.sleeps).toEqual([]);
  });

  it('hands back what is still retryable when the deadline would pass, with its last reason', async () => {
    // Prepare
    const time = fakeTime();
    let sends = 0;

    // Act
    const outcome = await retryWithin(
      ['a'],
      { at: 600 },
      async (items) => {
        sends++;
        return {
          retry: items.map((item) => ({ item, code: 'http_503', reason: 'unavailable' })),
          resend: [],
        };
      },
      { policy, random: () => 1, ...time },
    );

    // Assess: 100 + 200 of waiting fit before 600 - 50; the next 400 does not.
    expect(time.sleeps).toEqual([100, 200]);
    expect(sends).toBe(3);
    expect(outcome.retryable).toEqual([{ item: 'a', code: 'http_503', reason: 'unavailable' }]);
  });

  it('stops after the attempt budget even with time left', async () => {
    // Prepare
    const time = fakeTime();
    let sends = 0;

    // Act
    const outcome = await retryWithin(
      ['a'],
      { at: 1e12 },
      async (items) => {
        sends++;
        return { retry: items.map((item) => ({ item, code: 'timeout', reason: 'slow' })), resend: [] };
      },
      { policy, random: () => 0, ...time },
    );

    // Assess
    expect(sends).toBe(policy.maxAttempts);
    expect(outcome.retryable).toHaveLength(1);
  });

  it('sends nothing when the deadline has already come, and hands everything back', async () => {
    // Prepare
    const time = fakeTime();
    const send = jest.fn();

    // Act
    const outcome = await retryWithin(['a', 'b'], { at: 10 }, send, { policy, ...time });

    // Assess
    expect(send).not.toHaveBeenCalled();
    expect(outcome.retryable.map((entry) => [entry.item, entry.code])).toEqual([
      ['a', 'deadline'],
      ['b', 'deadline'],
    ]);
  });
});
