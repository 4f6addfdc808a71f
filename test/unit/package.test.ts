// package.json is the extension's contract with VS Code: every path it names must exist, and the
// commands it contributes must be exactly those the extension registers.
import * as assert from 'assert';
import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';
import { createCommands } from '../../src/extension/commands';
import { ReportActions } from '../../src/extension/connectivity/reportActions';
import { ResultStore } from '../../src/extension/connectivity/resultStore';
import { createFleetCommands } from '../../src/extension/commands/fleet';
import { FleetModel } from '../../src/extension/fleet/fleetModel';
import { MachineModel } from '../../src/extension/machine/machineModel';
import { LANGUAGE_ID } from '../../src/extension/manifestGlob';
import { fakeHost } from './support/fakeExtensionHost';
import { fakeFleetHost } from './support/fakeFleetHost';

const ROOT = path.resolve(__dirname, '../../..');

interface Contributes {
  languages: { id: string; extensions: string[]; configuration: string; icon?: { light: string; dark: string } }[];
  grammars: { language: string; scopeName: string; path: string }[];
  jsonValidation: { fileMatch: string; url: string }[];
  viewsContainers: { activitybar: { id: string; icon: string }[] };
  views: Record<string, { id: string; icon?: string }[]>;
  viewsWelcome: { view: string }[];
  commands: { command: string; title: string; category: string; icon?: string }[];
  menus: Record<string, { command: string }[]>;
  configuration: { properties: Record<string, { default?: unknown; scope?: string; markdownDescription?: string; description?: string }> };
  walkthroughs: { id: string; steps: { id: string; description: string; media: { markdown?: string; image?: string } }[] }[];
}
interface PackageJson {
  main: string;
  icon: string;
  bin: Record<string, string>;
  engines: { vscode: string };
  activationEvents: string[];
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations?: string[] } };
  contributes: Contributes;
  devDependencies: Record<string, string>;
}

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as PackageJson;
const c = pkg.contributes;

/** dist/<name>.js is produced by the webpack bundle <name>, whose entry source must exist. */
function assertBundle(rel: string): void {
  const m = /^\.?\/?dist\/(\w+)\.js$/.exec(rel);
  assert.ok(m, `${rel} is not a dist bundle`);
  const configs = createRequire(__filename)(path.join(ROOT, 'webpack.config.js')) as { name: string; entry: Record<string, string> }[];
  const config = configs.find((b) => b.name === m[1]);
  assert.ok(config, `webpack.config.js builds no bundle named ${m[1]} (for ${rel})`);
  for (const entry of Object.values(config.entry)) assert.ok(fs.existsSync(path.join(ROOT, entry)), `${entry} (entry of ${rel}) is missing`);
}

function assertFile(rel: string, what: string): void {
  assert.ok(fs.existsSync(path.join(ROOT, rel)), `${what}: ${rel} does not exist`);
}

