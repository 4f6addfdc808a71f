import { Connection } from 'vscode-languageserver/node';

/** The server's settings (section `atpProxy` of the client's configuration). */
export interface ServerSettings {
  /** Debounce, in milliseconds, between an edit and its validation. */
  validationDelay: number;
}

const DEFAULT_SETTINGS: ServerSettings = { validationDelay: 200 };

interface RawSettings {
  validation?: { delay?: unknown };
}

/** Reads settings through `workspace/configuration` when the client offers it, with defaults otherwise; cached until the client says they changed. */
export class SettingsStore {
  private cache = new Map<string, Promise<ServerSettings>>();
  supported = false;

  constructor(private readonly connection: Connection) {}

  get(uri: string): Promise<ServerSettings> {
    if (!this.supported) return Promise.resolve(DEFAULT_SETTINGS);
    let settings = this.cache.get(uri);
    if (!settings) {
      settings = this.connection.workspace.getConfiguration({ scopeUri: uri, section: 'atpProxy' }).then(
        (raw: RawSettings | null) => normalize(raw),
        () => DEFAULT_SETTINGS,
      );
      this.cache.set(uri, settings);
    }
    return settings;
  }

  forget(uri?: string): void {
    if (uri) this.cache.delete(uri);
    else this.cache.clear();
  }
}

/** Settings from a raw configuration object, invalid values replaced by defaults. */
function normalize(raw: RawSettings | null | undefined): ServerSettings {
  const delay = raw?.validation?.delay;
  return { validationDelay: typeof delay === 'number' && Number.isFinite(delay) && delay >= 0 ? Math.min(delay, 10_000) : DEFAULT_SETTINGS.validationDelay };
}
