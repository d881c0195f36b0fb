import { invalid } from '../common';
import type { Transformer } from '../types';

// Placeholder until the cloudtrail transformer lands; it claims nothing, so routing falls through.
export const cloudtrailTransformer: Transformer = {
  id: 'cloudtrail',
  fields: [],
  matches: (): boolean => false,
  transform: () => invalid('not_implemented', 'The cloudtrail transformer is not implemented yet.'),
};
