import { flag, isoDate, jsonText, keyword, number, text } from './coerce';
import { Leaf, ListOf, type Shape } from './shape';

// Field names are CloudTrail's own (docs: "CloudTrail record contents" and "CloudTrail userIdentity
// element"), so a query written from the AWS documentation works unchanged.

const kw = (description: string): Leaf => new Leaf('keyword', description, keyword);
/** A keyword whose values are written freely, not chosen from a set or generated (see `FieldSpec.freeText`). */
const words = (description: string): Leaf => new Leaf('keyword', description, keyword, true);
const bool = (description: string): Leaf => new Leaf('boolean', description, flag);
const date = (description: string): Leaf => new Leaf('date', description, isoDate);
const double = (description: string): Leaf => new Leaf('double', description, number);
/** Per-API objects: `text`, not `keyword`, because a keyword term over 32 KiB makes OpenSearch reject the whole document. */
const json = (description: string): Leaf =>
  new Leaf(
    'text',
    `${description} Kept as one JSON string (mapped as text) so it cannot explode the mapping.`,
    jsonText,
  );

const PRINCIPAL: Shape = {
  type: kw(
    'The kind of principal: Root, IAMUser, AssumedRole, Role, FederatedUser, AWSAccount, AWSService, IdentityCenterUser…',
  ),
  principalId: kw('The unique id of the principal (for a role session, `<role id>:<session name>`).'),
  arn: kw('The ARN of the principal.'),
  accountId: kw('The account that owns the principal.'),
  userName: kw('The friendly name of the user or role.'),
};

const USER_IDENTITY: Shape = {
  ...PRINCIPAL,
  accessKeyId: kw('The access key used to sign the request (ASIA… for temporary credentials).'),
  invokedBy: kw(
    'The AWS service that made the request on behalf of the principal, e.g. `ec2.amazonaws.com`.',
  ),
  identityProvider: kw('The identity provider of a federated or SAML principal.'),
  credentialId: kw('The id of the service-specific or bearer-token credential used.'),
  sessionContext: {
    sessionIssuer: {
      type: kw('The kind of entity that issued the temporary credentials: Root, IAMUser or Role.'),
      principalId: kw('The unique id of the entity that issued the temporary credentials.'),
      arn: kw('The ARN of the entity (usually a role) that issued the temporary credentials.'),
      accountId: kw('The account that owns the entity that issued the temporary credentials.'),
      userName: kw('The name of the role or user that issued the temporary credentials.'),
    },
    attributes: {
      creationDate: date('When the temporary credentials were issued.'),
      mfaAuthenticated: bool(
        'Whether the root or IAM user that got the credentials signed in with MFA (a string in CloudTrail, a boolean here).',
      ),
    },
    webIdFederationData: {
      federatedProvider: kw('The web identity provider (Cognito, Google, an OIDC issuer…).'),
      attributes: json('The claims the web identity provider supplied.'),
    },
    sourceIdentity: words('The source identity set when the role was assumed.'),
    ec2RoleDelivery: kw(
      'The instance metadata service version that delivered EC2 role credentials (`1.0` or `2.0`).',
    ),
    assumedRoot: bool(
      'Whether the session is a centralized-root-access session (a string in CloudTrail, a boolean here).',
    ),
  },
  onBehalfOf: {
    userId: kw('The IAM Identity Center user on whose behalf the call was made.'),
    identityStoreArn: kw('The IAM Identity Center identity store of that user.'),
  },
  inScopeOf: {
    sourceArn: kw('The resource the credentials are scoped to.'),
    sourceAccount: kw('The account that owns the resource the credentials are scoped to.'),
    issuerType: kw('The type of resource that issued the scoped credentials.'),
    credentialsIssuedTo: kw('The resource the scoped credentials were issued to.'),
  },
};

