export { BUILT_IN_DETECTORS, DETECTOR_NAMES, type Detector, passesLuhn } from './detectors';
export { type PolicyVerdict, PrivacyPolicy } from './policy';
export { type CustomRule, type RedactionCounts, Redactor } from './redactor';
export { eventFiltersSchema, fieldPoliciesSchema, privacySchema } from './schema';
