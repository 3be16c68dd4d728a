// Runs axe-core (WCAG 2 A/AA rules: labels, contrast, roles, names) in the page and reports what it finds.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/** Violations of impact serious or critical, as readable lines (empty when the page passes). */
export async function accessibilityProblems(page) {
  // Evaluated through DevTools rather than added as a <script>: the dashboard's CSP (default-src 'self')
  // rightly blocks inline scripts, and the test must not weaken it.
  if (!(await page.evaluate(() => typeof window.axe === 'object'))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(' ')) }));
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} at ${v.nodes.join(', ')}`);
}