/** The CloudTrail record as cwlpipe maps it; anything else in a record is kept in `cloudtrail.unmapped`. */
export const RECORD: Shape = {
  eventVersion: kw('The version of the CloudTrail record format, e.g. `1.11`.'),
  eventTime: date('When the request was completed (also `@timestamp`).'),
  eventSource: kw('The service the request was made to, e.g. `s3.amazonaws.com`.'),
  eventName: kw('The API action, e.g. `AssumeRole`, `ConsoleLogin`, `GetObject`.'),
  awsRegion: kw('The region the request was made to.'),
  sourceIPAddress: kw(
    'Where the request came from: an IP address, or a service name such as `ec2.amazonaws.com`, so keyword, not ip.',
  ),
  userAgent: words('The agent that made the request: an SDK, the CLI, the console, or a service name.'),
  errorCode: kw('The error the service returned, e.g. `AccessDenied`; absent when the request succeeded.'),
  errorMessage: new Leaf('text', 'The description of the error, when there is one.', text),
  requestID: kw('The request id the service generated.'),
  eventID: kw('The id CloudTrail gave the event, unique per event.'),
  eventType: kw(
    'AwsApiCall, AwsServiceEvent, AwsConsoleAction, AwsConsoleSignIn, AwsVpceEvent or AwsCloudTrailInsight.',
  ),
  eventCategory: kw('Management, Data, NetworkActivity or Insight.'),
  apiVersion: kw('The API version of an AwsApiCall, for services that report it.'),
  readOnly: bool('Whether the operation only reads (a string in some older records, a boolean here).'),
  managementEvent: bool('Whether the event is a management event.'),
  recipientAccountId: kw('The account that received the event.'),
  sharedEventID: kw('The id shared by the copies of an event delivered to several accounts.'),
  vpcEndpointId: kw('The VPC endpoint the request went through.'),
  vpcEndpointAccountId: kw('The account that owns the VPC endpoint the request went through.'),
  sessionCredentialFromConsole: bool(
    'Whether the request used credentials of an AWS Management Console session.',
  ),
  resources: new ListOf({
    ARN: kw('The ARN of a resource the event touched.'),
    accountId: kw('The account that owns a resource the event touched.'),
    type: kw('The type of a resource the event touched, e.g. `AWS::S3::Object`.'),
  }),
  tlsDetails: {
    tlsVersion: kw('The TLS version of the request, e.g. `TLSv1.3`.'),
    cipherSuite: kw('The TLS cipher suite of the request.'),
    clientProvidedHostHeader: kw('The host name the client called, usually the service endpoint.'),
  },
  addendum: {
    reason: kw('Why an addendum was delivered for an earlier event.'),
    updatedFields: kw('The fields the addendum updates.'),
    originalRequestID: kw('The request id of the event the addendum updates.'),
    originalEventID: kw('The event id of the event the addendum updates.'),
  },
  insightDetails: {
    state: kw('Start or End of a CloudTrail Insights event.'),
    eventSource: kw('The service whose unusual activity the Insights event reports.'),
    eventName: kw('The API whose unusual activity the Insights event reports.'),
    insightType: kw('ApiCallRateInsight or ApiErrorRateInsight.'),
    errorCode: kw('The error code whose rate an ApiErrorRateInsight reports.'),
    insightContext: {
      statistics: {
        baseline: {
          average: double(
            'Calls (or errors) per minute of the API in the baseline period (seven days before).',
          ),
        },
        insight: {
          average: double(
            'Calls (or errors) per minute: in the first minute of a Start event, over the whole unusual activity of an End event.',
          ),
        },
        insightDuration: double('Minutes the unusual activity lasted.'),
        baselineDuration: double('Minutes of the baseline period (at least 10080, seven days).'),
      },
      attributions: new ListOf({
        attribute: kw('What the activity is attributed by: userIdentityArn, userAgent or errorCode.'),
        insight: json('The top values of the attribute during the Insights event, each with its average.'),
        baseline: json('The top values of the attribute during the baseline period, each with its average.'),
        insightValue: words('The top value of the attribute during the Insights event (event data stores).'),
        insightAverage: double('Its average per minute (event data stores).'),
        baselineValue: words(
          'The top value of the attribute during the baseline period (event data stores).',
        ),
        baselineAverage: double('Its average per minute (event data stores).'),
      }),
    },
  },
  userIdentity: USER_IDENTITY,
  requestParameters: json('The parameters of the request.'),
  responseElements: json('The response of a request that changes something.'),
  additionalEventData: json('Additional data about the event, such as MFAUsed of a ConsoleLogin.'),
  serviceEventDetails: json('What happened in an AWS service event.'),
  edgeDeviceDetails: json('The edge device (Snowball, Outposts) the request was made to.'),
  eventContext: json('The context of an enriched event (resource tags, IAM global condition keys).'),
};
