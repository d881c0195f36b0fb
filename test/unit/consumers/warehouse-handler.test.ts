import { handler } from '../../../src/consumers/warehouse.handler';

describe('Lambda: the warehouse handler', () => {
  it('refuses an event that names no known action, saying what it takes', async () => {
    // Act
    const unknown = handler({ action: 'compact' } as never);

    // Assess
    await expect(unknown).rejects.toThrow(
      /takes \{ "action": "sync" \} or \{ "action": "backup" \}, not \{"action":"compact"\}/,
    );
  });

  it('refuses a sync range that is not a time, and a retention below one', async () => {
    await expect(handler({ action: 'sync', from: 'yesterday' })).rejects.toThrow(
      /from "yesterday" is not an ISO 8601 time/,
    );
    await expect(handler({ action: 'backup', retain: 0 })).rejects.toThrow(/whole number ≥ 1, not 0/);
  });
});
