import { useTheme } from '../lib/theme';

/** Dark mode on/off; the choice is remembered (localStorage), otherwise the system's preference applies. */
export function ThemeToggle() {
  const [theme, toggle] = useTheme();
  const dark = theme === 'dark';
  return (
    <button
      type="button"
      aria-pressed={dark}
      onClick={toggle}
      data-testid="theme-toggle"
      className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-900 ring-1 ring-slate-400 hover:bg-slate-100"
    >
      <span aria-hidden="true">{dark ? '☾ ' : '☀ '}</span>
      Dark mode
    </button>
  );
}
