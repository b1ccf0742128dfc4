// Light/dark theme: `data-theme` on <html> drives the CSS custom properties. The last choice is remembered
// in localStorage so a reload paints in the right theme before the session has loaded.
import type { Theme } from '../api/types.js';

const KEY = 'tt-theme';
const media = typeof window !== 'undefined' && window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;
let current: Theme = 'system';

function paint(): void {
  const dark = current === 'dark' || (current === 'system' && media?.matches === true);
  const root = document.documentElement;
  root.dataset.theme = dark ? 'dark' : 'light';
  root.style.colorScheme = dark ? 'dark' : 'light';
}

media?.addEventListener('change', () => {
  if (current === 'system') paint();
});

export function applyTheme(theme: Theme): void {
  current = theme;
  try {
    localStorage.setItem(KEY, theme);
  } catch {
    // storage may be unavailable (private mode); the theme still applies
  }
  paint();
}

export function applyStoredTheme(): void {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(KEY);
  } catch {
    stored = null;
  }
  current = stored === 'dark' || stored === 'light' ? stored : 'system';
  paint();
}
