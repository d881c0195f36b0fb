import { createOpenSearchClient } from '../../../src/connectors/opensearch/client';
import { openSearchConfigFromEnv } from '../../../src/connectors/opensearch/config';
import { backfillRange, snapshotName } from './range';

/** The state machine's small steps: resolve the run's range; take an OpenSearch snapshot before the backfill. */
type StepEvent =
  | { readonly action: 'range'; readonly input: { from?: string; to?: string; scheduledTime?: string } }
  | { readonly action: 'snapshot'; readonly range: { from: string; to: string } };

export const handler = async (event: StepEvent) => {
  if (event.action === 'range') {
    const range = backfillRange(event.input);
    // The container's arguments, after its entrypoint `node bin/cwlpipe.js backfill`.
    const extra: string[] = JSON.parse(process.env.CWLPIPE_BACKFILL_ARGUMENTS ?? '[]');
    return { ...range, command: ['--from', range.from, '--to', range.to, ...extra] };
  }
  const config = openSearchConfigFromEnv(process.env);
  const repository = process.env.CWLPIPE_SNAPSHOT_REPOSITORY ?? 'cwlpipe-snapshots';
  const snapshot = snapshotName(config.indexPrefix, event.range);
  const client = createOpenSearchClient(config);
  // Started, not awaited: a snapshot of a large domain outlasts a Lambda; the backfill only adds documents.
  const response = await client.transport.request(
    {
      method: 'PUT',
      path: `/_snapshot/${encodeURIComponent(repository)}/${encodeURIComponent(snapshot)}`,
      body: { indices: `${config.indexPrefix}-*`, include_global_state: false },
    },
    { ignore: [400] },
  );
  console.log(
    JSON.stringify({ message: 'Snapshot started.', repository, snapshot, status: response.statusCode }),
  );
  return { repository, snapshot, status: response.statusCode };
};
