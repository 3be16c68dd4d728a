// Helpers for the store list at fleet scale: what rows are rendered, what the summary line says, the URL's filters.

/** The rows in the DOM (the list is virtual: those near the viewport), in order. */
export function renderedRows(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="store-row"]')].map((r) => ({
      name: r.getAttribute('data-store'),
      status: r.getAttribute('data-status'),
      engine: r.getAttribute('data-engine'),
      warning: r.getAttribute('data-warning'),
      owner: r.children[4]?.textContent ?? '',
    })),
  );
}

/** "Showing N of TOTAL stores" as numbers (from its data attributes). */
export async function summary(page) {
  const el = page.getByTestId('list-summary');
  return { shown: Number(await el.getAttribute('data-shown')), total: Number(await el.getAttribute('data-total')), text: await el.textContent() };
}

/** Waits until the summary line says `shown` of `total` (either may be null = any). */
export async function waitForSummary(page, shown, total, timeout = 15_000) {
  await page.waitForFunction(
    ([s, t]) => {
      const el = document.querySelector('[data-testid="list-summary"]');
      if (!el || el.textContent === 'Loading…') return false;
      return (s === null || el.getAttribute('data-shown') === String(s)) && (t === null || el.getAttribute('data-total') === String(t));
    },
    [shown, total],
    { timeout },
  );
}

/** The list's filters from the page's URL (the hash's query part). */
export async function urlFilters(page) {
  const hash = new URL(page.url()).hash;
  const q = hash.indexOf('?');
  return Object.fromEntries(new URLSearchParams(q === -1 ? '' : hash.slice(q + 1)));
}

/** The mock's list requests made since `from`, as URLSearchParams. */
export const listRequestsSince = (api, from) => api.listRequests.slice(from).map((s) => new URLSearchParams(s));
