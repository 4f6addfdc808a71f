// Three node bundles: the extension (vscode external), the language server, the CLI.
'use strict';
const path = require('path');

/** @param {string} name @param {string} entry @returns {import('webpack').Configuration} */
function bundle(name, entry) {
  return {
    name,
    target: 'node',
    entry: { [name]: entry },
    output: {
      path: path.resolve(__dirname, 'dist'),
      filename: '[name].js',
      library: { type: 'commonjs2' },
      devtoolModuleFilenameTemplate: '../[resource-path]',
    },
    devtool: 'source-map',
    externals: { vscode: 'commonjs vscode' },
    resolve: { extensions: ['.ts', '.js'], mainFields: ['module', 'main'] },
    module: {
      rules: [{ test: /\.ts$/, exclude: /node_modules/, use: [{ loader: 'ts-loader', options: { transpileOnly: true } }] }],
    },
    performance: { hints: false },
    infrastructureLogging: { level: 'warn' },
    stats: 'errors-warnings',
  };
}

module.exports = [
  bundle('extension', './src/extension/main.ts'),
  bundle('server', './src/server/main.ts'),
  bundle('cli', './src/cli/main.ts'),
];
