import type { ManifestView } from './views/manifestNodes';

/** The status bar's text and tooltip for the active manifest: findings, then the last test. */
export function statusText(view: ManifestView): { text: string; tooltip: string } {
  const errors = view.findings.filter((f) => f.severity === 'error').length;
  const others = view.findings.length - errors;
  const problems =
    view.findings.length === 0 ? '$(check) 0' : `${errors ? `$(error) ${errors}` : ''}${errors && others ? ' ' : ''}${others ? `$(warning) ${others}` : ''}`;
  const test = view.testSummary ? ` · ${view.testSummary}` : ' · not tested';
  return {
    text: `$(shield) ATP ${problems}${test}`,
    tooltip: `${view.file.name}: ${view.findings.length} finding${view.findings.length === 1 ? '' : 's'}; ${view.testSummary ? `last test ${view.testSummary}` : 'not tested yet'}.\nClick to test connectivity.`,
  };
}
