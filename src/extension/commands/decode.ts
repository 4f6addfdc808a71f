import type { HostFiles, HostUi } from '../host';
import { UserError, type Command, type CommandTarget } from './command';
import { CancelledError } from './manifestTarget';

type Source = 'hex' | 'reg' | 'sensor';

/**
 * `atpProxy.decode`: a pasted hex value, a .reg export or a sensor's SensorConfiguration.json, decoded field by field
 * into an untitled editor (what `atp-proxy decode` prints).
 */
export class DecodeCommand implements Command {
  readonly id = 'atpProxy.decode';
  constructor(private readonly deps: { ui: Pick<HostUi, 'pick' | 'input' | 'pickFile' | 'openUntitled'>; files: Pick<HostFiles, 'readBytes'> }) {}

  /** A SensorConfiguration.json decoded into an untitled editor; a malformed one is refused with its place. */
  private async showSensorConfiguration(decode: typeof import('../../core/usecases/decode'), uri: string, name: string): Promise<string> {
    const sensor = decode.decodeSensorConfiguration(await this.deps.files.readBytes(uri), name);
    if (!sensor.ok) throw new UserError(`Cannot decode: ${sensor.reason}`);
    await this.deps.ui.openUntitled(sensor.text, 'plaintext');
    return sensor.text;
  }

  /**
   * `hex` decodes that text without asking (tests, links); a .reg or .json file as target decodes the file. Resolves to
   * the text shown.
   */
  async execute(target: CommandTarget, hex?: unknown): Promise<string> {
    const decode = await import(/* webpackChunkName: "wininet" */ '../../core/usecases/decode');
    let outcome;
    if (typeof hex === 'string') {
      outcome = decode.decodeHexText(hex);
    } else if (target && /\.json$/i.test(target.name)) {
      return this.showSensorConfiguration(decode, target.uri, target.name);
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
          {
            value: 'sensor',
            label: 'Open a SensorConfiguration.json…',
            detail: 'A v2 sensor’s own proxy configuration: proxy URL, user, whether a password is stored, sensor API address',
          },
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
      } else if (source === 'sensor') {
        const uri = await this.deps.ui.pickFile({
          title: 'Decode a SensorConfiguration.json',
          filters: { 'Sensor configuration': ['json'], 'All files': ['*'] },
        });
        if (!uri) throw new CancelledError();
        return this.showSensorConfiguration(decode, uri, decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1)));
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
