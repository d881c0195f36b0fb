// The engine as the floors above see it: one record (run), one batch (batch), and what they count.
export { type BatchDeps, type BatchLog, type BatchResult, type FailedRecord, processBatch } from './batch';
export { envelopesOf, splitJsonObjects } from './concatenated';
export { buildConfig, loadConfigFile, type PipelineConfig, vpcFormatOrThrow } from './config';
export { addCounts, bump, type Counts, formatCounts, sumCounts } from './counts';
export { decodeBase64, decodeBytes, isGzip } from './decode';
export { type LagSummary, lagByType } from './lag';
export { BUILT_IN_DETECTORS, DETECTOR_NAMES, PrivacyPolicy, Redactor } from './privacy';
export { Pipeline, type RecordOutcome } from './run';
export { PipelineStats } from './stats';
