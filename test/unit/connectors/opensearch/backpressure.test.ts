import { AimdLimiter } from '../../../../src/connectors/opensearch/backpressure';

describe('Backpressure: opensearch', () => {
  it('halves concurrency and chunk size on throttling, once per cooldown', () => {
    // Prepare
    let now = 0;
    const limiter = new AimdLimiter({ maxConcurrency: 8, cooldownMs: 1_000, now: () => now });

    // Act
    limiter.throttled();
    limiter.throttled();
    const afterBurst = [limiter.concurrency, limiter.chunkScale];
    now = 1_000;
    limiter.throttled();

    // Assess
    expect(afterBurst).toEqual([4, 0.5]);
    expect([limiter.concurrency, limiter.chunkScale]).toEqual([2, 0.25]);
  });

  it('recovers slowly: one slot per window of successful answers, never above the maximum', () => {
    // Prepare
    const limiter = new AimdLimiter({ maxConcurrency: 4, now: () => 0 });
    limiter.throttled();

    // Act
    limiter.succeeded();
    const afterOne = limiter.concurrency;
    for (let i = 0; i < 100; i++) limiter.succeeded();

    // Assess
    expect(afterOne).toBe(2);
    expect([limiter.concurrency, limiter.chunkScale]).toEqual([4, 1]);
  });

  it('holds a request until a slot is free', async () => {
    // Prepare
    const limiter = new AimdLimiter({ maxConcurrency: 1 });
    await limiter.acquire();
    let second = false;

    // Act
    const waiting = limiter.acquire().then(() => {
      second = true;
    });
    await Promise.resolve();
    const beforeRelease = second;
    limiter.release();
    await waiting;

    // Assess
    expect(beforeRelease).toBe(false);
    expect(second).toBe(true);
  });
});
