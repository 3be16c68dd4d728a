// The e2e steps for a store's spec changes (PATCH /api/stores/:name) against the real stack: a WooCommerce store
// created on 9.7.1 from the form (the catalogue's select: default preselected, the deprecated 9.6.2 not offered)
// becomes Ready; Upgrade… → 9.8.5 shows Upgrading then Ready on 9.8.5 live; the way back to 9.7.1 (an older data
// format) is listed as refused and not choosable, and the API indeed refuses it (422 with the reason); Suspend →
// Suspended, Resume → Ready. All on one page load, status changes arriving over SSE.
import { accessibilityProblems } from './accessibility.mjs';
import { check, log, rowOf, shot, waitForStatus } from './dashboardPage.mjs';

const STORE = 'e2e-versions';

/** Records every status the store page shows (data-status of the detail section), to prove it moved live. */
async function recordDetailStatuses(page) {
  await page.evaluate(() => {
    const seen = (window.__detailStatuses = []);
    const note = () => {
      const st = document.querySelector('[data-testid="store-detail"]')?.getAttribute('data-status') ?? '(none)';
      if (seen[seen.length - 1] !== st) seen.push(st);
    };
    note();
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
  });
  return () => page.evaluate(() => window.__detailStatuses);
}

/** Waits until the page showed `wanted` in order (since the `from`-th recorded status) and now shows the last. */
async function waitForStatuses(page, from, wanted, timeout) {
  await page.waitForFunction(
    ({ from, wanted }) => {
      const seen = window.__detailStatuses.slice(from);
      let i = 0;
      for (const w of wanted) {
        i = seen.indexOf(w, i) + 1;
        if (i === 0) return false;
      }
      return seen.at(-1) === wanted.at(-1);
    },
    { from, wanted },
    { timeout },
  );
}

const detailIs = (page, status, timeout) => page.locator(`[data-testid="store-detail"][data-status="${status}"]`).waitFor({ timeout });
const optionTexts = (select) => select.locator('option').evaluateAll((os) => os.map((o) => ({ value: o.value, text: o.textContent, disabled: o.disabled })));

