import type { HostFiles, HostUi } from '../host';
import { fileNameProblem } from '../../core/text/fileName';
import { UserError } from '../commands/command';
import { baseName, CancelledError } from '../commands/manifestTarget';
import { markdownReport } from './markdownReport';
import type { ResultStore } from './resultStore';

/** Opening and saving the last connectivity report of a manifest, shared by the commands and the test's follow-up buttons. */
export class ReportActions {
  constructor(
    private readonly deps: {
      results: ResultStore;
      ui: Pick<HostUi, 'openReadOnly' | 'reveal' | 'ask'>;
      files: Pick<HostFiles, 'writeText' | 'kind' | 'sibling'>;
    },
  ) {}

  private markdown(uri: string): { text: string; name: string } {
    const stored = this.deps.results.lastReport(uri);
    if (!stored) throw new UserError('No connectivity report for this manifest yet: run "ATP Proxy: Test Connectivity" first.');
    const route = stored.report.results[0]?.via ? `via ${[...new Set(stored.report.results.map((r) => r.via))].join(', ')}` : '';
    return { text: markdownReport(stored.report, stored.name, stored.at, route), name: stored.name };
  }

  /** Opens the report read-only with its Markdown preview; resolves to the Markdown. */
  async show(uri: string): Promise<string> {
    const { text, name } = this.markdown(uri);
    await this.deps.ui.openReadOnly(`${baseName(name)}.connectivity.md`, text, 'markdown');
    return text;
  }

  /**
   * Writes `<manifest>.connectivity.md` next to the manifest (for review with it) and opens it; resolves to its URI.
   * The name comes from a file anyone could have committed: it must be one plain path segment, the target is
   * never a link, and an existing report is replaced only when the user says so.
   */
  async save(uri: string): Promise<string> {
    const { text, name } = this.markdown(uri);
    const fileName = `${baseName(name)}.connectivity.md`;
    const problem = fileNameProblem(fileName);
    if (problem) throw new UserError(`Cannot save the report of this manifest: ${problem}. "Show Connectivity Report" shows it without writing a file.`);
    const target = this.deps.files.sibling(uri, fileName);
    const kind = await this.deps.files.kind(target);
    if (kind !== undefined && kind !== 'file')
      throw new UserError(
        `Cannot save the report: ${fileName} next to the manifest is a ${kind === 'symlink' ? 'symbolic link (it could point anywhere)' : kind}, not a report; remove it and save again.`,
      );
    if (kind === 'file') {
      const choice = await this.deps.ui.ask('warning', `${fileName} already exists. Replace it with this report?`, { modal: true }, 'Replace');
      if (choice !== 'Replace') throw new CancelledError();
    }
    await this.deps.files.writeText(target, text, kind === 'file' ? 'replace' : 'create');
    await this.deps.ui.reveal(target);
    return target;
  }
}
