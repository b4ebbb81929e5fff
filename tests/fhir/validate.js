// Validates FHIR R4 JSON files with the npm `fhir` package (FHIR.js): each file must give no
// message of severity error. Usage: node validate.js FILE...  Prints "PASS file" / "FAIL file".
'use strict';
const fs = require('fs');
const { Fhir } = require('fhir');
const fhir = new Fhir();
let failed = 0;

// FHIR.js 4.12.0 finds a required choice element (value[x], answer[x]) by truthiness, so it
// calls answerBoolean: false or valueInteger: 0 a "Missing property" (validator.js,
// `!!obj[nextProperty._name]`). Such a message is dropped only when the element does hold a
// false or 0 of one of its choice types.
function falseChoice(resource, message) {
  if (message.message !== 'Missing property' || !/\[x\]$/.test(message.location)) return false;
  const steps = message.location.split('.').slice(1);
  const choice = steps.pop().replace('[x]', '');
  let node = resource;
  for (const step of steps) {
    const m = step.match(/^(\w+)(?:\[(\d+)\])?$/);
    if (!m || node == null) return false;
    node = node[m[1]];
    if (m[2] !== undefined) node = node && node[Number(m[2])];
  }
  return !!node && Object.keys(node).some((k) => k.startsWith(choice) && /^[A-Z]/.test(k.slice(choice.length)) &&
    (node[k] === false || node[k] === 0));
}
for (const file of process.argv.slice(2)) {
  const resource = JSON.parse(fs.readFileSync(file, 'utf8'));
  const result = fhir.validate(resource, { errorOnUnexpected: true });
  const errors = (result.messages || []).filter((m) => m.severity === 'error' && !falseChoice(resource, m));
  if (errors.length === 0) {
    console.log(`PASS validate ${file}`);
  } else {
    failed++;
    console.log(`FAIL validate ${file}`);
    for (const m of errors.slice(0, 10)) console.log(`  ${m.location}: ${m.message}`);
  }
}
process.exit(failed ? 1 : 0);
