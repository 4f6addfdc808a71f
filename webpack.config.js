// Three node bundles: the extension (vscode external; rarely used code in chunks loaded on first use),
// the language server, the CLI (one chunk per command, loaded when it runs).
'use strict';
const path = require('path');

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
    externals: { vscode: 'commonjs vscode' },
    resolve: { extensions: ['.ts', '.js'], mainFields: ['module', 'main'] },
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
];
