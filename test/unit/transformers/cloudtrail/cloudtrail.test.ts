import { cloudtrailTransformer } from '../../../../src/transformers/cloudtrail';
import { ACCOUNT, CWL_TIME, ctRecord, eventOf, source, transformMessage, transformRecord } from './record';

describe('Transformer: cloudtrail', () => {
  describe('matches', () => {
    it('claims a JSON message carrying eventVersion and eventSource', () => {
      // Prepare
      const event = eventOf(JSON.stringify(ctRecord()));

      // Act
      const matched = cloudtrailTransformer.matches(event, source);

      // Assess
      expect(matched).toBe(true);
    });

    it.each([
      ['an application JSON log', '{"level":"info","msg":"started"}'],
      ['JSON with only eventSource', '{"eventSource":"s3.amazonaws.com"}'],
      ['a text line naming both keys', 'saw "eventVersion" and "eventSource" in the payload'],
      ['a prefixed CloudTrail record', `INFO ${JSON.stringify(ctRecord())}`],
    ])('leaves %s alone', (_case, message) => {
      // Act
      const matched = cloudtrailTransformer.matches(eventOf(message), source);

      // Assess
      expect(matched).toBe(false);
    });
  });

  describe('common fields', () => {
    it('takes @timestamp from eventTime, not from the CloudWatch Logs time', () => {
      // Act
      const doc = transformRecord(ctRecord({ eventTime: '2024-05-01T11:58:31Z' }));

      // Assess
      expect(doc['@timestamp']).toBe('2024-05-01T11:58:31.000Z');
      expect(doc['@type']).toBe('cloudtrail');
      expect(doc.aws.owner).toBe(ACCOUNT);
    });

    it.each([
      ['missing', undefined],
      ['not a date', 'yesterday'],
      ['an impossible date', '2024-02-30T10:00:00Z'],
      ['a number', 1714564800],
    ])('falls back to the CloudWatch Logs time when eventTime is %s', (_case, eventTime) => {
      // Act
      const doc = transformRecord(ctRecord({ eventTime }));

      // Assess
      expect(doc['@timestamp']).toBe(new Date(CWL_TIME).toISOString());
      expect(doc.cloudtrail.eventTime).toBeUndefined();
    });

    it('reads an eventTime with an offset and fractions as UTC', () => {
      // Act
      const doc = transformRecord(ctRecord({ eventTime: '2024-05-01T14:00:00.25+02:00' }));

      // Assess
      expect(doc['@timestamp']).toBe('2024-05-01T12:00:00.250Z');
    });
  });

  describe('record fields', () => {
    it("keeps CloudTrail's own field names and values", () => {
      // Act
      const { cloudtrail } = transformRecord(ctRecord());

      // Assess
      expect(cloudtrail).toMatchObject({
        eventVersion: '1.09',
        eventSource: 's3.amazonaws.com',
        eventName: 'CreateBucket',
        awsRegion: 'eu-west-1',
        sourceIPAddress: '34.243.118.52',
        userAgent: 'aws-cli/2.15.40',
        requestID: 'N3RKQ8YV2WZ5T7P1',
        eventID: '6b7c8d9e-0f1a-4b2c-9d3e-4f5a6b7c8d9e',
        eventType: 'AwsApiCall',
        eventCategory: 'Management',
        recipientAccountId: ACCOUNT,
        managementEvent: true,
        readOnly: false,
      });
    });

    it('reads the user identity with its session issuer and typed session attributes', () => {
      // Act
      const { userIdentity } = transformRecord(ctRecord()).cloudtrail;

      // Assess
      expect(userIdentity.type).toBe('AssumedRole');
      expect(userIdentity.accessKeyId).toBe('ASIAXD4QK2M7WJ5ZNB6Q');
      expect(userIdentity.sessionContext.sessionIssuer.arn).toBe(
        `arn:aws:iam::${ACCOUNT}:role/platform-deployer`,
      );
      expect(userIdentity.sessionContext.attributes).toEqual({
        creationDate: '2024-05-01T11:50:00.000Z',
        mfaAuthenticated: false,
      });
    });

    it('keeps a service name as sourceIPAddress', () => {
      // Act
      const { cloudtrail } = transformRecord(
        ctRecord({
          sourceIPAddress: 'ec2.amazonaws.com',
          userIdentity: { type: 'AWSService', invokedBy: 'ec2.amazonaws.com' },
        }),
      );

      // Assess
      expect(cloudtrail.sourceIPAddress).toBe('ec2.amazonaws.com');
      expect(cloudtrail.userIdentity).toEqual({ type: 'AWSService', invokedBy: 'ec2.amazonaws.com' });
    });

    it.each([
      ['the boolean true', true, true],
      ['the string "true"', 'true', true],
      ['the string "FALSE"', 'FALSE', false],
    ])('reads readOnly given as %s as a boolean', (_case, readOnly, expected) => {
      // Act
      const { cloudtrail } = transformRecord(ctRecord({ readOnly }));

      // Assess
      expect(cloudtrail.readOnly).toBe(expected);
    });

    it('reads the string sessionCredentialFromConsole as a boolean', () => {
      // Act
      const { cloudtrail } = transformRecord(ctRecord({ sessionCredentialFromConsole: 'true' }));

      // Assess
      expect(cloudtrail.sessionCredentialFromConsole).toBe(true);
    });

    it('writes account ids given as numbers as keywords', () => {
      // Act
      const { cloudtrail } = transformRecord(ctRecord({ recipientAccountId: 210987654321 }));

      // Assess
      expect(cloudtrail.recipientAccountId).toBe('210987654321');
    });

    it('reads resources as a list of ARN, accountId and type', () => {
      // Prepare
      const resources = [
        { type: 'AWS::S3::Object', ARN: 'arn:aws:s3:::orders-exports/2024/05/01.csv' },
        { accountId: ACCOUNT, type: 'AWS::S3::Bucket', ARN: 'arn:aws:s3:::orders-exports' },
      ];

      // Act
      const { cloudtrail } = transformRecord(ctRecord({ resources }));

      // Assess
      expect(cloudtrail.resources).toEqual(resources);
    });

    it('reads tlsDetails, error fields and the VPC endpoint', () => {
      // Prepare
      const tlsDetails = {
        tlsVersion: 'TLSv1.3',
        cipherSuite: 'TLS_AES_128_GCM_SHA256',
        clientProvidedHostHeader: 's3.eu-west-1.amazonaws.com',
      };

      // Act
      const { cloudtrail } = transformRecord(
        ctRecord({
          tlsDetails,
          errorCode: 'BucketAlreadyOwnedByYou',
          errorMessage: 'Your previous request to create the named bucket succeeded and you already own it.',
          vpcEndpointId: 'vpce-0c4e8a1f2b3d56789',
        }),
      );

      // Assess
      expect(cloudtrail.tlsDetails).toEqual(tlsDetails);
      expect(cloudtrail.errorCode).toBe('BucketAlreadyOwnedByYou');
      expect(cloudtrail.errorMessage).toMatch(/^Your previous request/);
      expect(cloudtrail.vpcEndpointId).toBe('vpce-0c4e8a1f2b3d56789');
    });

    it('leaves out values CloudTrail writes as null or empty', () => {
      // Act
      const { cloudtrail } = transformRecord(
        ctRecord({
          responseElements: null,
          userIdentity: { type: 'IAMUser', userName: 'maria.oliveira', accessKeyId: '' },
        }),
      );

      // Assess
      expect(cloudtrail).not.toHaveProperty('responseElements');
      expect(cloudtrail.userIdentity).toEqual({ type: 'IAMUser', userName: 'maria.oliveira' });
      expect(cloudtrail).not.toHaveProperty('unmapped');
    });
  });

  describe('per-API objects', () => {
    it('keeps requestParameters, responseElements and additionalEventData as JSON strings', () => {
      // Prepare
      const requestParameters = {
        bucketName: 'orders-exports',
        CreateBucketConfiguration: { LocationConstraint: 'eu-west-1' },
      };
      const responseElements = { location: 'http://orders-exports.s3.amazonaws.com/' };
      const additionalEventData = { SignatureVersion: 'SigV4', bytesTransferredIn: 153 };

      // Act
      const { cloudtrail } = transformRecord(
        ctRecord({ requestParameters, responseElements, additionalEventData }),
      );

      // Assess
      expect(JSON.parse(cloudtrail.requestParameters)).toEqual(requestParameters);
      expect(JSON.parse(cloudtrail.responseElements)).toEqual(responseElements);
      expect(JSON.parse(cloudtrail.additionalEventData)).toEqual(additionalEventData);
    });

    it('keeps serviceEventDetails as a JSON string', () => {
      // Prepare
      const serviceEventDetails = { snapshotId: 'snap-0a1b2c3d4e5f60718', status: 'completed' };

      // Act
      const { cloudtrail } = transformRecord(ctRecord({ eventType: 'AwsServiceEvent', serviceEventDetails }));

      // Assess
      expect(cloudtrail.serviceEventDetails).toBe(
        '{"snapshotId":"snap-0a1b2c3d4e5f60718","status":"completed"}',
      );
    });

    it('promotes the bucket name and object key of an S3 request', () => {
      // Act
      const { cloudtrail } = transformRecord(
        ctRecord({ requestParameters: { bucketName: 'orders-exports', key: 'daily/2024-05-01.csv' } }),
      );

      // Assess
      expect(cloudtrail.request).toEqual({ bucketName: 'orders-exports', key: 'daily/2024-05-01.csv' });
    });

    it('promotes the role, session name, session key and session ARN of AssumeRole', () => {
      // Prepare
      const record = ctRecord({
        eventSource: 'sts.amazonaws.com',
        eventName: 'AssumeRole',
        requestParameters: {
          roleArn: `arn:aws:iam::${ACCOUNT}:role/reader`,
          roleSessionName: 'nightly-report',
        },
        responseElements: {
          credentials: { accessKeyId: 'ASIATQ6R2N4K8MZP3X7B', expiration: 'May 1, 2024, 1:00:00 PM' },
          assumedRoleUser: { arn: `arn:aws:sts::${ACCOUNT}:assumed-role/reader/nightly-report` },
        },
      });

      // Act
      const { cloudtrail } = transformRecord(record);

      // Assess
      expect(cloudtrail.request).toEqual({
        roleArn: `arn:aws:iam::${ACCOUNT}:role/reader`,
        roleSessionName: 'nightly-report',
      });
      expect(cloudtrail.response).toEqual({
        accessKeyId: 'ASIATQ6R2N4K8MZP3X7B',
        assumedRoleArn: `arn:aws:sts::${ACCOUNT}:assumed-role/reader/nightly-report`,
      });
    });

    it('promotes the ConsoleLogin outcome and MFAUsed', () => {
      // Act
      const { cloudtrail } = transformRecord(
        ctRecord({
          eventSource: 'signin.amazonaws.com',
          eventName: 'ConsoleLogin',
          requestParameters: null,
          responseElements: { ConsoleLogin: 'Failure' },
          additionalEventData: { MFAUsed: 'No', MobileVersion: 'No' },
        }),
      );

      // Assess
      expect(cloudtrail.response).toEqual({ consoleLogin: 'Failure' });
      expect(cloudtrail.additional).toEqual({ MFAUsed: 'No' });
    });

    it('promotes EC2 instance ids from the request and the response, each once', () => {
      // Prepare
      const record = ctRecord({
        eventSource: 'ec2.amazonaws.com',
        eventName: 'TerminateInstances',
        requestParameters: {
          instancesSet: {
            items: [{ instanceId: 'i-0a4f7c2e9b1d35608' }, { instanceId: 'i-0a4f7c2e9b1d35608' }],
          },
        },
        responseElements: { instancesSet: { items: { instanceId: 'i-0c8e2a6f4d1b97350' } } },
      });

      // Act
      const { cloudtrail } = transformRecord(record);

      // Assess
      expect(cloudtrail.request).toEqual({ instanceIds: ['i-0a4f7c2e9b1d35608'] });
      expect(cloudtrail.response).toEqual({ instanceIds: ['i-0c8e2a6f4d1b97350'] });
    });

    it('promotes a single requestParameters.instanceId', () => {
      // Act
      const { cloudtrail } = transformRecord(
        ctRecord({
          eventName: 'CreateImage',
          requestParameters: { instanceId: 'i-0e2d4f6a8c1b35790', name: 'golden' },
        }),
      );

      // Assess
      expect(cloudtrail.request).toEqual({ instanceIds: ['i-0e2d4f6a8c1b35790'] });
    });

    it('writes a promoted value that arrives as an object as short JSON, never as an object', () => {
      // Act
      const { cloudtrail } = transformRecord(
        ctRecord({ requestParameters: { bucketName: { name: 'orders-exports' }, key: 42 } }),
      );

      // Assess
      expect(cloudtrail.request).toEqual({ bucketName: '{"name":"orders-exports"}', key: '42' });
    });

    it('does not promote an object too long to be a keyword, but keeps it in the JSON string', () => {
      // Prepare
      const bucketName = { names: Array.from({ length: 200 }, (_, i) => `bucket-${i}`) };

      // Act
      const { cloudtrail } = transformRecord(ctRecord({ requestParameters: { bucketName } }));

      // Assess
      expect(cloudtrail).not.toHaveProperty('request');
      expect(JSON.parse(cloudtrail.requestParameters).bucketName).toEqual(bucketName);
    });
  });

  describe('values no field holds', () => {
    it('keeps an unknown top-level field in unmapped', () => {
      // Act
      const { cloudtrail } = transformRecord(ctRecord({ annotation: 'quarterly audit', eventContext: null }));

      // Assess
      expect(JSON.parse(cloudtrail.unmapped)).toEqual({ annotation: 'quarterly audit' });
    });

    it('keeps a value of an unexpected type in unmapped under its dotted path', () => {
      // Prepare
      const record = ctRecord({
        readOnly: 'sometimes',
        userIdentity: { type: 'IAMUser', sessionContext: { attributes: { mfaAuthenticated: 'unknown' } } },
        tlsDetails: 'TLSv1.2',
      });

      // Act
      const { cloudtrail } = transformRecord(record);

      // Assess
      expect(JSON.parse(cloudtrail.unmapped)).toEqual({
        readOnly: 'sometimes',
        'userIdentity.sessionContext.attributes.mfaAuthenticated': 'unknown',
        tlsDetails: 'TLSv1.2',
      });
      expect(cloudtrail).not.toHaveProperty('readOnly');
      expect(cloudtrail.userIdentity).toEqual({ type: 'IAMUser' });
    });

    it('keeps a __proto__ key as data without touching any prototype', () => {
      // Prepare
      const message = JSON.stringify(ctRecord()).replace(/^\{/, '{"__proto__":{"polluted":"yes"},');

      // Act
      const result = transformMessage(message);

      // Assess
      expect(result.kind).toBe('ok');
      if (result.kind !== 'ok') return;
      const cloudtrail = result.docs[0]?.cloudtrail as Record<string, string>;
      expect(JSON.parse(cloudtrail.unmapped as string)).toEqual({ ['__proto__']: { polluted: 'yes' } });
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });
  });

  describe('invalid messages', () => {
    it('refuses a message that is not JSON, saying so', () => {
      // Act
      const result = transformMessage('{"eventVersion":"1.08","eventSource":"s3.amazonaws.com"');

      // Assess
      expect(result.kind).toBe('invalid');
      if (result.kind !== 'invalid') return;
      expect(result.error.code).toBe('cloudtrail_not_json');
      expect(result.error.stage).toBe('transform');
      expect(result.error.message).toMatch(/^The message is not JSON/);
    });

    it.each([
      ['an array', '[{"eventVersion":"1.08","eventSource":"s3.amazonaws.com"}]'],
      ['an object without eventVersion', '{"eventSource":"s3.amazonaws.com","eventName":"GetObject"}'],
      ['an object without eventSource', '{"eventVersion":"1.08","eventName":"GetObject"}'],
      ['an object whose eventSource is not a string', '{"eventVersion":"1.08","eventSource":{"s3":true}}'],
      ['a JSON string', '"eventVersion eventSource"'],
    ])('refuses %s as not a CloudTrail record', (_case, message) => {
      // Act
      const result = transformMessage(message);

      // Assess
      expect(result.kind).toBe('invalid');
      if (result.kind !== 'invalid') return;
      expect(result.error.code).toBe('cloudtrail_not_record');
      expect(result.error.message).toMatch(/not a CloudTrail record\.$/);
    });
  });

  describe('CloudTrail Insights events', () => {
    const insight = {
      eventVersion: '1.07',
      eventTime: '2024-05-01T12:00:00Z',
      awsRegion: 'eu-west-1',
      eventID: '4c2a9e1b-7d3f-4e8a-9b6c-1f2e3d4c5b6a',
      eventType: 'AwsCloudTrailInsight',
      sharedEventID: '8e7d6c5b-4a39-4281-a1b2-c3d4e5f6a7b8',
      insightDetails: {
        state: 'Start',
        eventSource: 'ssm.amazonaws.com',
        eventName: 'UpdateInstanceAssociationStatus',
        insightType: 'ApiCallRateInsight',
        insightContext: {
          statistics: { baseline: { average: 85.42 }, insight: { average: 664 }, insightDuration: 1 },
        },
      },
      eventCategory: 'Insight',
    };

    it('recognises an Insights event by sniffing, though it has no top-level eventSource', () => {
      expect(cloudtrailTransformer.matches(eventOf(JSON.stringify(insight)), source)).toBe(true);
    });

    it('indexes an Insights event with its statistics as numbers', () => {
      // Act
      const doc = transformRecord(insight);

      // Assess
      expect(doc.cloudtrail).toMatchObject({
        eventType: 'AwsCloudTrailInsight',
        insightDetails: {
          eventSource: 'ssm.amazonaws.com',
          insightContext: {
            statistics: { baseline: { average: 85.42 }, insight: { average: 664 }, insightDuration: 1 },
          },
        },
      });
    });

    it('still refuses a record with neither eventSource nor insightDetails.eventSource', () => {
      // Prepare
      const { insightDetails: _details, ...bare } = insight;

      // Act
      const result = transformMessage(JSON.stringify(bare));

      // Assess
      expect(result.kind === 'invalid' && result.error.code).toBe('cloudtrail_not_record');
    });
  });
});
