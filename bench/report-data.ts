// What bench/seed.ts writes and bench/reports.ts relies on: the accounts and the end of the seeded history.

/** Everyone's password in a seeded database. */
export const BENCH_PASSWORD = 'bench-password-1';
export const BENCH_ADMIN = 'bench-admin';
export const benchUser = (i: number) => `bench-user-${String(i + 1).padStart(3, '0')}`;
/** The seeded history ends at this instant (fixed, so runs are comparable); the benchmarks query around it. */
export const SEED_END = Date.UTC(2026, 10, 27, 12, 0, 0) / 1000;
