import { Browser, expect, Page } from '@playwright/test';
import { email, expectBanner, expectErrorSummary, people, register } from './helpers';
import { logIn } from './moderation-flow';
import { workbookText } from './setup-flow';

/** The demo's consultation open to guests, which holds the demo survey. */
const consultation = '/consultations/5';

/**
 * The consultation's administrator builds a survey (a question refused first, which keeps what
 * was typed; a scale on page 2; a text question shown only after one answer) and makes its
 * results public; a resident answers it page by page (a required question left out first),
 * checks the answers and submits them; the results say how many answered and the
 * administrator, who reads every text answer, publishes one. Without JavaScript every step is
 * a plain form post. `check` runs on each new page.
 */
export async function surveysFlow(
  browser: Browser,
  javaScriptEnabled: boolean,
  check: (page: Page) => Promise<void> = async () => {},
) {
  const context = people(browser, javaScriptEnabled, 120);
  const admin = await (await context()).newPage();
  await logIn(admin, 'admin@posvet.example');
  await admin.goto(consultation);
  await admin.getByRole('link', { name: 'Surveys', exact: true }).click();
  await expect(admin.getByRole('heading', { level: 1, name: 'Surveys' })).toBeVisible();
  // The demo's own survey is listed.
  await expect(admin.getByRole('link', { name: 'Digital services and your data' })).toBeVisible();
  await check(admin);
  const title = `City e-services ${javaScriptEnabled ? 'js' : 'plain'} ${Date.now()}`;
  await admin.getByLabel('Name (Slovenian)').fill(`Mestne e-storitve ${Date.now()}`);
  await admin.getByLabel('Name (English)').fill(title);
  await admin.getByRole('button', { name: 'Create the survey' }).click();
  await expectBanner(admin, 'The survey is created. Add its questions.');
  await expect(admin.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await check(admin);

  // A single choice with one answer only: refused, what was typed kept.
  const form = admin.locator('#question-form');
  await form.getByLabel('Kind of question').selectOption('single');
  await form.getByLabel('Question (Slovenian)').fill('Ali uporabljate mestne e-storitve?');
  await form.getByLabel('Question (English)').fill('Do you use the city’s e-services?');
  await form.getByLabel('Answers (Slovenian)').fill('Da');
  await form.getByRole('button', { name: 'Add the question' }).click();
  await expectErrorSummary(admin, ['Give 2 to 40 items, one per line.']);
  await expect(admin.locator('#question-form').getByLabel('Question (English)')).toHaveValue('Do you use the city’s e-services?');
  await check(admin);
  await admin.locator('#question-form').getByLabel('Answers (Slovenian)').fill('Da\nNe');
  await admin.locator('#question-form').getByLabel('Answers (English)').fill('Yes\nNo');
  await admin.locator('#question-form').getByLabel('An answer is required').check();
  await admin.locator('#question-form').getByRole('button', { name: 'Add the question' }).click();
  await expectBanner(admin, 'The question is saved.');

  // Page 2: a scale, and why not (shown only to those who answered "No").
  const add = async (fill: (f: ReturnType<Page['locator']>) => Promise<void>) => {
    const f = admin.locator('#question-form');
    await fill(f);
    await f.getByRole('button', { name: 'Add the question' }).click();
    await expectBanner(admin, 'The question is saved.');
  };
  await add(async (f) => {
    await f.getByLabel('Kind of question').selectOption('scale');
    await f.getByLabel('Question (Slovenian)').fill('Kako zadovoljni ste z njimi?');
    await f.getByLabel('Question (English)').fill('How satisfied are you with them?');
    await f.getByLabel('Page', { exact: true }).fill('2');
    await f.getByLabel('Lowest point (or smallest number)').fill('1');
    await f.getByLabel('Highest point (or largest number)').fill('5');
    await f.getByLabel('Meaning of the lowest point (English)').fill('not at all');
    await f.getByLabel('Meaning of the highest point (English)').fill('very');
  });
  await add(async (f) => {
    await f.getByLabel('Kind of question').selectOption('short_text');
    await f.getByLabel('Question (Slovenian)').fill('Zakaj ne?');
    await f.getByLabel('Question (English)').fill('Why not?');
    await f.getByLabel('Page', { exact: true }).fill('2');
    await f.getByLabel('No', { exact: true }).check();
  });
  await expect(admin.locator('#questions')).toContainText('Shown when “Do you use the city’s e-services?” is answered “No”');
  await check(admin);
  await admin.getByLabel('The results are public').check();
  await admin.getByRole('button', { name: 'Save settings' }).click();
  await expectBanner(admin, 'Your settings were saved.');
  const survey = new URL(admin.url()).pathname.replace('/build', '');

  // A resident answers from the consultation's page.
  const resident = await (await context()).newPage();
  const address = email('sara');
  await register(resident, 'Survey Sara', address);
  await resident.goto(consultation);
  const card = resident.locator('.survey-card', { hasText: title });
  await card.getByRole('link', { name: 'Start' }).click();
  await expect(resident.getByText('Page 1 of 2')).toBeVisible();
  await check(resident);
  await resident.getByRole('button', { name: 'Save and continue' }).click();
  await expectErrorSummary(resident, ['Answer this question.']);
  await check(resident);
  await resident.getByLabel('No', { exact: true }).check();
  await resident.getByRole('button', { name: 'Save and continue' }).click();
  await expectBanner(resident, 'Your answers are saved.');
  await expect(resident.getByText('Page 2 of 2')).toBeVisible();
  await resident.locator('.scale label').filter({ hasText: /^4$/ }).click();
  await resident.getByLabel('Why not?').fill('I did not know about them.');
  await check(resident);
  await resident.getByRole('button', { name: 'Save and check your answers' }).click();
  await expect(resident.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const answers = resident.locator('.check-list');
  await expect(answers.first()).toContainText('No');
  await expect(answers.nth(1)).toContainText('I did not know about them.');
  await check(resident);
  await resident.getByRole('button', { name: 'Submit your answers' }).click();
  await expectBanner(resident, 'Thank you! Your answers are submitted.');
  await expect(resident.locator('main')).toContainText('You submitted your answers on');

  // Public results: too few to show yet; the administrator sees them and the texts.
  await resident.goto(`${survey}/results`);
  await expect(resident.locator('main')).toContainText('The results are shown once at least 5 responses are submitted.');
  await check(resident);
  await admin.goto(`${survey}/results`);
  await expect(admin.locator('.figures').first()).toContainText('1');
  await expect(admin.locator('.text-answers')).toContainText('I did not know about them.');
  await check(admin);
  await admin.getByRole('button', { name: 'Publish' }).click();
  await expectBanner(admin, 'The answer is published on the results page.');
  await expect(admin.locator('.text-answers .tag')).toHaveText('Published');

  // The responses as a workbook, text answers included (audited), read back by openpyxl:
  // the answers, the summary, nobody's address.
  await admin.goto(`${survey}/build`);
  await admin.getByLabel('Workbook: responses and summary (XLSX)').check();
  await admin.getByLabel('Include text answers').check();
  const [download] = await Promise.all([
    admin.waitForEvent('download'),
    admin.locator('#export').getByRole('button', { name: 'Download' }).click(),
  ]);
  expect(download.suggestedFilename()).toMatch(/^posvet-survey-\d+-responses-\d{4}-\d{2}-\d{2}\.xlsx$/);
  const workbook = workbookText(await download.path());
  expect(workbook).toContain('sheet responses');
  expect(workbook).toContain('sheet summary');
  expect(workbook).toContain('I did not know about them.');
  expect(workbook).toContain('How satisfied are you with them?');
  expect(workbook).not.toContain(address);

  // The demo survey's results, with a breakdown by district.
  await resident.goto('/surveys/1/results');
  await resident.getByLabel('Break down by').selectOption({ label: 'District' });
  await resident.getByRole('button', { name: 'Show' }).click();
  await expect(resident.locator('table.crosstab').first()).toContainText('< 5');
  await check(resident);
}
