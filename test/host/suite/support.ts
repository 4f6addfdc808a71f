// Helpers for host tests: wait on events with a deadline (never sleep), find fixtures, read codes.
import * as vscode from 'vscode';
import type { ExtensionApi, TestingApi } from '../../../src/extension/api';

export const EXTENSION_ID = 'atp-sensor-proxy.atp-sensor-proxy';

/** Resolves with the first event value that satisfies `predicate`; rejects after `timeoutMs` naming `what`. */
export function waitForEvent<T>(event: vscode.Event<T>, predicate: (e: T) => boolean, what: string, timeoutMs = 20_000): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      subscription.dispose();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
    }, timeoutMs);
    const subscription = event((e) => {
      if (!predicate(e)) return;
      clearTimeout(timer);
      subscription.dispose();
      resolve(e);
    });
  });
}

/** The diagnostics of `uri` once they satisfy `predicate` (checked now, then on every change). */
export async function waitForDiagnostics(
  uri: vscode.Uri,
  predicate: (diagnostics: vscode.Diagnostic[]) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<vscode.Diagnostic[]> {
  const pending = waitForEvent(
    vscode.languages.onDidChangeDiagnostics,
    (e) => e.uris.some((u) => u.toString() === uri.toString()) && predicate(vscode.languages.getDiagnostics(uri)),
    what,
    timeoutMs,
  );
  const now = vscode.languages.getDiagnostics(uri);
  if (predicate(now)) {
    pending.catch(() => undefined); // the subscription just times out unused
    return now;
  }
  await pending;
  return vscode.languages.getDiagnostics(uri);
}

/** The diagnostic's code as a string (`'ATP100'`), whether the server sent a plain code or one with a link. */
export function codeOf(d: vscode.Diagnostic): string {
  const c = d.code;
  return typeof c === 'object' && c !== null ? String(c.value) : String(c ?? '');
}

export function hasCode(diagnostics: readonly vscode.Diagnostic[], code: string): boolean {
  return diagnostics.some((d) => codeOf(d) === code);
}

/** A file of the fixture workspace (test/host/workspace, copied to a scratch folder by the runner). */
export function workspaceFile(...segments: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the host tests need a workspace folder: open test/host/workspace');
  return vscode.Uri.joinPath(folder.uri, ...segments);
}

/** The extension under test (throws if VS Code did not load it). */
export function theExtension(): vscode.Extension<ExtensionApi> {
  const ext = vscode.extensions.getExtension<ExtensionApi>(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded: is extensionDevelopmentPath the repository root?`);
  return ext;
}

/** The extension's test seams, which it exposes in Test and Development mode only (the host suite runs in one). */
export function testingApi(): TestingApi {
  const testing = theExtension().exports.testing;
  if (!testing) throw new Error(`${EXTENSION_ID} exposes no test seams: the host suite must run it in Test or Development mode (extensionDevelopmentPath)`);
  return testing;
}
