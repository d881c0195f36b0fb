import { Annotations, CfnOutput, CustomResource, Duration, Lazy, RemovalPolicy, Stack } from 'aws-cdk-lib';
import { EbsDeviceVolumeType, type IVpc, Peer, Port, SecurityGroup, Vpc } from 'aws-cdk-lib/aws-ec2';
import { ArnPrincipal, Effect, type IRole, PolicyDocument, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { type CfnDomain, Domain, EngineVersion, TLSSecurityPolicy } from 'aws-cdk-lib/aws-opensearchservice';
import { Provider } from 'aws-cdk-lib/custom-resources';
import { Construct } from 'constructs';
import { connectorsPointedBy } from '../../src/connectors';
import type { OpenSearchSettings } from './config';
import { CwlpipeFunction } from './functions';
import { acknowledge, arnOf } from './nag';
import { acknowledgeProvider } from './subscriptions';

/** The variable through which cwlpipe's functions find the domain; it names the connector that writes there. */
const ENDPOINT_VARIABLE = 'OPENSEARCH_URL';

export interface SearchDomainProps {
  readonly prefix: string;
  readonly settings: OpenSearchSettings;
  /** cwlpipe's pipeline configuration and connector choice, for the setup function. */
  readonly environment: Record<string, string>;
  /** Changes on every deploy, so setup runs on every deploy. */
  readonly deployStamp: string;
}

/**
 * The OpenSearch destination: a new Amazon OpenSearch Service domain (encrypted at rest and between nodes,
 * HTTPS with TLS 1.2 only, fine-grained access control whose master user is the setup function's role,
 * optionally in a VPC), or an existing domain by endpoint. Either way a custom resource runs cwlpipe's
 * setup (index templates, ISM retention, the role mapping of cwlpipe's functions, the dashboards' saved
 * objects into OpenSearch Dashboards) on every deploy.
 *
 * @example
 * ```ts
 * const search = new SearchDomain(this, 'Search', { prefix: 'cwlpipe', settings: settings.openSearch, environment });
 * search.grantWriters([consumer.role]); search.environment; // { OPENSEARCH_URL: 'https://…', … }
 * ```
 */
export class SearchDomain extends Construct {
  /** `CWLPIPE_CONNECTORS` for the domain: the registered connectors its endpoint variable points. */
  public static readonly connectors: string = connectorsPointedBy([ENDPOINT_VARIABLE]);
  public readonly domain?: Domain;
  public readonly endpoint: string;
  /** The destination variables every cwlpipe function needs (`OPENSEARCH_*`). */
  public readonly environment: Record<string, string>;
  public readonly setupFunction: CwlpipeFunction;
  public readonly vpc?: IVpc;
  public readonly securityGroup?: SecurityGroup;
  public readonly setupResource: CustomResource;
  private readonly writers: IRole[] = [];
  /** The domain's ARN: the created domain's, or the existing one's when given. */
  public readonly domainArn?: string;

  public constructor(scope: Construct, id: string, props: SearchDomainProps) {
    super(scope, id);
    const { settings, prefix } = props;
    if (settings.mode === 'domain' && settings.vpc !== undefined) {
      const network = this.placeInVpc(settings.vpc);
      this.vpc = network.vpc;
      this.securityGroup = network.securityGroup;
    }
    this.setupFunction = this.createSetupFunction(prefix);
    if (settings.mode === 'domain') {
      this.domain = this.createDomain(prefix, settings, this.setupFunction.role as IRole);
      this.endpoint = `https://${this.domain.domainEndpoint}`;
      this.domainArn = this.domain.domainArn;
    } else {
      this.endpoint = settings.endpoint;
      this.domainArn = settings.domainArn;
    }
    this.environment = {
      [ENDPOINT_VARIABLE]: this.endpoint,
      OPENSEARCH_AWS_REGION: Stack.of(this).region,
      OPENSEARCH_AWS_SERVICE: 'es',
      OPENSEARCH_INDEX_PREFIX: settings.indexPrefix,
      OPENSEARCH_RETENTION_DAYS: String(settings.retentionDays),
    };
    for (const [key, value] of Object.entries({ ...props.environment, ...this.environment }))
      this.setupFunction.addEnvironment(key, value);
    this.grantWriters([this.setupFunction.role as IRole]);
    this.setupResource = this.runSetupOnEveryDeploy(prefix, settings, props.deployStamp);
  }

  /** The domain's VPC (by id) and its security group: HTTPS between cwlpipe's functions and the domain. */
  private placeInVpc(settings: NonNullable<Extract<OpenSearchSettings, { mode: 'domain' }>['vpc']>): {
    vpc: IVpc;
    securityGroup: SecurityGroup;
  } {
    const vpc = Vpc.fromVpcAttributes(this, 'Vpc', {
      vpcId: settings.vpcId,
      availabilityZones: [...settings.availabilityZones],
      privateSubnetIds: [...settings.subnetIds],
    });
    Annotations.of(this).acknowledgeWarning(
      '@aws-cdk/aws-ec2:noSubnetRouteTableId',
      'The subnets are given by id (no lookup at synth); nothing here reads their route tables.',
    );
    const securityGroup = new SecurityGroup(this, 'SecurityGroup', {
      vpc,
      description: 'cwlpipe OpenSearch domain: HTTPS from cwlpipe functions only.',
      allowAllOutbound: false,
    });
    securityGroup.connections.allowInternally(
      Port.tcp(443),
      'HTTPS between cwlpipe functions and the domain',
    );
    securityGroup.addEgressRule(securityGroup, Port.tcp(443), 'HTTPS to the domain');
    // The functions in this group also call AWS APIs (SigV4 credentials, S3, Secrets Manager) over HTTPS.
    securityGroup.addEgressRule(Peer.anyIpv4(), Port.tcp(443), 'HTTPS to AWS endpoints');
    return { vpc, securityGroup };
  }

  /** The setup function, in the domain's VPC when it has one; its environment is added once it is known. */
  private createSetupFunction(prefix: string): CwlpipeFunction {
    const vpcProps =
      this.vpc !== undefined && this.securityGroup !== undefined
        ? { vpc: this.vpc, securityGroups: [this.securityGroup] }
        : {};
    return new CwlpipeFunction(this, 'Setup', {
      entry: 'src/consumers/setup.handler.ts',
      functionName: `${prefix}-setup`,
      description: 'cwlpipe setup on every deploy: index templates, ISM retention, role mapping, dashboards.',
      timeout: Duration.minutes(5),
      ...vpcProps,
      ...(this.vpc !== undefined && { vpcSubnets: { subnets: this.vpc.privateSubnets } }),
    });
  }

  /** The custom resource that runs the setup function; the deploy stamp makes it run on every deploy. */
  private runSetupOnEveryDeploy(
    prefix: string,
    settings: OpenSearchSettings,
    deployStamp: string,
  ): CustomResource {
    const provider = new Provider(this, 'SetupProvider', {
      onEventHandler: this.setupFunction,
      logGroup: new LogGroup(this, 'SetupProviderLogs', {
        logGroupName: `/${prefix}/internal/setup-provider`,
        retention: RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
    });
    acknowledgeProvider(provider, this.setupFunction);
    const setup = new CustomResource(this, 'SetupRun', {
      serviceToken: provider.serviceToken,
      resourceType: 'Custom::CwlpipeSetup',
      properties: {
        // Resolved at synth, after every writer was granted: the role mapping has them all.
        writerRoleArns: Lazy.list({ produce: () => this.writers.map((role) => role.roleArn) }),
        deployStamp,
        // The saved objects, after the templates (src/consumers/setup-dashboards.ts).
        dashboards: settings.dashboards.import,
        ...(settings.dashboards.url !== undefined && { dashboardsUrl: settings.dashboards.url }),
      },
    });
    if (settings.dashboards.import !== 'off')
      new CfnOutput(this, 'DashboardsImport', {
        description: 'What the setup on this deploy did with the dashboards (imported, or why not).',
        value: setup.getAttString('dashboards'),
      });
    return setup;
  }

  /**
   * Lets roles call the domain's HTTP API (es:ESHttp* on this domain only) and maps them to cwlpipe's
   * OpenSearch role at the next setup run.
   */
  public grantWriters(roles: readonly IRole[]): void {
    if (this.domain !== undefined)
      acknowledge(
        Stack.of(this),
        `AwsSolutions-IAM5[Resource::${arnOf(this.domain)}/*]`,
        "The HTTP API of cwlpipe's own domain (index paths); fine-grained access control limits each role to cwlpipe's indices.",
      );
    else if (this.domainArn !== undefined)
      acknowledge(
        Stack.of(this),
        `AwsSolutions-IAM5[Resource::${this.domainArn}/*]`,
        'The HTTP API of the existing domain cwlpipe writes to (index paths); its own access control decides which indices each role may touch.',
      );
    this.mapToWriterRole(roles);
    for (const role of roles) {
      if (this.domainArn !== undefined)
        role.addToPrincipalPolicy(
          new PolicyStatement({
            actions: ['es:ESHttpGet', 'es:ESHttpHead', 'es:ESHttpPost', 'es:ESHttpPut', 'es:ESHttpDelete'],
            resources: [this.domainArn, `${this.domainArn}/*`],
          }),
        );
    }
  }

  /**
   * Admits roles to the domain (its access policy) and maps them to cwlpipe's OpenSearch role at the next setup
   * run, without granting them any HTTP action: for a role whose policy is written by its user (Firehose's).
   */
  public mapToWriterRole(roles: readonly IRole[]): void {
    this.writers.push(...roles);
  }

  private createDomain(
    prefix: string,
    settings: Extract<OpenSearchSettings, { mode: 'domain' }>,
    master: IRole,
  ): Domain {
    const slowLogs = new LogGroup(this, 'SlowLogs', {
      logGroupName: `/${prefix}/internal/opensearch-slow`,
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const appLogs = new LogGroup(this, 'AppLogs', {
      logGroupName: `/${prefix}/internal/opensearch-app`,
      retention: RetentionDays.ONE_MONTH,
      removalPolicy: RemovalPolicy.DESTROY,
    });
    const multiAz = settings.dataNodes > 1;
    const domain = new Domain(this, 'Domain', {
      domainName: `${prefix}-logs`,
      version: EngineVersion.openSearch(settings.engineVersion.replace(/^OpenSearch_/, '')),
      capacity: {
        dataNodes: settings.dataNodes,
        dataNodeInstanceType: settings.dataNodeType,
        ...(settings.masterNodeType !== undefined && {
          masterNodes: 3,
          masterNodeInstanceType: settings.masterNodeType,
        }),
        multiAzWithStandbyEnabled: false,
      },
      ebs: { volumeSize: settings.volumeGiB, volumeType: EbsDeviceVolumeType.GP3 },
      ...(multiAz && { zoneAwareness: { enabled: true, availabilityZoneCount: 2 } }),
      encryptionAtRest: { enabled: true },
      nodeToNodeEncryption: true,
      enforceHttps: true,
      tlsSecurityPolicy: TLSSecurityPolicy.TLS_1_2,
      fineGrainedAccessControl: { masterUserArn: master.roleArn },
      logging: {
        slowSearchLogEnabled: true,
        slowSearchLogGroup: slowLogs,
        slowIndexLogEnabled: true,
        slowIndexLogGroup: slowLogs,
        appLogEnabled: true,
        appLogGroup: appLogs,
      },
      ...(this.vpc !== undefined &&
        this.securityGroup !== undefined && {
          vpc: this.vpc,
          vpcSubnets: [{ subnets: this.vpc.privateSubnets.slice(0, multiAz ? 2 : 1) }],
          securityGroups: [this.securityGroup],
        }),
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.admitWriters(domain, prefix);
    acknowledgeDomainChoices(domain, settings, { inVpc: this.vpc !== undefined, multiAz });
    return domain;
  }

  /** The domain's access policy admits every writer role, as many as are granted until synth. */
  private admitWriters(domain: Domain, prefix: string): void {
    const stack = Stack.of(this);
    const ownArn = `arn:${stack.partition}:es:${stack.region}:${stack.account}:domain/${prefix}-logs/*`;
    (domain.node.defaultChild as CfnDomain).accessPolicies = Lazy.any({
      produce: () =>
        new PolicyDocument({
          statements: [
            new PolicyStatement({
              effect: Effect.ALLOW,
              principals: this.writers.map((role) => new ArnPrincipal(role.roleArn)),
              actions: ['es:ESHttp*'],
              resources: [ownArn],
            }),
          ],
        }).toJSON(),
    });
  }
}

/** cdk-nag's findings on the domain that its settings answer, each with the reason. */
const acknowledgeDomainChoices = (
  domain: Domain,
  settings: Extract<OpenSearchSettings, { mode: 'domain' }>,
  { inVpc, multiAz }: { inVpc: boolean; multiAz: boolean },
): void => {
  acknowledge(
    domain,
    'AwsSolutions-IAM5[Resource::*]',
    'CDK lets OpenSearch write its slow and application logs through a log resource policy; logs:PutResourcePolicy takes no resource.',
  );
  if (settings.masterNodeType === undefined)
    acknowledge(
      domain,
      'AwsSolutions-OS4',
      'Dedicated master nodes are a setting (openSearch.masterNodeType); a small log domain runs without them to halve its cost.',
    );
  if (!inVpc)
    acknowledge(
      domain,
      'AwsSolutions-OS1',
      'VPC placement is a setting (openSearch.vpc); outside a VPC the domain answers only SigV4-signed requests of the listed roles, checked again by fine-grained access control.',
    );
  acknowledge(
    domain,
    'AwsSolutions-OS3',
    "Access is by IAM role (the domain policy names cwlpipe's roles) and fine-grained access control, not by source IP: Lambda has no fixed address.",
  );
  if (!multiAz)
    acknowledge(
      domain,
      'AwsSolutions-OS7',
      'Zone awareness needs two or more data nodes (openSearch.dataNodes); one node is the smallest setup.',
    );
};
