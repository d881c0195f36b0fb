import { lazy, onFirstUse } from '../../../src/core';

describe('lazy', () => {
  it('builds on the first read, once, and returns the same value after', () => {
    // Prepare
    let builds = 0;
    const table = lazy(() => {
      builds += 1;
      return new Map([['tcp', 6]]);
    });

    // Act
    const beforeRead = builds;
    const first = table();
    const second = table();

    // Assess
    expect(beforeRead).toBe(0);
    expect(first).toBe(second);
    expect(first.get('tcp')).toBe(6);
    expect(builds).toBe(1);
  });

  it('keeps a built undefined without building again', () => {
    // Prepare
    let builds = 0;
    const nothing = lazy(() => {
      builds += 1;
      return undefined;
    });

    // Act
    nothing();
    nothing();

    // Assess
    expect(builds).toBe(1);
  });

  it('does not keep a build that threw: the next read builds again', () => {
    // Prepare
    let builds = 0;
    const flaky = lazy(() => {
      builds += 1;
      if (builds === 1) throw new Error('first build fails');
      return 'built';
    });

    // Act + Assess
    expect(() => flaky()).toThrow('first build fails');
    expect(flaky()).toBe('built');
    expect(builds).toBe(2);
  });
});

describe('onFirstUse', () => {
  it('builds the object on its first use, once, with reads, writes, `in` and bound methods forwarded', () => {
    // Prepare
    class Counter {
      public count = 0;
      public increment(): number {
        this.count += 1;
        return this.count;
      }
    }
    let builds = 0;
    const counter = onFirstUse(() => {
      builds += 1;
      return new Counter();
    });

    // Act
    const beforeUse = builds;
    const { increment } = counter;
    increment();
    counter.count = 10;

    // Assess
    expect(beforeUse).toBe(0);
    expect(counter.increment()).toBe(11);
    expect('increment' in counter).toBe(true);
    expect(builds).toBe(1);
  });
});
