// The transformers floor as other floors see it: the registry, the field table and what configuration
// needs to validate (limits, VPC format strings). Other floors import from here, never from a type's folder.
export { DEFAULT_LIMITS } from './common';
export { FIELD_CATALOG, FIELD_TABLE } from './fields';
export { isLogType, LOG_TYPES, TRANSFORMERS, transformerFor } from './registry';
export { parseVpcFormat } from './vpcflow/format';
