import { invalid } from '../common';
import type { Transformer } from '../types';

// Placeholder until the lambda transformer lands; it claims nothing, so routing falls through.
export const lambdaTransformer: Transformer = {
  id: 'lambda',
  fields: [],
  matches: (): boolean => false,
  transform: () => invalid('not_implemented', 'The lambda transformer is not implemented yet.'),
};
