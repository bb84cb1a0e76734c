#!/usr/bin/env node
// Live check for .ci/run: regenerates the TF.js corpus with the real TF.js 4.22 into a temporary folder and requires
// every committed cases.json (inputs and TF.js outputs) to be identical to the fresh one, so the committed reference
// numbers are what the pinned peer computes today. Prints "N passed, M failed".
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { execFileSync } = require('child_process');

const committed = path.resolve(__dirname, '../../resources/tfjs');
const fresh = fs.mkdtempSync(path.join(os.tmpdir(), 'tfjs-corpus-'));
execFileSync(process.execPath, [path.join(__dirname, 'gen_corpus.js'), fresh], { stdio: ['ignore', 'ignore', 'inherit'] });
let passed = 0;
let failed = 0;
for (const name of fs.readdirSync(fresh).sort()) {
  const want = JSON.parse(fs.readFileSync(path.join(committed, name, 'cases.json'), 'utf8'));
  const got = JSON.parse(fs.readFileSync(path.join(fresh, name, 'cases.json'), 'utf8'));
  if (JSON.stringify(want.cases) === JSON.stringify(got.cases)) {
    passed++;
  } else {
    failed++;
    console.log('DIFFERS: ' + name + ' (the committed cases.json is not what TF.js computes now)');
  }
}
fs.rmSync(fresh, { recursive: true, force: true });
console.log(`tfjs-corpus: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
