// Validates FHIR R4 JSON files with the npm `fhir` package (FHIR.js): each file must give no
// message of severity error. Usage: node validate.js FILE...  Prints "PASS file" / "FAIL file".
'use strict';
const fs = require('fs');
const { Fhir } = require('fhir');
const fhir = new Fhir();
let failed = 0;
for (const file of process.argv.slice(2)) {
  const resource = JSON.parse(fs.readFileSync(file, 'utf8'));
  const result = fhir.validate(resource, { errorOnUnexpected: true });
  const errors = (result.messages || []).filter((m) => m.severity === 'error');
  if (result.valid && errors.length === 0) {
    console.log(`PASS validate ${file}`);
  } else {
    failed++;
    console.log(`FAIL validate ${file}`);
    for (const m of errors.slice(0, 10)) console.log(`  ${m.location}: ${m.message}`);
  }
}
process.exit(failed ? 1 : 0);
