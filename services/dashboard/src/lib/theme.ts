// Light or dark: the system's preference (prefers-color-scheme) until the user picks one with the header's
// toggle; the pick is kept in localStorage. The choice is a class on <html> (see src/theme-dark.css).
import { useCallback, useEffect, useState } from 'react';

export type Theme = 'light' | 'dark';
export const THEME_KEY = 'storefleet-theme';

function storedTheme(): Theme | null {
  try {
    const v = window.localStorage.getItem(THEME_KEY);
    return v === 'light' || v === 'dark' ? v : null;
  } catch {
    return null; // storage refused (privacy settings): follow the system
  }
}

const systemDark = () => window.matchMedia?.('(prefers-color-scheme: dark)').matches ?? false;

export function applyTheme(theme: Theme) {
  document.documentElement.classList.toggle('dark', theme === 'dark');
}

/** Before the first render, so the page does not flash light first. */
export function initTheme() {
  applyTheme(storedTheme() ?? (systemDark() ? 'dark' : 'light'));
}

export function useTheme(): [Theme, () => void] {
  const [theme, setTheme] = useState<Theme>(() => storedTheme() ?? (systemDark() ? 'dark' : 'light'));

  // Without a pick of its own, the page follows the system when it changes.
  useEffect(() => {
    const mq = window.matchMedia?.('(prefers-color-scheme: dark)');
    if (!mq) return;
    const onChange = () => {
      if (storedTheme() === null) setTheme(mq.matches ? 'dark' : 'light');
    };
    mq.addEventListener('change', onChange);
    return () => mq.removeEventListener('change', onChange);
  }, []);

  useEffect(() => applyTheme(theme), [theme]);

  const toggle = useCallback(() => {
    setTheme((t) => {
      const next: Theme = t === 'dark' ? 'light' : 'dark';
      try {
        window.localStorage.setItem(THEME_KEY, next);
      } catch {
        // not kept, but applied for this page
      }
      return next;
    });
  }, []);
  return [theme, toggle];
}
