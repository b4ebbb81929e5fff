// Drives LHC-Forms in headless Chromium (puppeteer-core and Debian's /usr/bin/chromium).
// Usage: node lforms.js PAGE QUESTIONNAIRE RESPONSE...
// For each RESPONSE (carepath's export of a persona) the Questionnaire is rendered by LHC-Forms
// and the persona's answers are entered through the page as a person would: clicking the radio
// button or check box of each code, yes or no, typing numbers. LHC-Forms' own export of the
// response (LForms.Util.getFormFHIRData), with the scores it calculated, is written next to
// RESPONSE as .lforms.json, and the page's text as .shown.json. A question shown only under a
// condition (enableWhen) must be absent before that condition holds, appear when it does and
// disappear when it no longer does: checked once per condition, results in QUESTIONNAIRE with
// .json replaced by .conditions.json. Exit status 1 when anything could not be done.
'use strict';
const fs = require('fs');
const path = require('path');
const puppeteer = require('puppeteer-core');

const wait = { visible: true, timeout: 15000 };
const q = (s) => JSON.stringify(s);
// LHC-Forms gives each answer's label the id "<linkId>/<instances>|<value>" and each text
// input "<linkId>/<instances>".
const answerLabel = (link, value) => `label[id^=${q(link + '/')}][id$=${q('|' + value)}]`;
const questionLabel = (link) => `label[id^=${q('label-' + link + '/')}]`;
const codingValue = (c) => `${c.system}|${c.code}`;

function* answered(items) {
  for (const it of items || []) {
    if (it.answer) yield it;
    yield* answered(it.item);
    for (const a of it.answer || []) yield* answered(a.item);
  }
}

async function render(page, questionnaire) {
  await page.evaluate(async (qn) => {
    await LForms.Util.addFormToPage(qn, document.getElementById('form'), { fhirVersion: 'R4' });
  }, questionnaire);
}

async function fill(page, response) {
  for (const it of answered(response.item)) {
    for (const a of it.answer) {
      if ('valueBoolean' in a || 'valueCoding' in a) {
        const sel = answerLabel(it.linkId, 'valueBoolean' in a ? String(a.valueBoolean) : codingValue(a.valueCoding));
        await page.waitForSelector(sel, wait);
        await page.click(sel);
      } else {
        const sel = `input[id^=${q(it.linkId + '/')}]`;
        await page.waitForSelector(sel, wait);
        await page.type(sel, String(a.valueInteger ?? a.valueString));
        await page.keyboard.press('Tab');
      }
    }
  }
}

function find(items, link) {
  for (const it of items || []) {
    if (it.linkId === link) return it;
    const inner = find(it.item, link);
    if (inner) return inner;
  }
  return null;
}

// Each enableWhen on a yes/no or coded question: the item appears and disappears with it.
async function checkConditions(page, questionnaire) {
  const results = [];
  const firstQuestion = (it) => (it.type === 'group' ? (it.item || []).find((c) => c.type !== 'display') : it);
  const walk = async (items) => {
    for (const it of items || []) {
      for (const ew of it.enableWhen || []) {
        const target = firstQuestion(it);
        if (ew.operator !== '=' || !target) continue;
        const on = 'answerBoolean' in ew ? String(ew.answerBoolean) : ew.answerCoding && codingValue(ew.answerCoding);
        const other = (find(questionnaire.item, ew.question)?.answerOption || [])
          .map((o) => o.valueCoding && codingValue(o.valueCoding)).find((v) => v && v !== on);
        const off = 'answerBoolean' in ew ? String(!ew.answerBoolean) : other;
        if (!on || !off) continue;
        await render(page, questionnaire);
        const shown = async () => (await page.$(questionLabel(target.linkId))) !== null;
        const steps = [await shown()];
        await page.click(answerLabel(ew.question, on));
        steps.push(await page.waitForSelector(questionLabel(target.linkId), wait).then(() => true, () => false));
        await page.click(answerLabel(ew.question, off));
        steps.push(await page.waitForSelector(questionLabel(target.linkId), { hidden: true, timeout: 15000 }).then(() => false, () => true));
        results.push({ item: it.linkId, question: ew.question, before: steps[0], when_true: steps[1], when_false: steps[2],
                       ok: !steps[0] && steps[1] && !steps[2] });
      }
      await walk(it.item);
    }
  };
  await walk(questionnaire.item);
  return results;
}

(async () => {
  const [pageFile, questionnaireFile, ...responses] = process.argv.slice(2);
  const questionnaire = JSON.parse(fs.readFileSync(questionnaireFile, 'utf8'));
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--allow-file-access-from-files', '--disable-gpu'],
  });
  let status = 0;
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.error(`page error: ${e.message}`));
    await page.goto('file://' + path.resolve(pageFile), { waitUntil: 'load' });
    await page.waitForFunction(() => window.LForms && LForms.Util && LForms.Util.addFormToPage, { timeout: 30000 });
    for (const file of responses) {
      try {
        await render(page, questionnaire);
        await fill(page, JSON.parse(fs.readFileSync(file, 'utf8')));
        const out = await page.evaluate(() => {
          const el = document.getElementById('form');
          return { response: LForms.Util.getFormFHIRData('QuestionnaireResponse', 'R4', el), shown: [el.innerText] };
        });
        fs.writeFileSync(file.replace(/\.json$/, '.lforms.json'), JSON.stringify(out.response, null, 2));
        fs.writeFileSync(file.replace(/\.json$/, '.shown.json'), JSON.stringify(out.shown, null, 2));
      } catch (e) {
        console.error(`lforms: ${path.basename(file)}: ${e.message}`);
        status = 1;
      }
    }
    const results = await checkConditions(page, questionnaire);
    fs.writeFileSync(questionnaireFile.replace(/\.json$/, '.conditions.json'), JSON.stringify(results, null, 2));
  } catch (e) {
    console.error(`lforms: ${e.stack || e}`);
    status = 1;
  } finally {
    await browser.close();
  }
  process.exit(status);
})();
