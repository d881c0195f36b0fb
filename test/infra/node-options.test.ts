import { nodeOptionsFor } from '../../infra/lib/node-options';

describe('nodeOptionsFor', () => {
  it.each([
    [128, '--enable-source-maps'],
    [256, '--enable-source-maps'],
    [272, '--enable-source-maps --max-semi-space-size=17'],
    [512, '--enable-source-maps --max-semi-space-size=32'],
    [1024, '--enable-source-maps --max-semi-space-size=64'],
    [10_240, '--enable-source-maps --max-semi-space-size=64'],
  ])(
    'gives a %i MiB function a semi-space of one MiB per 16 MiB, between V8’s 16 and 64: %s',
    (memoryMiB, expected) => {
      // Act
      const options = nodeOptionsFor(memoryMiB);

      // Assess
      expect(options).toBe(expected);
    },
  );
});
