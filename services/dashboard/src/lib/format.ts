// Small formatting helpers for times and store links.

/** "just now", "42s", "5m", "3h 10m", "2d 4h": the age of something created at `iso`. */
export function formatAge(iso: string, nowMs: number): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return '—';
  const s = Math.max(0, Math.floor((nowMs - t) / 1000));
  if (s < 5) return 'just now';
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 ? `${h}h ${m % 60}m` : `${h}h`;
  const d = Math.floor(h / 24);
  return h % 24 ? `${d}d ${h % 24}h` : `${d}d`;
}

/**
 * Date and time with seconds and the time zone, in the browser's locale and zone (12 or 24 h as the locale has
 * it), for timelines, the audit log and tooltips: "Dec 3, 2026, 10:04:05 AM UTC". `locale`/`timeZone` for tests.
 */
export function formatTime(iso: string, locale?: string, timeZone?: string): string {
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(t).toLocaleString(locale, {
    year: 'numeric',
    month: 'short',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    timeZoneName: 'short',
    timeZone,
  });
}

/** Where a store's admin lives: WordPress at /wp-admin, Medusa's admin at /app. */
export function adminUrl(storeUrl: string, engine: string): string | null {
  if (!storeUrl) return null;
  const base = storeUrl.replace(/\/+$/, '');
  if (engine === 'woocommerce') return `${base}/wp-admin`;
  if (engine === 'medusa') return `${base}/app`;
  return null;
}

export function engineLabel(engine: string): string {
  if (engine === 'woocommerce') return 'WooCommerce';
  if (engine === 'medusa') return 'MedusaJS';
  return engine || '…';
}

/**
 * A `*.local` store address (the default --store-domain) resolves only where mDNS, DNS or /etc/hosts points it
 * at the cluster's ingress: most machines cannot open it, and the dashboard says so next to the links.
 */
export function isLocalOnlyUrl(storeUrl: string): boolean {
  try {
    return /\.local$/i.test(new URL(storeUrl).hostname);
  } catch {
    return false;
  }
}
