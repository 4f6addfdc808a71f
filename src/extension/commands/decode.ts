import type { HostFiles, HostUi } from '../host';
import { UserError, type Command, type CommandTarget } from './command';
import { CancelledError } from './manifestTarget';

type Source = 'hex' | 'reg';

/** `atpProxy.decode`: a pasted hex value or a .reg export, decoded field by field into an untitled editor. */
export class DecodeCommand implements Command {
  readonly id = 'atpProxy.decode';
  constructor(private readonly deps: { ui: Pick<HostUi, 'pick' | 'input' | 'pickFile' | 'openUntitled'>; files: Pick<HostFiles, 'readBytes'> }) {}

  /** `hex` decodes that text without asking (tests, links); a .reg file as target decodes the file. Resolves to the text shown. */
  async execute(target: CommandTarget, hex?: unknown): Promise<string> {
    const decode = await import(/* webpackChunkName: "wininet" */ '../../core/usecases/decode');
    let outcome;
    if (typeof hex === 'string') {
      outcome = decode.decodeHexText(hex);
    } else if (target && /\.reg$/i.test(target.name)) {
      outcome = decode.decodeFileBytes(await this.deps.files.readBytes(target.uri), target.name);
    } else {
      const source = await this.deps.ui.pick<Source>(
        [
          {
            value: 'hex',
            label: 'Paste a hex value',
            detail: 'DefaultConnectionSettings, SavedLegacySettings or WinHttpSettings bytes, as regedit or reg query shows them',
          },
          { value: 'reg', label: 'Open a .reg export…', detail: 'Every connection-settings value in a file written by reg export or regedit' },
        ],
        { title: 'Decode Connection Settings' },
      );
      if (source === 'hex') {
        const text = await this.deps.ui.input({
          title: 'Decode Connection Settings',
          prompt: 'The value in hex',
          placeHolder: '46 00 00 00 01 00 00 00 03 00 00 00 ...',
          validate: decode.hexProblem,
        });
        if (text === undefined) throw new CancelledError();
        outcome = decode.decodeHexText(text);
      } else if (source === 'reg') {
        const uri = await this.deps.ui.pickFile({ title: 'Decode a .reg export', filters: { 'Registry files': ['reg'], 'All files': ['*'] } });
        if (!uri) throw new CancelledError();
        outcome = decode.decodeFileBytes(await this.deps.files.readBytes(uri), uri.slice(uri.lastIndexOf('/') + 1));
      } else {
        throw new CancelledError();
      }
    }
    if (!outcome.ok) throw new UserError(`Cannot decode: ${outcome.reason}`);
    if (outcome.values.length === 0 && outcome.problems.length) throw new UserError(`Cannot decode: ${outcome.problems.join('; ')}`);
    // Values a .reg export holds but that could not be decoded are named after the ones that could.
    const text = outcome.problems.length ? `${outcome.text}\n${outcome.problems.map((p) => `Not decoded: ${p}`).join('\n')}\n` : outcome.text;
    await this.deps.ui.openUntitled(text, 'plaintext');
    return text;
  }
}
