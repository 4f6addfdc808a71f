import { collectFleet } from '../../core/fleet/collect';
import type { FleetReport } from '../../core/fleet/fleet';
import { Emitter } from '../emitter';
import type { Disposable } from '../host';
import type { FleetHost } from './fleetHost';

/** The Fleet view's state: the folder imported, its report, and whether only failures are shown. */
export class FleetModel implements Disposable {
  private current: { folder: string; name: string; report: FleetReport } | undefined;
  private onlyFailures = false;
  private readonly changed = new Emitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly host: Pick<FleetHost, 'fileSystem' | 'setContext'>) {}

  /** Reads every result file under `folder` (a URI string) and shows the merged report. */
  async import(folder: string, signal?: AbortSignal): Promise<FleetReport> {
    const report = await collectFleet(this.host.fileSystem, [folder], signal);
    const name = decodeURIComponent(folder.replace(/\/+$/, '').slice(folder.replace(/\/+$/, '').lastIndexOf('/') + 1));
    this.current = { folder, name, report };
    this.host.setContext('atpProxy.fleetImported', true);
    this.changed.fire();
    return report;
  }

  /** The report shown, with the folder it came from, or undefined before any import. */
  get imported(): { folder: string; name: string; report: FleetReport } | undefined {
    return this.current;
  }

  get failuresOnly(): boolean {
    return this.onlyFailures;
  }

  /** Shows only failing machines and their failing checks and endpoints (or everything again). */
  setFailuresOnly(value: boolean): void {
    this.onlyFailures = value;
    this.host.setContext('atpProxy.fleetFailuresOnly', value);
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }
}
