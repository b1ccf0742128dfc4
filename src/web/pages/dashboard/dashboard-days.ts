// The days the dashboard sums and draws, in the user's time zone and week start.
import { nowEpoch, type TimeFormat } from '../../lib/time.js';

export interface DashboardDays {
  today: number;
  tomorrow: number;
  weekStart: number;
  weekEnd: number;
  /** The first of the last seven days (today included). */
  sevenStart: number;
}

export function dashboardDays(fmt: TimeFormat, now = nowEpoch()): DashboardDays {
  const today = fmt.startOfDay(now);
  const weekStart = fmt.startOfWeek(now);
  return {
    today,
    tomorrow: fmt.addDays(today, 1),
    weekStart,
    weekEnd: fmt.addDays(weekStart, 7),
    sevenStart: fmt.addDays(today, -6),
  };
}
