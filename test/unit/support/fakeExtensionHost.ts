// A fake ExtensionHost for command tests: sinon stubs for everything that would ask the user or touch
// the machine; files in a Map by URI; answers to questions queued per call.
import * as sinon from 'sinon';
import type { RegistryBackend } from '../../../src/core/apply/backend';
import { Emitter } from '../../../src/extension/emitter';
import type { ExtensionHost, ManifestFile, PickItem } from '../../../src/extension/host';

export interface FakeHost extends Omit<ExtensionHost, 'commands' | 'workspace'> {
  files: ExtensionHost['files'] & { map: Map<string, string | Uint8Array>; links: Set<string> };
  /** Answers the next `pick` calls by label (or value), in order. */
  picks: string[];
  /** Answers the next `input` calls, in order (undefined = dismissed). */
  inputs: (string | undefined)[];
  /** Answers the next `ask` calls, in order. */
  answers: (string | undefined)[];
  /** Documents opened in untitled / read-only editors. */
  opened: { content: string; language: string; title?: string }[];
  textChanged: Emitter<string>;
  activeChanged: Emitter<void>;
  settings: Record<string, unknown>;
  userSettings: Record<string, unknown>;
  secretMap: Map<string, string>;
  trusted: boolean;
  backend?: RegistryBackend;
}

export function manifestFile(name: string, relativeDir = ''): ManifestFile {
  return { uri: `file:///ws/${relativeDir ? `${relativeDir}/` : ''}${name}`, name, relativeDir };
}

export function fakeHost(files: Record<string, string | Uint8Array> = {}): FakeHost {
  const map = new Map<string, string | Uint8Array>(Object.entries(files));
  const host: FakeHost = {
    picks: [],
    inputs: [],
    answers: [],
    opened: [],
    textChanged: new Emitter<string>(),
    activeChanged: new Emitter<void>(),
    settings: {},
    userSettings: {},
    secretMap: new Map(),
    trusted: true,
    window: { showErrorMessage: sinon.spy(), showInformationMessage: sinon.spy() },
    log: { info: sinon.spy(), warn: sinon.spy(), error: sinon.spy(), show: sinon.spy() },
    ui: {
      ask: sinon.spy(async () => host.answers.shift()),
      pick: sinon.spy(async <T>(items: PickItem<T>[]) => {
        const want = host.picks.shift();
        if (want === undefined) return undefined;
        const item = items.find((i) => i.label === want || String(i.value) === want);
        if (!item) throw new Error(`no pick item "${want}" in ${items.map((i) => i.label).join(', ')}`);
        return item.value;
      }),
      input: sinon.spy(async (options: { validate?: (v: string) => string | undefined }) => {
        const value = host.inputs.shift();
        if (value !== undefined && options.validate?.(value)) throw new Error(`input "${value}" rejected: ${options.validate(value)}`);
        return value;
      }),
      pickFile: sinon.spy(async () => host.inputs.shift()),
      openUntitled: sinon.spy(async (content: string, language: string) => {
        host.opened.push({ content, language });
      }),
      openReadOnly: sinon.spy(async (title: string, content: string, language: string) => {
        host.opened.push({ title, content, language });
      }),
      openDiff: sinon.spy(async (title: string, left: { title: string; content: string }, right: { title: string; content: string }) => {
        host.opened.push({ title, content: `${left.content}\n=====\n${right.content}`, language: 'diff' });
      }),
      reveal: sinon.spy(async () => undefined),
    },
    progress: {
      withProgress: sinon.spy(<T>(_title: string, task: (report: (m: string) => void, signal: AbortSignal) => Promise<T>) =>
        task(() => undefined, new AbortController().signal),
      ),
    },
    configuration: {
      get: <T>(key: string, fallback: T): T => (key in host.settings ? (host.settings[key] as T) : fallback),
      userValue: <T>(key: string): T | undefined => host.userSettings[key] as T | undefined,
    },
    secrets: {
      get: async (key) => host.secretMap.get(key),
      store: async (key, value) => {
        host.secretMap.set(key, value);
      },
      delete: async (key) => {
        host.secretMap.delete(key);
      },
    },
    files: {
      map,
      readText: async (uri) => {
        const v = map.get(uri);
        if (v === undefined) throw new Error(`ENOENT ${uri}`);
        return typeof v === 'string' ? v : Buffer.from(v).toString('utf8');
      },
      readBytes: async (uri) => {
        const v = map.get(uri);
        if (v === undefined) throw new Error(`ENOENT ${uri}`);
        return typeof v === 'string' ? new Uint8Array(Buffer.from(v, 'utf8')) : v;
      },
      links: new Set<string>(),
      // As the real host does: create never replaces anything, replace only a file, and a link is never followed.
      writeText: async (uri, text, mode = 'create') => {
        if (host.files.links.has(uri)) throw new Error(`ELOOP ${uri}`);
        if (mode === 'create' && map.has(uri)) throw new Error(`EEXIST ${uri}`);
        if (mode === 'replace' && !map.has(uri)) throw new Error(`ENOENT ${uri}`);
        map.set(uri, text);
      },
      exists: async (uri) => map.has(uri) || host.files.links.has(uri),
      kind: async (uri) => (host.files.links.has(uri) ? 'symlink' : map.has(uri) ? 'file' : undefined),
      sibling: (uri, name) => `${uri.slice(0, uri.lastIndexOf('/') + 1)}${encodeURIComponent(name)}`,
    },
    environment: {
      platform: 'linux',
      env: {},
      isTrusted: () => host.trusted,
      storagePath: '/storage',
      labOverrides: true,
    },
    documents: {
      onDidChangeManifestText: (l) => host.textChanged.event(l),
      onDidChangeActiveEditor: (l) => host.activeChanged.event(l),
      workspaceFolder: () => 'file:///ws',
    },
    registry: async () => {
      if (!host.backend) throw new Error('no fake registry backend');
      return host.backend;
    },
  } as FakeHost;
  return host;
}
