// Browser tests of the tuanthu console: playwright-core drives Debian's
// Chromium (/usr/bin/chromium, headless, no sandbox, background networking
// off) against `tuanthu demo` on loopback ports.
//
// Run: cargo build -p tuanthu && cd e2e && npm ci && npm test
// (TUANTHU_BIN overrides the binary, CHROMIUM the browser.)

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const BIN = process.env.TUANTHU_BIN || join(here, '..', 'target', 'debug', 'tuanthu');
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
const FLAGS = [
  '--no-sandbox',
  '--headless=new',
  '--disable-background-networking',
  '--disable-background-timer-throttling',
  '--disable-component-update',
  '--disable-default-apps',
  '--disable-domain-reliability',
  '--disable-client-side-phishing-detection',
  '--disable-sync',
  '--disable-extensions',
  '--metrics-recording-only',
  '--no-first-run',
  '--no-default-browser-check',
  '--no-pings',
  '--disable-features=Translate,OptimizationHints,MediaRouter,AutofillServerCommunication',
  '--disable-dev-shm-usage',
];

let demo, browser, service, admin, adminPassword, totpSecret, operatorPassword, dbUrl;
const work = mkdtempSync(join(tmpdir(), 'tuanthu-e2e-'));

function base32Decode(s) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0, value = 0;
  const out = [];
  for (const c of s.replace(/=+$/, '').toUpperCase()) {
    value = (value << 5) | alphabet.indexOf(c);
    bits += 5;
    if (bits >= 8) { bits -= 8; out.push((value >>> bits) & 0xff); }
  }
  return Buffer.from(out);
}

/** RFC 6238 TOTP (HMAC-SHA1, 30 s, 6 digits), for the step `offset` steps from now. */
function totp(secret, offset = 0) {
  const counter = Math.floor(Date.now() / 1000 / 30) + offset;
  const buf = Buffer.alloc(8);
  buf.writeBigUInt64BE(BigInt(counter));
  const h = createHmac('sha1', base32Decode(secret)).update(buf).digest();
  const o = h[h.length - 1] & 15;
  return String((h.readUInt32BE(o) & 0x7fffffff) % 1000000).padStart(6, '0');
}

before(async () => {
  const env = { ...process.env };
  delete env.TUANTHU_DATABASE_URL;
  delete env.TUANTHU_RULE_PACK;
  demo = spawn(BIN, ['demo', '--listen', '127.0.0.1:0', '--admin-listen', '127.0.0.1:0'], {
    cwd: work,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('demo did not start:\n' + out)), 120000);
    demo.stdout.on('data', (d) => {
      out += d;
      if (out.includes('/admin/')) { clearTimeout(timer); resolve(); }
    });
    demo.on('exit', (code) => reject(new Error(`demo exited ${code}:\n${out}`)));
  });
  service = out.match(/console:\s+(http:\/\/[^/\s]+)/)[1];
  admin = out.match(/admin:\s+(http:\/\/[^/\s]+)\/admin\//)[1];
  adminPassword = out.match(/mật khẩu \/ pass:\s+(\S+)/)[1];
  totpSecret = out.match(/khóa TOTP:\s+(\S+)/)[1];
  operatorPassword = out.match(/demo-vanhanh \/ (\S+)/)[1];
  dbUrl = out.match(/demo database: (\S+)/)[1];
  // A user to lock out (added to the running demo's database).
  execFileSync(BIN, ['--db', dbUrl, 'user', 'add', 'e2e-khoa', '--role', 'leader', '--password-stdin'], {
    input: 'Khóa-tạm#2025\n',
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
});

after(async () => {
  if (browser) await browser.close();
  if (demo) demo.kill('SIGTERM');
});

async function login(page, base, user, password, code) {
  await page.goto(base + '/login');
  await page.fill('input[name=username]', user);
  await page.fill('input[name=password]', password);
  if (code !== undefined) await page.fill('input[name=totp]', code);
  await page.click('button[type=submit]');
}

// The demo admin's TOTP steps can each be used once: wait for a fresh step.
let lastStep = -1;
async function freshCode() {
  while (Math.floor(Date.now() / 30000) === lastStep) await new Promise((r) => setTimeout(r, 500));
  lastStep = Math.floor(Date.now() / 30000);
  return totp(totpSecret);
}

let adminContext;
async function adminPage() {
  if (!adminContext) {
    adminContext = await browser.newContext({ acceptDownloads: true });
    const page = await adminContext.newPage();
    await login(page, service, 'demo-admin', adminPassword, await freshCode());
    await page.waitForURL(service + '/');
    return page;
  }
  return adminContext.newPage();
}

test('log in with TOTP; the console is in Vietnamese and renders its diacritics', async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await login(page, service, 'demo-admin', adminPassword, '');
  assert.match(await page.textContent('body'), /Sai hoặc thiếu mã xác thực TOTP/);
  await ctx.close();
  const p = await adminPage();
  await p.goto(service + '/');
  assert.equal(await p.getAttribute('html', 'lang'), 'vi');
  const text = await p.innerText('body');
  assert.match(text, /Tổng quan tuân thủ/);
  assert.match(text, /Theo chương, điều/);
  assert.doesNotMatch(text, /Ã|Â»|�/);
  // Glyphs are drawn: the heading with diacritics has a real width.
  const width = await p.evaluate(() => document.querySelector('h1').getBoundingClientRect().width);
  assert.ok(width > 100, `heading width ${width}`);
  // The trend chart is inline SVG drawn by the server.
  assert.ok(await p.locator('.chart svg polyline').count() >= 1);
  await p.screenshot({ path: join(work, 'dashboard.png') });
});

