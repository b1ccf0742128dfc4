import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.js';
import { heavyWorkLimits } from './heavy-work.js';

describe('heavyWorkLimits', () => {
  it('takes the configured limits on SQLite', () => {
    const config = loadConfig({ HEAVY_WORK_PER_USER: '3', HEAVY_WORK_PER_PROCESS: '7' });
    expect(heavyWorkLimits(config, 'sqlite').limits).toEqual({ perKey: 3, total: 7 });
  });

  it('on PostgreSQL leaves connections of the pool to everyone else, whatever the configuration', () => {
    for (const pool of [1, 2, 3, 4, 6, 10, 11, 50, 200]) {
      const config = loadConfig({ DATABASE_URL: 'postgres://x@127.0.0.1/db', DATABASE_POOL_SIZE: String(pool), HEAVY_WORK_PER_PROCESS: '1000', HEAVY_WORK_PER_USER: '100' });
      const { perKey, total } = heavyWorkLimits(config, 'postgres').limits;
      expect(total).toBeGreaterThanOrEqual(1);
      expect(perKey).toBeLessThanOrEqual(total);
      // Each export holds at most two connections at once; two stay free (a pool this small has no room).
      if (pool >= 4) expect(2 * total).toBeLessThanOrEqual(pool - 2);
    }
    expect(heavyWorkLimits(loadConfig({ DATABASE_URL: 'postgres://x@127.0.0.1/db' }), 'postgres').limits).toEqual({ perKey: 2, total: 4 });
  });
});
