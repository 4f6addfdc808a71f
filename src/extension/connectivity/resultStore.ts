import type { ConnectivityReport, ProbeResult } from '../../core/connectivity';
import { Emitter } from '../emitter';
import type { Disposable } from '../host';
import type { EndpointState } from '../views/manifestNodes';

/** A finished run, kept for the Markdown report. */
export interface StoredReport {
  report: ConnectivityReport;
  /** The manifest's file name, for the report's title. */
  name: string;
  at: Date;
}

/**
 * The last connectivity verdict of every endpoint, per manifest URI, for the tree, the status bar and
 * the report. Kept in memory only: a verdict is about the network now, not something to persist.
 */
export class ResultStore implements Disposable {
  private readonly states = new Map<string, Map<string, EndpointState>>();
  private readonly reports = new Map<string, StoredReport>();
  private readonly changed = new Emitter<string>();

  /** Fires with the manifest URI whose results changed. */
  readonly onDidChange = this.changed.event;

  /** The states of a manifest's endpoints by allow entry (the host name for plain names; empty when never tested). */
  resultsOf(uri: string): ReadonlyMap<string, EndpointState> {
    return this.states.get(uri) ?? new Map();
  }

  /** Marks endpoints (by allow entry) as being tested (spinners). */
  start(uri: string, keys: readonly string[]): void {
    const map = this.states.get(uri) ?? new Map<string, EndpointState>();
    for (const key of keys) map.set(key, 'running');
    this.states.set(uri, map);
    this.changed.fire(uri);
  }

  record(uri: string, result: ProbeResult): void {
    const map = this.states.get(uri) ?? new Map<string, EndpointState>();
    map.set(result.entry ?? result.host, result);
    this.states.set(uri, map);
    this.changed.fire(uri);
  }

  /** Ends a run: hosts still marked running (cancelled before they started) lose the spinner. */
  finish(uri: string, report: StoredReport | undefined): void {
    const map = this.states.get(uri);
    if (map) for (const [host, state] of map) if (state === 'running') map.delete(host);
    if (report) this.reports.set(uri, report);
    this.changed.fire(uri);
  }

  lastReport(uri: string): StoredReport | undefined {
    return this.reports.get(uri);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