export async function versionLifecycle({ page, stack, shots, timeout }) {
  // Create on 9.7.1 from the form.
  const version = page.getByLabel('Version', { exact: true });
  await version.waitFor();
  const offered = await optionTexts(version);
  check((await version.inputValue()) === '9.8.5', `the catalogue's default is preselected (${await version.inputValue()})`);
  check(offered.map((o) => o.value).join(',') === '9.8.5,9.7.1', `the form offers 9.8.5 and 9.7.1, not the deprecated 9.6.2 (${offered.map((o) => o.value)})`);
  await page.getByLabel('Store name').fill(STORE);
  await page.getByLabel('Engine', { exact: true }).selectOption('woocommerce');
  await version.selectOption('9.7.1');
  await page.getByRole('button', { name: 'Create store' }).click();
  await page.getByText(`Request for ${STORE} accepted.`, { exact: true }).waitFor();
  await waitForStatus(page, STORE, 'Ready', timeout);
  const row = await (await fetch(`${stack.url}/api/stores/${STORE}`, { headers: stack.authHeaders() })).json();
  check(row.version === '9.7.1', `the store was created on 9.7.1 (${row.version})`);

  // Its page shows the version; Upgrade… offers 9.8.5 only (not the current one, not the deprecated one).
  await rowOf(page, STORE).getByRole('link', { name: STORE }).click();
  await detailIs(page, 'Ready');
  const shownVersion = page.getByTestId('store-version');
  check((await shownVersion.textContent()) === '9.7.1', 'the page shows version 9.7.1');
  const statuses = await recordDetailStatuses(page);
  await page.getByRole('button', { name: 'Upgrade…' }).click();
  const upgrade = page.getByRole('dialog', { name: `Upgrade ${STORE}?` });
  const target = upgrade.getByLabel('Target version');
  await target.waitFor();
  const targets = await optionTexts(target);
  check(targets.length === 1 && targets[0].value === '9.8.5' && targets[0].text.includes('WooCommerce 9.8.5'),
    `the only target is 9.8.5 with its summary (${JSON.stringify(targets)})`);
  check(/older data format is refused/.test((await upgrade.textContent()) ?? ''), 'the dialog says a move down to an older data format is refused');
  const a11y = await accessibilityProblems(page);
  check(a11y.length === 0, `no serious accessibility problems with the upgrade dialog open:\n${a11y.join('\n')}`);
  await shot(page, shots, 'e2e-11-upgrade-dialog.png');
  await upgrade.getByRole('button', { name: 'Upgrade to 9.8.5' }).click();

  // Upgrading, then Ready on 9.8.5, without reloading.
  await waitForStatuses(page, 0, ['Ready', 'Upgrading', 'Ready'], timeout);
  const upgraded = await statuses();
  log(`${STORE} statuses during the upgrade:`, upgraded.join(' → '));
  await page.waitForFunction(() => document.querySelector('[data-testid="store-version"]')?.textContent === '9.8.5');
  await shot(page, shots, 'e2e-12-upgraded.png');

  // The way back to 9.7.1 is listed as refused and cannot be chosen; the API refuses it with its reason.
  await page.getByRole('button', { name: 'Upgrade…' }).click();
  await upgrade.getByLabel('Target version').waitFor();
  const back = await optionTexts(upgrade.getByLabel('Target version'));
  const down = back.find((o) => o.value === '9.7.1');
  check(down?.disabled === true && /older data format: refused/.test(down.text), `9.7.1 is listed as refused (${JSON.stringify(back)})`);
  check(await upgrade.getByRole('button', { name: /^Upgrade/ }).isDisabled(), 'nothing to confirm without an allowed target');
  await upgrade.getByRole('button', { name: 'Cancel' }).click();
  const refused = await fetch(`${stack.url}/api/stores/${STORE}`, {
    method: 'PATCH',
    headers: stack.authHeaders({ 'Content-Type': 'application/merge-patch+json' }),
    body: JSON.stringify({ version: '9.7.1' }),
  });
  const reason = (await refused.json()).error?.details?.find((d) => d.field === 'version')?.message ?? '';
  check(refused.status === 422 && /data format/.test(reason), `the API refuses the downgrade (${refused.status}: ${reason})`);
  check((await shownVersion.textContent()) === '9.8.5', 'still on 9.8.5');

  // Suspend → Suspended (workloads stop, data kept), Resume → Ready.
  await page.getByRole('button', { name: 'Suspend', exact: true }).click();
  const suspend = page.getByRole('dialog', { name: `Suspend ${STORE}?` });
  check(/data is kept/.test((await suspend.textContent()) ?? ''), 'the suspend dialog says the data is kept');
  await suspend.getByRole('button', { name: 'Suspend store' }).click();
  await waitForStatuses(page, upgraded.length, ['Upgrading', 'Suspended'], timeout);
  await page.getByTestId('suspended').waitFor();
  await shot(page, shots, 'e2e-13-suspended.png');
  await page.getByRole('button', { name: 'Resume', exact: true }).click();
  await page.getByRole('dialog', { name: `Resume ${STORE}?` }).getByRole('button', { name: 'Resume store' }).click();
  await waitForStatuses(page, upgraded.length, ['Upgrading', 'Suspended', 'Upgrading', 'Ready'], timeout);
  log(`${STORE} statuses on its page:`, (await statuses()).join(' → '));
  const after = await (await fetch(`${stack.url}/api/stores/${STORE}`, { headers: stack.authHeaders() })).json();
  check(after.version === '9.8.5' && after.suspended === false, `the API agrees: 9.8.5, not suspended (${after.version}, ${after.suspended})`);
  log(`${STORE}: created on 9.7.1, upgraded to 9.8.5, downgrade refused, suspended and resumed`);
}
