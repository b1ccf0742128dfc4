// What the keyboard is called where the app runs: Apple keyboards say ⌘ where others say Ctrl.
export const IS_MAC = typeof navigator !== 'undefined' && /Mac|iPhone|iPad/.test(navigator.platform || navigator.userAgent);

/** The command palette's shortcut as printed on this platform's keys. */
export const PALETTE_KEYS = IS_MAC ? '⌘K' : 'Ctrl K';
