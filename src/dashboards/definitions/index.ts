import type { Dashboard } from '../model';
import { CLOUDTRAIL_DASHBOARD } from './cloudtrail';
import { LAMBDA_DASHBOARD } from './lambda';
import { PIPELINE_HEALTH_DASHBOARD } from './pipeline';
import { VPC_FLOW_LOGS_DASHBOARD } from './vpcflow';

/** Every dashboard cwlpipe ships, in the order a user meets them. Adding one is a file and a line here. */
export const DASHBOARDS: readonly Dashboard[] = [
  VPC_FLOW_LOGS_DASHBOARD,
  LAMBDA_DASHBOARD,
  CLOUDTRAIL_DASHBOARD,
  PIPELINE_HEALTH_DASHBOARD,
];
