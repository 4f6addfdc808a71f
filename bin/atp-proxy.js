#!/usr/bin/env node
'use strict';
// V8's compile cache (Node >= 22.1): later runs skip parsing and compiling the CLI's chunks, most of a pipeline's
// cold start after Node's own. Older Nodes have no such function and run as before.
require('node:module').enableCompileCache?.();
require('../dist/cli.js')
  .run(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
