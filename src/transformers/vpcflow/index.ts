import { invalid } from '../common';
import type { Transformer } from '../types';

// Placeholder until the vpcflow transformer lands; it claims nothing, so routing falls through.
export const vpcflowTransformer: Transformer = {
  id: 'vpcflow',
  fields: [],
  matches: (): boolean => false,
  transform: () => invalid('not_implemented', 'The vpcflow transformer is not implemented yet.'),
};
