// Writes syntaxes/atp-proxy-manifest.schema.json from the validator's shape (run after `npm run compile-tests`).
'use strict';
const fs = require('fs');
const path = require('path');
const { manifestJsonSchema } = require('../out/src/core/manifest/jsonSchema');
fs.writeFileSync(path.join(__dirname, '..', 'syntaxes', 'atp-proxy-manifest.schema.json'), `${JSON.stringify(manifestJsonSchema(), null, 2)}\n`);
