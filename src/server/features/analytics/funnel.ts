// Onboarding funnel: funnel.onboarding.first_project_created / first_timer_started / first_time_logged, each
// exactly once per user, at the moment it happens. "First" is decided by the database (an insert into
// analytics_funnel_steps that does not conflict), so it holds across processes; a per-process memo skips the
// insert for steps already seen. Steps are recorded even while analytics is off, so switching it on later never
// reports an old user's hundredth project as their first. Never throws; awaiting it costs one insert per user
// and step at most.
import type { AppContext } from '../../app-context.js';
import type { AnalyticsFunnelStepsTable, UserRow } from '../../db/schema.js';
import { currentContext } from '../../http/request-context.js';
import { nowSeconds } from '../../lib/clock.js';
import { Analytics } from './analytics.js';
import { reachFunnelStep } from './analytics.queries.js';
import { wholeDays } from './telemetry-math.js';
import { track } from './track.js';

export type FunnelStep = AnalyticsFunnelStepsTable['step'];

const MEMO_LIMIT = 10_000;
const memos = new WeakMap<Analytics, Set<string>>();

/** Records that the acting user (or `user`) reached a step; tracks the funnel event the first time only. */
export async function onboardingStep(ctx: AppContext, step: FunnelStep, user?: UserRow): Promise<void> {
  try {
    if (!(ctx.analytics instanceof Analytics)) return; // no analytics pipeline in this runtime (tools, tests)
    const actor = user ?? currentContext()?.principal?.user;
    if (!actor) return;
    let memo = memos.get(ctx.analytics);
    if (!memo) memos.set(ctx.analytics, (memo = new Set()));
    const key = `${actor.id}:${step}`;
    if (memo.has(key)) return;
    const now = nowSeconds();
    const first = await reachFunnelStep(ctx.db, actor.id, step, now);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.add(key);
    if (first) track(`funnel.onboarding.${step}`, { days_since_signup: wholeDays(actor.created_at, now) }, { user: actor });
  } catch {
    // Analytics never breaks the action it observes.
  }
}
