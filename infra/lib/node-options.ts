/** V8's own largest semi-space on 64-bit, in MiB: below this, the flag would change nothing. */
const V8_DEFAULT_SEMI_SPACE_MIB = 16;
const MAX_SEMI_SPACE_MIB = 64;

/**
 * The `NODE_OPTIONS` of a cwlpipe Lambda function of `memoryMiB`: source maps, so stack traces name the
 * TypeScript lines, and a young generation sized to the memory. A batch's documents live until the batch is
 * delivered, so with V8's default 16 MiB semi-space every scavenge copies them again before they are promoted
 * and marked once more. One MiB of semi-space per 16 MiB of memory, up to 64 (a 1024 MiB consumer): in one
 * interleaved loop of 10,000-event batches through the Kinesis handler, 64 MiB took 14% less CPU per event
 * for VPC and 13% for Lambda data (CloudTrail, with fewer and larger documents, about the same), for 70–110
 * MiB more peak RSS (`npm run footprint` runs its batches with these options).
 *
 * @example
 * ```ts
 * nodeOptionsFor(1024); // '--enable-source-maps --max-semi-space-size=64'
 * nodeOptionsFor(256); // '--enable-source-maps'
 * ```
 */
export const nodeOptionsFor = (memoryMiB: number): string => {
  const semiSpaceMiB = Math.min(MAX_SEMI_SPACE_MIB, Math.floor(memoryMiB / 16));
  return semiSpaceMiB > V8_DEFAULT_SEMI_SPACE_MIB
    ? `--enable-source-maps --max-semi-space-size=${semiSpaceMiB}`
    : '--enable-source-maps';
};
