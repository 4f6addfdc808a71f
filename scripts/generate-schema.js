// Writes syntaxes/atp-proxy-manifest.schema.json from the validator's shape (run after `npm run compile-tests`).
// With --stdout it prints the text instead: the unit tests compare it with the shipped file, so a stale schema fails.
'use strict';
const fs = require('fs');
const path = require('path');
const { manifestJsonSchema } = require('../out/src/core/manifest/jsonSchema');

const text = `${JSON.stringify(manifestJsonSchema(), null, 2)}\n`;
if (process.argv.includes('--stdout')) process.stdout.write(text);
else fs.writeFileSync(path.join(__dirname, '..', 'syntaxes', 'atp-proxy-manifest.schema.json'), text);
