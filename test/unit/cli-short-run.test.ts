import * as assert from 'assert';
import { SHORT_RUN_MAX_BYTES, SHORT_RUN_MIN_BYTES, announceInput, isShortRun, preferShortRun } from '../../src/cli/shortRun';
import type { CliIO } from '../../src/cli/io';

describe('CLI: V8 tuned for a short run', () => {
  it('is a short run from 256 KB up to 3 MB of manifests on a Node with Maglev (22 and later), never on Node 20', () => {
    assert.strictEqual(isShortRun(0, 24), false);
    assert.strictEqual(isShortRun(SHORT_RUN_MIN_BYTES - 1, 24), false);
    assert.strictEqual(isShortRun(SHORT_RUN_MIN_BYTES, 24), true);
    assert.strictEqual(isShortRun(SHORT_RUN_MAX_BYTES, 22), true);
    assert.strictEqual(isShortRun(SHORT_RUN_MAX_BYTES + 1, 24), false);
    assert.strictEqual(isShortRun(1_700_000, 20), false);
    assert.strictEqual(isShortRun(1_700_000, 21), false);
  });

  it('turns Turbofan off only for a short run', () => {
    const set: string[] = [];
    assert.strictEqual(
      preferShortRun(1_700_000, 24, (flags) => set.push(flags)),
      true,
    );
    assert.strictEqual(
      preferShortRun(5_000_000, 24, (flags) => set.push(flags)),
      false,
    );
    assert.strictEqual(
      preferShortRun(1_700_000, 20, (flags) => set.push(flags)),
      false,
    );
    assert.deepStrictEqual(set, ['--no-opt']);
  });

  it('announces the sum of the sizes of the files about to be read; a size that cannot be read counts as nothing', () => {
    const sizes: Record<string, number> = { 'a.atpproxy.json': 1000, 'b.atpproxy.json': 2500 };
    const told: number[] = [];
    const io = {
      fileSize: (file: string) => {
        if (!(file in sizes)) throw Object.assign(new Error('no such file'), { code: 'ENOENT' });
        return sizes[file];
      },
      shortRun: (bytes: number) => told.push(bytes),
    } as unknown as CliIO;
    announceInput(io, ['a.atpproxy.json', 'missing.atpproxy.json', 'b.atpproxy.json']);
    assert.deepStrictEqual(told, [3500]);
  });

  it('stops asking for sizes once the files are too large for a short run', () => {
    const asked: string[] = [];
    const told: number[] = [];
    const io = {
      fileSize: (file: string) => {
        asked.push(file);
        return SHORT_RUN_MAX_BYTES / 2 + 1;
      },
      shortRun: (bytes: number) => told.push(bytes),
    } as unknown as CliIO;
    announceInput(io, ['a.json', 'b.json', 'c.json', 'd.json']);
    assert.deepStrictEqual(asked, ['a.json', 'b.json']);
    assert.deepStrictEqual(told, [SHORT_RUN_MAX_BYTES + 2]);
    assert.strictEqual(isShortRun(told[0], 24), false);
  });

  it("does nothing for an IO without a process to tune (the tests' IOs)", () => {
    let asked = false;
    const io = {
      fileSize: () => {
        asked = true;
        return 1;
      },
    } as unknown as CliIO;
    announceInput(io, ['a.atpproxy.json']);
    assert.strictEqual(asked, false);
  });
});
