import type { HostFiles, HostUi } from '../host';
import { UserError } from '../commands/command';
import { baseName, folderOf } from '../commands/manifestTarget';
import { markdownReport } from './markdownReport';
import type { ResultStore } from './resultStore';

/** Opening and saving the last connectivity report of a manifest, shared by the commands and the test's follow-up buttons. */
export class ReportActions {
  constructor(private readonly deps: { results: ResultStore; ui: Pick<HostUi, 'openReadOnly' | 'reveal'>; files: Pick<HostFiles, 'writeText'> }) {}

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

  /** Writes `<manifest>.connectivity.md` next to the manifest (for review with it) and opens it; resolves to its URI. */
  async save(uri: string): Promise<string> {
    const { text, name } = this.markdown(uri);
    const target = `${folderOf(uri)}${baseName(name)}.connectivity.md`;
    await this.deps.files.writeText(target, text);
    await this.deps.ui.reveal(target);
    return target;
  }
}
