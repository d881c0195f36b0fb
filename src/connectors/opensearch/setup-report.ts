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
  const ism = report.ism;
  steps.push(
    ism.outcome === 'unavailable'
      ? {
          subject: `ISM policy ${ism.policyId}`,
          outcome: `not installed: ${ism.reason ?? 'ISM is not available'}`,
        }
      : {
          subject: `ISM policy ${ism.policyId} (delete after ${retentionDays} days)`,
          outcome: `${ism.outcome}${ism.attached ? `, attached to ${ism.attached} existing indices` : ''}`,
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
export const toConnectorReport = (report: OpenSearchSetupResult, retentionDays: number): SetupReport => {
  const changed = report.templates.filter((template) => template.outcome !== 'unchanged').length;
  const { ism } = report;
  return {
    connector: 'opensearch',
    summary:
      `${report.templates.length} index templates (${changed} created or updated), ` +
      `ISM policy ${ism.policyId}: ${ism.outcome}${ism.reason ? ` (${ism.reason})` : ''}`,
    steps: setupSteps(report, retentionDays),
  };
};
