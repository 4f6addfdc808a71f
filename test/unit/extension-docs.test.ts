// The README documents every command, setting and view the extension contributes.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '../../..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  contributes: {
    commands: { command: string }[];
    configuration: { properties: Record<string, unknown> };
    views: Record<string, { name: string }[]>;
    walkthroughs: { title: string }[];
  };
};

describe('README documents the extension', () => {
  it('every command, setting, view and the walkthrough', () => {
    for (const { command } of pkg.contributes.commands) assert.ok(README.includes(`\`${command}\``), `${command} is not in the README`);
    for (const key of Object.keys(pkg.contributes.configuration.properties)) assert.ok(README.includes(`\`${key}\``), `${key} is not in the README`);
    for (const view of Object.values(pkg.contributes.views).flat()) assert.ok(README.includes(`**${view.name}**`), `view ${view.name} is not in the README`);
    for (const w of pkg.contributes.walkthroughs) assert.ok(README.includes(w.title), `walkthrough ${w.title} is not in the README`);
  });
});
