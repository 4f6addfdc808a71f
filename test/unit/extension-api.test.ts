import * as assert from 'assert';
import * as sinon from 'sinon';
import { exposedApi, type TestingApi } from '../../src/extension/api';

describe('extension: the exported API', () => {
  const api = { languageServerReady: Promise.resolve(true), commandIds: ['atpProxy.validate'], listManifests: async () => [] };
  const testing = { fake: () => () => undefined } as unknown as TestingApi;

  it('an installed copy (production mode) exposes no test seams and never builds them', () => {
    const factory = sinon.spy(() => testing);
    const exposed = exposedApi('production', api, factory);
    assert.strictEqual('testing' in exposed, false);
    assert.strictEqual(factory.called, false);
    assert.deepStrictEqual(Object.keys(exposed).sort(), ['commandIds', 'languageServerReady', 'listManifests']);
  });

  for (const mode of ['test', 'development'] as const) {
    it(`${mode} mode exposes the seams the host tests use`, () => {
      assert.strictEqual(exposedApi(mode, api, () => testing).testing, testing);
    });
  }
});
