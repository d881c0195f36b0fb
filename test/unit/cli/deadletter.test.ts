import { shownLetter } from '../../../src/cli/deadletter';
import type { StoredLetter } from '../../../src/connectors/deadletter/opensearch-sink';
import { buildConfig, PrivacyPolicy } from '../../../src/pipeline';

describe('CLI: deadletter list', () => {
  it('shows a letter redacted with its log group rules, the raw record as its size', () => {
    // Prepare
    const privacy = PrivacyPolicy.compile(
      buildConfig({ privacy: { overrides: [{ logGroup: '/ecs/*', detectors: { email: true } }] } }).privacy,
    );
    const letter: StoredLetter = {
      '@timestamp': '2024-05-01T12:00:00.000Z',
      letter_id: 'a1',
      stage: 'transform',
      code: 'json_invalid',
      reason: 'could not parse password=hunter22',
      origin: { recordIndex: 0 },
      source: { owner: '1', logGroup: '/ecs/api', logStream: 's', subscriptionFilters: [] },
      raw_event: { id: '1', timestamp: 1, message: 'login ana@example.com key AKIAIOSFODNN7EXAMPLE' },
      raw_record: 'H4sIAAAA',
    };

    // Act
    const shown = shownLetter(letter, privacy);

    // Assess
    expect(shown).toMatchObject({
      reason: 'could not parse password=[secret]',
      raw_event: { id: '1', timestamp: 1, message: 'login [email] key [aws_key]' },
      raw_record_bytes: 8,
    });
    expect(shown).not.toHaveProperty('raw_record');
    expect(letter.raw_event?.message).toContain('AKIAIOSFODNN7EXAMPLE'); // stored raw, for redrive
  });
});
