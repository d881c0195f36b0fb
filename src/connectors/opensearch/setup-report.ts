import type { SetupReport, SetupStep } from '../../core';
import type { OpenSearchSetupResult } from './setup';

/**
 * OpenSearch's setup report as the lines a person reads, one per template and one for the policy.
 *
 * @example
 * ```ts
 * setupSteps({ templates: [{ name: 'cwl-json', outcome: 'unchanged' }], ism: { policyId: 'cwl-retention', outcome: 'created' } }, 30);
 * // [{ subject: 'index template cwl-json', outcome: 'unchanged' }, { subject: 'ISM policy cwl-retention (delete after 30 days)', outcome: 'created' }]
 * ```
 */
export const setupSteps = (report: OpenSearchSetupResult, retentionDays: number): SetupStep[] => {
  const steps: SetupStep[] = report.templates.map((template) => ({
    subject: `index template ${template.name}`,
    outcome: template.outcome,
  }));
  const policy = report.retention;
  steps.push(
    policy.outcome === 'unavailable'
      ? {
          subject: `${policy.kind} policy ${policy.policyId}`,
          outcome: `not installed: ${policy.reason ?? `${policy.kind} is not available`}`,
        }
      : {
          subject: `${policy.kind} policy ${policy.policyId} (delete after ${retentionDays} days)`,
          outcome: `${policy.outcome}${policy.attached ? `, attached to ${policy.attached} existing indices` : ''}`,
        },
  );
  return steps;
};

/**
 * The report as the connector contract shapes it: the steps, and one summary line for `npm start`.
 *
 * @example
 * ```ts
 * toConnectorReport(report, 30).summary; // '6 index templates (0 created or updated), ISM policy cwl-retention: unchanged'
 * ```
 */
export const toConnectorReport = (
  report: OpenSearchSetupResult,
  retentionDays: number,
  connector = 'opensearch',
): SetupReport => {
  const changed = report.templates.filter((template) => template.outcome !== 'unchanged').length;
  const policy = report.retention;
  return {
    connector,
    summary:
      `${report.templates.length} index templates (${changed} created or updated), ` +
      `${policy.kind} policy ${policy.policyId}: ${policy.outcome}${policy.reason ? ` (${policy.reason})` : ''}`,
    steps: setupSteps(report, retentionDays),
  };
};
