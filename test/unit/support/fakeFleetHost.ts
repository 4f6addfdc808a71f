// A FleetHost over the real file system (paths as the "URIs"), recording what it was asked to show.
import * as fs from 'fs';
import * as path from 'path';
import type { FleetHost } from '../../../src/extension/fleet/fleetHost';

export interface FakeFleetHost extends FleetHost {
  /** Answers the next pickFolder calls, in order (undefined = dismissed). */
  folders: (string | undefined)[];
  shown: { title: string; html: string }[];
  context: Map<string, boolean>;
}

export function fakeFleetHost(): FakeFleetHost {
  const host: FakeFleetHost = {
    folders: [],
    shown: [],
    context: new Map(),
    pickFolder: async () => host.folders.shift(),
    fileSystem: {
      kind: async (p) => {
        const stat = fs.statSync(p);
        return stat.isFile() ? 'file' : stat.isDirectory() ? 'directory' : 'other';
      },
      size: async (p) => fs.statSync(p).size,
      read: async (p) => fs.readFileSync(p),
      list: async (p) => fs.readdirSync(p),
      join: (folder, name) => path.join(folder, name),
    },
    showHtml: (title, html) => {
      host.shown.push({ title, html });
    },
    setContext: (key, value) => {
      host.context.set(key, value);
    },
  };
  return host;
}
