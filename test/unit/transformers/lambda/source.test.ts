import {
  functionFromGroup,
  functionIdentity,
  versionFromStream,
} from '../../../../src/transformers/lambda/source';
import { lambdaSource } from './transform-one';

describe('Transformer: lambda, function identity', () => {
  it.each([
    ['/aws/lambda/orders-api', { name: 'orders-api', edge: false }],
    ['/aws/lambda/us-east-1.edge-auth', { name: 'edge-auth', edge: true }],
    ['/aws/lambda/', undefined],
    ['/ecs/orders-api', undefined],
  ])('reads the function of log group %s', (logGroup, expected) => {
    // Act
    const result = functionFromGroup(logGroup);

    // Assess
    expect(result).toEqual(expected);
  });

  it.each([
    ['2024/05/01/[$LATEST]9f2c4e1a7b3d4c5e8f6a0b1c2d3e4f50', { version: '$LATEST' }],
    ['2024/05/01/[12]9f2c4e1a7b3d4c5e8f6a0b1c2d3e4f50', { version: '12' }],
    ['2024/05/01/checkout-api[3]9f2c4e1a', { version: '3', functionName: 'checkout-api' }],
    ['2024/05/01/[]9f2c', undefined],
    ['i-0abc123def4567890', undefined],
  ])('reads the version of log stream %s', (logStream, expected) => {
    // Act
    const result = versionFromStream(logStream);

    // Assess
    expect(result).toEqual(expected);
  });

  it('prefers the log group name to the name in a custom-group stream', () => {
    // Act
    const identity = functionIdentity(
      lambdaSource({ logGroup: '/aws/lambda/orders-api', logStream: '2024/05/01/other-name[5]abc' }),
    );

    // Assess
    expect(identity).toEqual({ functionName: 'orders-api', version: '5' });
  });

  it('names the function from the stream when the log group is a custom one', () => {
    // Act
    const identity = functionIdentity(
      lambdaSource({ logGroup: '/shared/all-functions', logStream: '2024/05/01/checkout-api[$LATEST]abc' }),
    );

    // Assess
    expect(identity).toEqual({ functionName: 'checkout-api', version: '$LATEST' });
  });

  it('reads a new source afresh even though it remembers the last one', () => {
    // Prepare
    const first = lambdaSource({ logGroup: '/aws/lambda/a', logStream: '2024/05/01/[1]x' });
    const second = lambdaSource({ logGroup: '/aws/lambda/b', logStream: '2024/05/01/[2]x' });

    // Act
    const results = [functionIdentity(first), functionIdentity(second), functionIdentity(first)];

    // Assess
    expect(results).toEqual([
      { functionName: 'a', version: '1' },
      { functionName: 'b', version: '2' },
      { functionName: 'a', version: '1' },
    ]);
  });
});
