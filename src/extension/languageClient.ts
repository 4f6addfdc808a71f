import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { childEnvironment } from '../core/connectivity/credentials';
import { LANGUAGE_ID } from './manifestGlob';

/** The client id: VS Code reads `atpProxy.trace.server` because of it. */
const CLIENT_ID = 'atpProxy';

/** A client for the bundled language server (`dist/server.js`, over Node IPC); not started yet. */
export function createLanguageClient(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  // The server process gets no proxy credentials (ATP_PROXY_CREDENTIALS of the VS Code server): it never needs them.
  const env = childEnvironment(process.env);
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { env } },
    debug: { module, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: LANGUAGE_ID }],
    // The server gets the `atpProxy` settings at start and on every change.
    initializationOptions: { settings: vscode.workspace.getConfiguration('atpProxy') },
    synchronize: { configurationSection: 'atpProxy' },
    outputChannel: log,
    traceOutputChannel: log,
  };
  return new LanguageClient(CLIENT_ID, 'ATP Sensor Proxy', serverOptions, clientOptions);
}
