import type { Client } from '@opensearch-project/opensearch';
import { warehouseFromEnv } from '../../src/warehouse';
import { deadLetters, eachDocument, typeOfIndex } from './census';
import { countRaw, type GeneratedCorpus, type RawTotals } from './corpus';
import type { Expectation } from './expected';

/** One checked statement of the report. */
export interface Assertion {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** What one phase's destination holds, counted, and every assertion about it. */
export interface PhaseVerdict {
  readonly generatedEvents: number;
  readonly hostileEvents: number;
  readonly expectedDocuments: number;
  readonly indexedDocuments: number;
  readonly duplicates: number;
  readonly givenUp: { readonly records: number; readonly events: number; readonly documents: number };
  readonly rejectedByDestination: number;
  readonly lettersByCode: Record<string, number>;
  readonly skippedByReason: Record<string, number>;
  readonly controlMessages: number;
  readonly assertions: Assertion[];
}

export interface VerifyInput {
  readonly client: Client;
  readonly prefix: string;
  readonly corpus: GeneratedCorpus;
  /** The dry run of the hostile corpus, under this prefix. */
  readonly hostile: Expectation;
  /** The dry run of the records the event source mapping gave up (empty for the poller). */
  readonly givenUp: Expectation;
  /** The DuckDB file the phase's warehouse syncs wrote. */
  readonly duckDbPath: string;
}

const check = (assertions: Assertion[], name: string, ok: boolean, detail: string): void => {
  assertions.push({ name, ok, detail });
};

const bump = (counts: Record<string, number>, key: string, by = 1): void => {
  counts[key] = (counts[key] ?? 0) + by;
};

const sample = (items: readonly string[]): string =>
  items.length === 0 ? '' : ` (e.g. ${items.slice(0, 3).join(', ')}${items.length > 3 ? ', …' : ''})`;

/**
 * Counts what OpenSearch and the warehouse hold after a phase and checks it against the corpus: every
 * generated event indexed exactly once unless given up by the mapping or rejected by the destination (and
 * then accounted for), every hostile record's documents and letters exactly as the dry run said, no
 * duplicates, and the warehouse's totals equal to the raw lines' own.
 *
 * @example
 * ```ts
 * const verdict = await verifyPhase({ client, prefix: 'chaos-1-poller', corpus, hostile, givenUp, duckDbPath });
 * verdict.assertions.every((a) => a.ok);
 * ```
 */
export const verifyPhase = async (input: VerifyInput): Promise<PhaseVerdict> => {
  const { corpus, hostile, givenUp, prefix } = input;
  const { ids } = corpus;
  const assertions: Assertion[] = [];
  const seen = new Uint8Array(corpus.events);
  let wrongType = 0;
  let indexed = 0;
  const hostileSeen = new Set<string>();
  const unexpected: string[] = [];
  await eachDocument(input.client, prefix, (doc) => {
    indexed++;
    const serial = ids.serialOf(doc.id);
    if (serial !== undefined) {
      seen[serial] = Math.min(255, (seen[serial] ?? 0) + 1);
      if (typeOfIndex(doc.index, prefix) !== ids.typeOf(serial)) wrongType++;
      return;
    }
    const key = `${doc.index}/${doc.id}`;
    if (hostile.docs.has(key) && !hostileSeen.has(key)) hostileSeen.add(key);
    else unexpected.push(key);
  });
  const letters = await deadLetters(input.client, prefix);

  // What the destination refused (deliver-stage letters), by event id.
  const rejected = new Set(
    letters.filter((letter) => letter.stage === 'deliver' && letter.eventId).map((l) => l.eventId as string),
  );
  const givenUpSerials = new Set<number>();
  for (const doc of givenUp.docs.values()) {
    const serial = ids.serialOf(doc.id);
    if (serial !== undefined) givenUpSerials.add(serial);
  }

  // Generated events: each indexed once, or accounted for.
  let duplicates = wrongType;
  const missingRaw: RawTotals = {
    eventsByType: {},
    vpcByAction: {},
    lambda: { invocations: 0, coldStarts: 0, durationMsSum: 0 },
    cloudtrailByName: {},
    cloudtrailErrors: 0,
  };
  const explainedIds = new Set<string>();
  let generatedIndexed = 0;
  const rejectedSerials = new Set([...rejected].map((id) => ids.serialOf(id)));
  let givenUpMissing = 0;
  let rejectedMissing = 0;
  const unexplained: string[] = [];
  for (let serial = 0; serial < corpus.events; serial++) {
    const count = seen[serial] ?? 0;
    if (count > 0) generatedIndexed++;
    if (count > 1) duplicates += count - 1;
    if (count > 0) continue;
    // A missing event is explained by the mapping giving up its record, or by a deliver letter of its id.
    if (givenUpSerials.has(serial)) givenUpMissing++;
    else if (rejectedSerials.has(serial)) rejectedMissing++;
    else unexplained.push(String(serial));
  }
  for (const doc of givenUp.docs.values()) {
    const serial = ids.serialOf(doc.id);
    const type = serial === undefined ? undefined : ids.typeOf(serial);
    if (serial !== undefined && type !== undefined && (seen[serial] ?? 0) === 0) {
      countRaw(missingRaw, type, doc.message);
      explainedIds.add(doc.id);
    }
  }
  for (const letter of letters) {
    const serial = letter.stage === 'deliver' && letter.eventId ? ids.serialOf(letter.eventId) : undefined;
    const type = serial === undefined ? undefined : ids.typeOf(serial);
    if (serial !== undefined && type !== undefined && !explainedIds.has(letter.eventId as string)) {
      countRaw(missingRaw, type, letter.message ?? '');
    }
  }
  check(
    assertions,
    'every generated event is indexed, or accounted for',
    unexplained.length === 0,
    `${generatedIndexed} of ${corpus.events} generated events indexed; missing: ${givenUpMissing} in records the mapping gave up (${givenUpSerials.size} given up, the rest indexed by an invocation before it died), ${rejectedMissing} rejected by the destination, ${unexplained.length} unexplained${sample(unexplained)}`,
  );
  check(
    assertions,
    'zero duplicates',
    duplicates === 0 && unexpected.length === 0,
    `${duplicates} generated documents beyond one per event or in another type's index; ${unexpected.length} documents no event explains${sample(unexpected)}`,
  );

  // Hostile corpus: exactly the documents and letters the dry run said.
  const hostileMissing = [...hostile.docs.values()].filter(
    (doc) => !hostileSeen.has(doc.key) && !rejected.has(doc.id) && !givenUp.docs.has(doc.key),
  );
  check(
    assertions,
    'every document of the hostile corpus is indexed, or accounted for',
    hostileMissing.length === 0,
    `${hostileSeen.size} of ${hostile.docs.size} expected documents indexed; ${hostileMissing.length} unexplained${sample(hostileMissing.map((doc) => doc.key))}`,
  );
  const storedIds = new Set(letters.map((letter) => letter.id));
  const lettersMissing = [...hostile.letters.keys()].filter(
    (id) => !storedIds.has(id) && !givenUp.letters.has(id),
  );
  const lettersUnexpected = letters.filter(
    (letter) =>
      letter.stage !== 'deliver' && !hostile.letters.has(letter.id) && !givenUp.letters.has(letter.id),
  );
  const lettersByCode: Record<string, number> = {};
  for (const letter of letters) bump(lettersByCode, `${letter.stage}/${letter.code}`);
  check(
    assertions,
    'every set-aside event is a dead letter with its reason, once',
    lettersMissing.length === 0 && lettersUnexpected.length === 0 && storedIds.size === letters.length,
    `${letters.length} letters stored (${Object.entries(lettersByCode)
      .map(([code, count]) => `${code} ${count}`)
      .join(
        ', ',
      )}); ${hostile.letters.size} expected from the dry run; ${lettersMissing.length} missing; ${lettersUnexpected.length} unexpected${sample(lettersUnexpected.map((l) => `${l.stage}/${l.code}`))}`,
  );
  const hostileInWindow = [...hostile.docs.values()].filter((doc) => doc.key.includes('-2023.03.14/'));
  check(
    assertions,
    'the generated window holds generated events only',
    hostileInWindow.length === 0,
    `${hostileInWindow.length} hostile documents fall on the generated events' day`,
  );

  await verifyWarehouse(input, missingRaw, lettersByCode, assertions);

  const givenUpEvents = givenUp.events;
  return {
    generatedEvents: corpus.events,
    hostileEvents: hostile.events,
    expectedDocuments: corpus.events + hostile.docs.size,
    indexedDocuments: indexed,
    duplicates,
    givenUp: { records: givenUp.records, events: givenUpEvents, documents: givenUp.docs.size },
    rejectedByDestination: rejected.size,
    lettersByCode,
    skippedByReason: hostile.skipped,
    controlMessages: hostile.control,
    assertions,
  };
};

const subtract = (all: number, missing: number | undefined): number => all - (missing ?? 0);
const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-6 * Math.max(1, Math.abs(b));

/** The warehouse's totals over the generated window against the raw lines (less what is accounted missing). */
const verifyWarehouse = async (
  input: VerifyInput,
  missing: RawTotals,
  lettersByCode: Record<string, number>,
  assertions: Assertion[],
): Promise<void> => {
  const { totals, window } = input.corpus;
  const warehouse = await warehouseFromEnv({
    CWLPIPE_WAREHOUSE: 'duckdb',
    CWLPIPE_DUCKDB_PATH: input.duckDbPath,
  });
  const inWindow = `epoch_ms(minute) >= ${window.fromMs} AND epoch_ms(minute) < ${window.toMs}`;
  const rows = async (sql: string): Promise<unknown[][]> =>
    (await warehouse.query(sql)).rows.map((row) => [...row]);
  try {
    const docs = new Map(
      (
        await rows(
          `SELECT doc_type, SUM(documents) FROM pipeline_documents_minute WHERE ${inWindow} GROUP BY doc_type`,
        )
      ).map(([type, count]) => [String(type), Number(count)]),
    );
    const docLines = Object.entries(totals.eventsByType).map(([type, count]) => {
      const want = subtract(count, missing.eventsByType[type]);
      return { ok: docs.get(type) === want, line: `${type} ${docs.get(type) ?? 0}/${want}` };
    });
    check(
      assertions,
      'warehouse: documents per type = generated events',
      docLines.every((line) => line.ok) && docs.size === docLines.length,
      docLines.map((line) => line.line).join(', '),
    );

    const vpc = await rows(
      `SELECT action, SUM(flows), SUM(packets), SUM(bytes) FROM vpc_flows_minute WHERE ${inWindow} GROUP BY action ORDER BY action`,
    );
    const vpcLines = Object.entries(totals.vpcByAction).map(([action, want]) => {
      const lost = missing.vpcByAction[action] ?? { flows: 0, packets: 0, bytes: 0 };
      const got = vpc.find((row) => row[0] === action) ?? [action, 0, 0, 0];
      const expected = [want.flows - lost.flows, want.packets - lost.packets, want.bytes - lost.bytes];
      const actual = [Number(got[1]), Number(got[2]), Number(got[3])];
      return {
        ok: expected.every((value, index) => value === actual[index]),
        line: `${action}: flows ${actual[0]}/${expected[0]}, packets ${actual[1]}/${expected[1]}, bytes ${actual[2]}/${expected[2]}`,
      };
    });
    check(
      assertions,
      'warehouse: VPC flows, packets and bytes per action = raw lines',
      vpcLines.every((line) => line.ok) && vpc.length === vpcLines.length,
      vpcLines.map((line) => line.line).join('; '),
    );

    const [lambda] = await rows(
      `SELECT SUM(invocations), SUM(cold_starts), SUM(duration_ms_sum) FROM lambda_minute WHERE ${inWindow}`,
    );
    const wantLambda = [
      totals.lambda.invocations - missing.lambda.invocations,
      totals.lambda.coldStarts - missing.lambda.coldStarts,
      totals.lambda.durationMsSum - missing.lambda.durationMsSum,
    ];
    const gotLambda = (lambda ?? []).map(Number);
    check(
      assertions,
      'warehouse: Lambda invocations, cold starts and duration = REPORT lines',
      gotLambda[0] === wantLambda[0] &&
        gotLambda[1] === wantLambda[1] &&
        close(gotLambda[2] ?? 0, wantLambda[2] ?? 0),
      `invocations ${gotLambda[0]}/${wantLambda[0]}, cold starts ${gotLambda[1]}/${wantLambda[1]}, duration ms ${gotLambda[2]?.toFixed(2)}/${wantLambda[2]?.toFixed(2)}`,
    );

    const trail = new Map(
      (
        await rows(
          `SELECT event_name, SUM(events) FROM cloudtrail_minute WHERE ${inWindow} GROUP BY event_name`,
        )
      ).map(([name, count]) => [String(name), Number(count)]),
    );
    const [trailErrors] = await rows(
      `SELECT SUM(events) FROM cloudtrail_minute WHERE ${inWindow} AND error_code IS NOT NULL`,
    );
    const trailLines = Object.entries(totals.cloudtrailByName).map(([name, count]) => {
      const want = subtract(count, missing.cloudtrailByName[name]);
      return { ok: trail.get(name) === want, line: `${name} ${trail.get(name) ?? 0}/${want}` };
    });
    const wantErrors = totals.cloudtrailErrors - missing.cloudtrailErrors;
    check(
      assertions,
      'warehouse: CloudTrail events per name and errors = raw records',
      trailLines.every((line) => line.ok) &&
        trail.size === trailLines.length &&
        Number(trailErrors?.[0] ?? 0) === wantErrors,
      `${trailLines.map((line) => line.line).join(', ')}; errors ${Number(trailErrors?.[0] ?? 0)}/${wantErrors}`,
    );

    const stored = new Map(
      (
        await rows('SELECT stage, code, SUM(letters) FROM pipeline_deadletters_minute GROUP BY stage, code')
      ).map(([stage, code, count]) => [`${String(stage)}/${String(code)}`, Number(count)]),
    );
    const letterLines = Object.entries(lettersByCode).map(([code, count]) => ({
      ok: stored.get(code) === count,
      line: `${code} ${stored.get(code) ?? 0}/${count}`,
    }));
    check(
      assertions,
      'warehouse: dead letters per stage and code = letters stored',
      letterLines.every((line) => line.ok) && stored.size === letterLines.length,
      letterLines.map((line) => line.line).join(', ') || 'none',
    );
  } finally {
    await warehouse.close();
  }
};