describe('package.json', () => {
  it('names a main bundle and bins that exist', () => {
    assertBundle(pkg.main);
    assert.deepStrictEqual(Object.keys(pkg.bin).sort(), ['atp-proxy', 'atp-proxy-language-server']);
    for (const [name, rel] of Object.entries(pkg.bin)) {
      assertFile(rel, `bin ${name}`);
      const text = fs.readFileSync(path.join(ROOT, rel), 'utf8');
      assert.ok(text.startsWith('#!/usr/bin/env node'), `bin ${name} has no node shebang`);
      assert.ok(fs.statSync(path.join(ROOT, rel)).mode & 0o111, `bin ${name} is not executable`);
      for (const [, required] of text.matchAll(/require\('\.\.\/(dist\/\w+\.js)'\)/g)) assertBundle(required);
    }
  });

  it('names an icon, grammar, language configuration, schema and view icons that exist', () => {
    assertFile(pkg.icon, 'icon');
    assert.match(pkg.icon, /\.png$/, 'the marketplace icon must be a PNG');
    for (const l of c.languages) {
      assertFile(l.configuration, `language ${l.id} configuration`);
      JSON.parse(fs.readFileSync(path.join(ROOT, l.configuration), 'utf8'));
      if (l.icon) for (const icon of [l.icon.light, l.icon.dark]) assertFile(icon, `language ${l.id} icon`);
    }
    for (const g of c.grammars) {
      assertFile(g.path, `grammar ${g.scopeName}`);
      const grammar = JSON.parse(fs.readFileSync(path.join(ROOT, g.path), 'utf8')) as { scopeName: string };
      assert.strictEqual(grammar.scopeName, g.scopeName);
    }
    for (const v of c.jsonValidation) {
      assertFile(v.url, `jsonValidation ${v.fileMatch}`);
      JSON.parse(fs.readFileSync(path.join(ROOT, v.url), 'utf8'));
    }
    for (const container of c.viewsContainers.activitybar) assertFile(container.icon, `view container ${container.id} icon`);
    for (const views of Object.values(c.views)) for (const v of views) if (v.icon) assertFile(v.icon, `view ${v.id} icon`);
    for (const cmd of c.commands) if (cmd.icon && !cmd.icon.startsWith('$(')) assertFile(cmd.icon, `command ${cmd.command} icon`);
  });

  it('contributes the manifest language for both file extensions, with a grammar and the schema', () => {
    const lang = c.languages.find((l) => l.id === LANGUAGE_ID);
    assert.ok(lang);
    assert.deepStrictEqual([...lang.extensions].sort(), ['.atpproxy.json', '.atpproxy.jsonc']);
    assert.ok(c.grammars.some((g) => g.language === LANGUAGE_ID));
    assert.deepStrictEqual(c.jsonValidation.map((v) => v.fileMatch).sort(), ['*.atpproxy.json', '*.atpproxy.jsonc']);
  });

  it('registers every contributed command and contributes every registered command', () => {
    const host = fakeHost();
    const results = new ResultStore();
    const reports = new ReportActions({ results, ui: host.ui, files: host.files });
    const manifests = { refresh: () => undefined, list: async () => [] };
    const machine = new MachineModel({ ...host, workspace: { activeManifest: () => undefined } }, manifests);
    const fleetHost = fakeFleetHost();
    const fleetCommands = createFleetCommands({ model: new FleetModel(fleetHost), host: fleetHost }, host);
    const fleet = async () => fleetCommands;
    const registered = createCommands({ host, manifests, results, reports, machine, fleet })
      .map((cmd) => cmd.id)
      .sort();
    assert.deepStrictEqual(
      Object.values(fleetCommands).map((cmd) => cmd.id),
      Object.keys(fleetCommands),
      'each Fleet command under its own id',
    );
    const contributed = c.commands.map((cmd) => cmd.command).sort();
    assert.deepStrictEqual(registered, contributed);
    for (const cmd of c.commands) assert.strictEqual(cmd.category, 'ATP Proxy', `${cmd.command} category`);
  });

  it('uses only contributed commands and views in menus and welcome content', () => {
    const commands = new Set(c.commands.map((cmd) => cmd.command));
    for (const [menu, items] of Object.entries(c.menus)) for (const item of items) assert.ok(commands.has(item.command), `${menu}: ${item.command}`);
    const views = new Set(
      Object.values(c.views)
        .flat()
        .map((v) => v.id),
    );
    const containers = new Set(c.viewsContainers.activitybar.map((v) => v.id));
    for (const container of Object.keys(c.views)) assert.ok(containers.has(container) || container === 'explorer', `views in unknown container ${container}`);
    for (const w of c.viewsWelcome) assert.ok(views.has(w.view), `viewsWelcome for unknown view ${w.view}`);
    assert.ok(views.has('atpProxy.manifests'));
  });

  it('activates only on the language, a view or a command', () => {
    assert.ok(pkg.activationEvents.length > 0);
    for (const e of pkg.activationEvents) assert.match(e, /^(onLanguage|onView|onCommand):/, `activation event ${e}`);
  });

  it('declares limited Restricted Mode support, restricting only settings it has', () => {
    const trust = pkg.capabilities.untrustedWorkspaces;
    assert.strictEqual(trust.supported, 'limited');
    for (const key of trust.restrictedConfigurations ?? []) assert.ok(key in c.configuration.properties, `restricted setting ${key} is not contributed`);
    assert.strictEqual(c.configuration.properties['atpProxy.validation.delay'].default, 200);
  });

  it('has a walkthrough whose media exist and whose command links name contributed commands', () => {
    const commands = new Set(c.commands.map((cmd) => cmd.command));
    assert.ok(c.walkthroughs.length > 0);
    for (const w of c.walkthroughs)
      for (const step of w.steps) {
        for (const media of [step.media.markdown, step.media.image]) if (media) assertFile(media, `walkthrough step ${step.id}`);
        for (const [, id] of step.description.matchAll(/\(command:(atpProxy\.[\w.]+)\)/g))
          assert.ok(commands.has(id) || id.endsWith('.focus'), `step ${step.id} links ${id}`);
      }
  });

  it('describes every setting, restricts the machine-touching ones, and never takes the reg command from a workspace', () => {
    const props = c.configuration.properties;
    for (const [key, prop] of Object.entries(props)) {
      assert.ok(key.startsWith('atpProxy.'), key);
      assert.ok(prop.description || prop.markdownDescription, `${key} has no description`);
      assert.ok('default' in prop, `${key} has no default`);
    }
    const restricted = pkg.capabilities.untrustedWorkspaces.restrictedConfigurations ?? [];
    for (const key of ['atpProxy.connectivity.caFiles', 'atpProxy.connectivity.pacUrl', 'atpProxy.registry.command', 'atpProxy.registry.backupDirectory']) {
      assert.ok(key in props, `${key} is not contributed`);
      assert.ok(restricted.includes(key), `${key} is not restricted in untrusted workspaces`);
    }
    // Settings that name a program or a path the extension opens: VS Code drops workspace values of these scopes.
    for (const key of ['atpProxy.registry.command', 'atpProxy.registry.backupDirectory', 'atpProxy.connectivity.caFiles']) {
      assert.ok(['machine', 'application'].includes(props[key].scope ?? ''), `${key} must not be settable by a workspace`);
    }
  });

  it('hides tree-only commands from the palette and offers test and apply only in trusted workspaces in menus', () => {
    const palette = new Map(c.menus.commandPalette.map((m) => [m.command, (m as { when?: string }).when]));
    for (const id of ['atpProxy.reveal', 'atpProxy.testEndpoint']) assert.strictEqual(palette.get(id), 'never', id);
    for (const [menu, items] of Object.entries(c.menus)) {
      if (menu === 'commandPalette') continue;
      for (const item of items as { command: string; when?: string }[]) {
        if (/testConnectivity|testEndpoint|apply|previewApply/i.test(item.command))
          assert.match(item.when ?? '', /isWorkspaceTrusted/, `${menu}: ${item.command}`);
      }
    }
  });

  it('keeps engines.vscode and @types/vscode in step', () => {
    const engine = pkg.engines.vscode.replace(/^\^/, '');
    const types = pkg.devDependencies['@types/vscode'].replace(/^[\^~]/, '');
    assert.strictEqual(types, engine, '@types/vscode must not be newer than engines.vscode');
  });
});
