// Five node bundles: the extension (vscode external; rarely used code in chunks loaded on first use),
// the language server, the CLI (one chunk per command, loaded when it runs), the connectivity engine they share,
// and the PAC worker thread it starts.
'use strict';
const path = require('path');

const CONNECTIVITY = path.resolve(__dirname, 'src/core/connectivity');

/**
 * The connectivity engine is shared: the extension's and the CLI's chunks that test connectivity require one
 * dist/connectivity.js instead of carrying a copy each (its QuickJS PAC sandbox, a 1 MB base64 WebAssembly module,
 * was in the .vsix twice; it now lives in dist/pacWorker.js, which connectivity.js starts as a worker thread).
 * @type {(data: { context?: string, request?: string }, callback: (error?: Error | null, result?: string) => void) => void}
 */
function sharedConnectivity({ context, request }, callback) {
  const target = context && request?.startsWith('.') ? path.resolve(context, request).replace(/\.ts$/, '') : undefined;
  if (target === CONNECTIVITY || target === path.join(CONNECTIVITY, 'index')) return callback(null, 'commonjs ./connectivity.js');
  callback();
}

/**
 * @param {string} name @param {string} entry
 * @param {{ split?: boolean }} [options] split: keep `import()` as webpack chunks (`<name>-<chunk>.js`) loaded on first use
 * @returns {import('webpack').Configuration}
 */
function bundle(name, entry, options = {}) {
  // TypeScript would turn import() into require() under module commonjs; with ES modules webpack sees it and splits.
  const compilerOptions = options.split ? { module: 'es2020', moduleResolution: 'node' } : {};
  return {
    name,
    target: 'node',
    entry: { [name]: entry },
    output: {
      path: path.resolve(__dirname, 'dist'),
      filename: '[name].js',
      chunkFilename: `${name}-[name].js`,
      library: { type: 'commonjs2' },
      devtoolModuleFilenameTemplate: '../[resource-path]',
    },
    devtool: 'source-map',
    externals: options.split ? [{ vscode: 'commonjs vscode' }, sharedConnectivity] : { vscode: 'commonjs vscode' },
    resolve: {
      extensions: ['.ts', '.js'],
      mainFields: ['module', 'main'],
      // jsoncScanner.ts requires the scanner's UMD module (what Node runs under the tests); bundles take its ES module,
      // the one the library's main module imports, so a bundle with both carries one scanner.
      alias: { 'jsonc-parser/lib/umd/impl/scanner': path.resolve(__dirname, 'node_modules/jsonc-parser/lib/esm/impl/scanner.js') },
    },
    module: {
      rules: [{ test: /\.ts$/, exclude: /node_modules/, use: [{ loader: 'ts-loader', options: { transpileOnly: true, compilerOptions } }] }],
    },
    // Each chunk carries its own dependencies, so chunks are named after what loads them (client, connectivity...).
    ...(options.split ? { optimization: { splitChunks: false } } : {}),
    performance: { hints: false },
    infrastructureLogging: { level: 'warn' },
    stats: 'errors-warnings',
  };
}

module.exports = [
  bundle('extension', './src/extension/main.ts', { split: true }),
  bundle('server', './src/server/main.ts'),
  bundle('cli', './src/cli/main.ts', { split: true }),
  bundle('connectivity', './src/core/connectivity/index.ts'),
  // The PAC worker thread (QuickJS and pac-resolver): connectivity.js starts it from dist/pacWorker.js and
  // terminates it when a PAC evaluation outlives its limit.
  bundle('pacWorker', './src/core/connectivity/pacWorker.ts'),
];
