import { PipelineError } from '../core';

/**
 * The dashboards' errors: a definition that does not fit the field table, a saved-objects file that breaks
 * an import rule, or an import the server refused. All are `config` stage errors, so the CLI prints them
 * as one clear line.
 *
 * @example
 * ```ts
 * throw new DashboardFieldError('Panel "Top talkers" aggregates vpc.nope, which the field table does not have.');
 * ```
 */
export class DashboardError extends PipelineError {
  public constructor(code: string, message: string, options?: { cause?: unknown }) {
    super('config', code, message, options);
    this.name = 'DashboardError';
  }
}

/** A panel uses a field the field table does not have, or aggregates one that cannot be aggregated. */
export class DashboardFieldError extends DashboardError {
  public constructor(message: string) {
    super('dashboard_field', message);
    this.name = 'DashboardFieldError';
  }
}

/** A saved-objects file breaks one of OpenSearch Dashboards' import rules; every problem is listed. */
export class SavedObjectsCheckError extends DashboardError {
  public readonly problems: readonly string[];

  public constructor(problems: readonly string[]) {
    super(
      'saved_objects_invalid',
      `The saved-objects file breaks ${problems.length} import rule(s): ${problems.join('; ')}`,
    );
    this.name = 'SavedObjectsCheckError';
    this.problems = problems;
  }
}

/** The dashboards server could not be reached, refused the request, or did not import every object. */
export class DashboardsImportError extends DashboardError {
  public constructor(code: string, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
    this.name = 'DashboardsImportError';
  }
}