test('five failed logins lock the user out', async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  for (let i = 0; i < 5; i++) {
    await login(page, service, 'e2e-khoa', 'Sai-mật#khẩu1');
    assert.match(await page.textContent('body'), /Sai tên đăng nhập hoặc mật khẩu/);
  }
  await login(page, service, 'e2e-khoa', 'Khóa-tạm#2025');
  assert.match(await page.textContent('body'), /bị khóa tạm thời/);
  assert.equal(page.url(), service + '/login');
  await ctx.close();
});

test('import a file with a bad row and see the row and column', async () => {
  const page = await adminPage();
  await page.goto(service + '/imports');
  const file = join(work, 'units.csv');
  writeFileSync(file, 'code,name,parent_code,roles\nX1,Đơn vị thử,,owner\nX2,,X1,\nX3,Đơn vị ba,X1,khong_co\n');
  await page.setInputFiles('input[type=file]', file);
  await page.click('form[hx-post="/imports"] button[type=submit]');
  await page.waitForSelector('#import-error-rows', { timeout: 20000 });
  const rows = await page.locator('#import-error-rows tr').allInnerTexts();
  assert.ok(rows.some((r) => /\b3\b/.test(r) && /name/.test(r)), rows.join('\n'));
  assert.ok(rows.some((r) => /\b4\b/.test(r) && /roles/.test(r)), rows.join('\n'));
  assert.match(await page.textContent('#import-errors'), /không dữ liệu nào được nhập/);
});

test('filter findings by status and rule', async () => {
  const page = await adminPage();
  await page.goto(service + '/findings');
  await page.selectOption('select[name=status]', 'fail');
  await page.selectOption('select[name=rule]', 'PWD-AGE-USER');
  await page.click('form.filters button[type=submit]');
  await page.waitForURL(/status=fail/);
  assert.match(page.url(), /rule=PWD-AGE-USER/);
  const rules = await page.locator('table tr td:nth-child(2)').allInnerTexts();
  assert.ok(rules.length > 0, 'no rows');
  assert.ok(rules.every((r) => r.trim() === 'PWD-AGE-USER'), rules.join(','));
  const statuses = await page.locator('table tr td:nth-child(1)').allInnerTexts();
  assert.ok(statuses.every((s) => s.trim() === 'vi phạm'), statuses.join(','));
});

test('export the filtered findings as XLSX', async () => {
  const page = await adminPage();
  await page.goto(service + '/findings?status=fail&rule=ACCT-DORMANT');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('a:text("XLSX")')]);
  const path = join(work, 'findings.xlsx');
  await download.saveAs(path);
  const bytes = readFileSync(path);
  assert.equal(bytes.subarray(0, 2).toString(), 'PK');
  assert.match(download.suggestedFilename(), /\.xlsx$/);
});

test('an operator of one unit cannot see another unit', async () => {
  // Find a system the operator's unit (KV01) has nothing to do with, as the admin.
  const a = await adminPage();
  // (In-page fetch: the browser sends the session cookie as it would for the console.)
  const getJson = (p, url) => p.evaluate(async (u) => (await fetch(u)).json(), url);
  await a.goto(service + '/');
  const systems = await getJson(a, '/api/v1/systems');
  const units = await getJson(a, '/api/v1/units');
  assert.ok(Array.isArray(units) && Array.isArray(systems), JSON.stringify(units));
  const under = new Set(['KV01']);
  let grew = true;
  while (grew) {
    grew = false;
    for (const u of units) if (u.parent_code && under.has(u.parent_code) && !under.has(u.code)) { under.add(u.code); grew = true; }
  }
  const foreign = systems.find((s) => ![s.owner_unit, s.operator_unit, s.security_unit].some((u) => under.has(u)));
  assert.ok(foreign, 'a system outside KV01');
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  await login(page, service, 'demo-vanhanh', operatorPassword);
  await page.waitForURL(service + '/');
  await page.goto(service + '/systems');
  const listed = await page.locator('table').innerText();
  assert.ok(!listed.includes(foreign.system_id), `${foreign.system_id} listed`);
  const r = await page.goto(service + '/systems/' + encodeURIComponent(foreign.system_id));
  assert.equal(r.status(), 404);
  const api = await getJson(page, '/api/v1/findings?status=all&system=' + encodeURIComponent(foreign.system_id));
  // Only findings about accounts of KV01's own staff on that system may show
  // (they concern KV01 too); never the system itself.
  assert.ok(Array.isArray(api));
  assert.ok(api.every((f) => f.subject_kind === 'account'), JSON.stringify(api.slice(0, 3)));
  await page.goto(service + '/findings?unit=KV02');
  assert.equal(await page.locator('table tr td').count(), 0);
  await ctx.close();
});

test('the admin page is unreachable on the service port and served on the admin port', async () => {
  const ctx = await browser.newContext();
  const page = await ctx.newPage();
  for (const path of ['/admin/', '/admin/users', '/admin/login']) {
    const r = await page.goto(service + path);
    assert.equal(r.status(), 404, path);
  }
  const r = await page.goto(admin + '/admin/users');
  assert.equal(r.status(), 200);
  assert.equal(page.url(), admin + '/admin/login');
  assert.match(await page.textContent('h1'), /Quản trị tuanthu/);
  await ctx.close();
});
