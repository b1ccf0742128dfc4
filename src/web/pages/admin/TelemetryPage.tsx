// Admin → Telemetry, in plain words: who receives what (the admin's own PostHog project, never the developers),
// whether a key is set, both channels with their defaults, state and reason, the counters each explained in a
// line, the switches, and the most recent payloads exactly as they were sent.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { Trans, useTranslation } from 'react-i18next';
import type { ReasonCode } from '../../../shared/telemetry-reasons.js';
import { api } from '../../api/client.js';
import { keys, queries } from '../../api/queries.js';
import type { ChannelStatus, TelemetryStatus } from '../../api/types.js';
import { toast, toastError } from '../../components/toasts.js';
import { Badge, EmptyState, ErrorPanel, PageHeader, Skeleton } from '../../components/ui.js';
import { i18n } from '../../i18n/index.js';
import type en from '../../i18n/locales/en.js';
import { POSTHOG_DOCS } from '../../lib/links.js';
import { Link } from '../../lib/router.js';
import { usePageTitle } from '../../lib/title.js';

type Switch = 'installation_telemetry_enabled' | 'product_analytics_enabled';
type ChannelName = 'installation' | 'product';

/** Every reason code has a sentence for each channel: these lines fail to compile while one is missing. */
const _installationReasons: Record<ReasonCode, string> = {} as (typeof en)['telemetry']['reasons']['installation'];
const _productReasons: Record<ReasonCode, string> = {} as (typeof en)['telemetry']['reasons']['product'];

/** The channel's state in the reader's language, from the server's reason code (its English `reason` is for logs). */
export function describeReason(channel: ChannelName, status: Pick<ChannelStatus, 'reason_code' | 'debug'>): string {
  const said = i18n.t(`telemetry.reasons.${channel}.${status.reason_code}`);
  return status.debug ? `${said} ${i18n.t('telemetry.reasons.debug')}` : said;
}

/** The counters in the order they happen to an event, each with its name and one line of explanation. */
const COUNTERS = [
  ['queued', 'telemetry.counterQueued', 'telemetry.counterQueuedHelp'],
  ['sent', 'telemetry.counterSent', 'telemetry.counterSentHelp'],
  ['failed', 'telemetry.counterFailed', 'telemetry.counterFailedHelp'],
  ['dropped', 'telemetry.counterDropped', 'telemetry.counterDroppedHelp'],
  ['suppressed', 'telemetry.counterSuppressed', 'telemetry.counterSuppressedHelp'],
] as const satisfies readonly (readonly [keyof TelemetryStatus['counters'], string, string])[];

function eventName(payload: unknown): string {
  if (payload && typeof payload === 'object') {
    const p = payload as Record<string, unknown>;
    const name = p.event ?? (Array.isArray(p.batch) ? i18n.t('telemetry.batchOf', { count: p.batch.length }) : undefined);
    if (typeof name === 'string') return name;
  }
  return i18n.t('telemetry.payload');
}

function eventTime(payload: unknown): string | null {
  if (payload && typeof payload === 'object') {
    const t = (payload as Record<string, unknown>).timestamp;
    if (typeof t === 'string') return t;
  }
  return null;
}

export function TelemetryPage() {
  const { t } = useTranslation();
  usePageTitle(t('nav.telemetry'));
  const status = useQuery(queries.telemetry());
  const client = useQueryClient();
  const [showAll, setShowAll] = useState(false);
  // The answer is the whole new status: it replaces the cached one (no refetch needed).
  const toggle = useMutation({
    mutationFn: ({ field, enabled }: { field: Switch; enabled: boolean }) =>
      api.patch('/admin/telemetry', { body: { [field]: enabled } }),
    onSuccess: (next, { field, enabled }) => {
      client.setQueryData(keys.admin.telemetry, next);
      const install = field === 'installation_telemetry_enabled';
      toast(
        install
          ? t(enabled ? 'telemetry.installOn' : 'telemetry.installOff')
          : t(enabled ? 'telemetry.productOn' : 'telemetry.productOff'),
        { kind: 'success' },
      );
    },
    onError: toastError,
  });
  const busy = toggle.isPending ? toggle.variables.field : null;
  const reload = () => void status.refetch();
  // The switch shows the click until this settles; an error was already said by the mutation.
  const setSwitch = (field: Switch, enabled: boolean) =>
    toggle.mutateAsync({ field, enabled }).then(
      () => undefined,
      () => undefined,
    );

  const data = status.data;
  return (
    <>
      <PageHeader
        title={t('nav.telemetry')}
        subtitle={<Trans i18nKey="telemetry.subtitle" components={{ a: <Link to="/privacy" /> }} />}
      >
        <button type="button" className="btn" onClick={reload} disabled={status.isFetching}>
          {t('telemetry.refresh')}
        </button>
      </PageHeader>
      {status.error ? (
        <ErrorPanel error={status.error} retry={reload} />
      ) : !data ? (
        <div className="grid-2">
          <section className="card">
            <Skeleton lines={4} />
          </section>
          <section className="card">
            <Skeleton lines={4} />
          </section>
        </div>
      ) : (
        <>
          <Recipient data={data} />
          <div className="grid-2">
            <Channel
              id="installation-telemetry"
              channel="installation"
              title={t('telemetry.installTitle')}
              allow={t('telemetry.allowInstall')}
              description={t('telemetry.installDescription')}
              defaults={t('telemetry.installDefault')}
              status={data.installation_telemetry}
              busy={busy === 'installation_telemetry_enabled'}
              onToggle={(on) => setSwitch('installation_telemetry_enabled', on)}
            />
            <Channel
              id="product-analytics"
              channel="product"
              title={t('telemetry.productTitle')}
              allow={t('telemetry.allowProduct')}
              description={t('telemetry.productDescription')}
              defaults={t('telemetry.productDefault')}
              status={data.product_analytics}
              busy={busy === 'product_analytics_enabled'}
              onToggle={(on) => setSwitch('product_analytics_enabled', on)}
            />
          </div>
          <section className="card" aria-labelledby="t-counters">
            <h2 id="t-counters">{t('telemetry.counters')}</h2>
            <dl className="counters" data-testid="counters">
              {COUNTERS.map(([k, name, help]) => (
                <div key={k}>
                  <dt>{t(name)}</dt>
                  <dd className="mono">{data.counters[k]}</dd>
                  <dd className="muted small">{t(help)}</dd>
                </div>
              ))}
            </dl>
          </section>
          <section className="card" aria-labelledby="t-recent">
            <h2 id="t-recent">{t('telemetry.recent', { count: data.recent_events.length })}</h2>
            <p className="muted small">{t('telemetry.recentHint')}</p>
            {data.recent_events.length === 0 ? (
              <EmptyState title={t('telemetry.nothingSent')}>{t('telemetry.nothingSentBody')}</EmptyState>
            ) : (
              <ol className="payloads">
                {[...data.recent_events]
                  .reverse()
                  .slice(0, showAll ? undefined : 20)
                  .map((p, i) => (
                    <li key={data.recent_events.length - i}>
                      <details open={i === 0}>
                        <summary>
                          <code>{eventName(p)}</code> {eventTime(p) && <span className="muted small">{eventTime(p)}</span>}
                        </summary>
                        <pre>{JSON.stringify(p, null, 2)}</pre>
                      </details>
                    </li>
                  ))}
              </ol>
            )}
            {!showAll && data.recent_events.length > 20 && (
              <button type="button" className="btn btn-small show-more" onClick={() => setShowAll(true)}>
                {t('telemetry.showAll', { count: data.recent_events.length })}
              </button>
            )}
          </section>
        </>
      )}
    </>
  );
}

/** Who receives the data: the admin's own PostHog project when a key is set, nobody without one (and no host). */
function Recipient({ data }: { data: TelemetryStatus }) {
  const { t } = useTranslation();
  const keySet = data.product_analytics.api_key_set;
  const host = keySet ? data.product_analytics.host : null;
  return (
    <section className="card" aria-labelledby="t-recipient" data-testid="telemetry-recipient">
      <h2 id="t-recipient">{t('telemetry.recipientTitle')}</h2>
      <p>
        {keySet ? (
          <Trans i18nKey="telemetry.recipientWithKey" values={{ host: host ?? '' }} components={{ b: <strong /> }} />
        ) : (
          t('telemetry.recipientNoKey')
        )}
      </p>
      {!keySet && (
        <p className="small">
          <Trans
            i18nKey="telemetry.setupHint"
            components={{ a: <a href={POSTHOG_DOCS} target="_blank" rel="noreferrer noopener" /> }}
          />
        </p>
      )}
      <dl className="facts">
        <div>
          <dt>{t('telemetry.apiKey')}</dt>
          <dd data-testid="api-key-state">{keySet ? t('telemetry.keySet') : t('telemetry.keyNotSet')}</dd>
        </div>
        {host && (
          <div>
            <dt>{t('telemetry.host')}</dt>
            <dd className="mono">{host}</dd>
          </div>
        )}
        <div>
          <dt>{t('telemetry.installId')}</dt>
          <dd className="mono" data-testid="install-id">
            {data.install_id}
          </dd>
        </div>
      </dl>
    </section>
  );
}

function Channel({
  id,
  channel,
  title,
  allow,
  description,
  defaults,
  status,
  busy,
  onToggle,
}: {
  /** Stable across languages: element ids and test ids derive from it. */
  id: string;
  channel: ChannelName;
  title: string;
  allow: string;
  description: string;
  /** The channel's default in one sentence. */
  defaults: string;
  status: ChannelStatus;
  busy: boolean;
  onToggle: (on: boolean) => Promise<void>;
}) {
  const { t } = useTranslation();
  // The box follows the click at once; the server's answer (or the old value after an error) replaces it.
  const [pending, setPending] = useState<boolean | null>(null);
  const stored = pending ?? status.stored_enabled ?? status.enabled;
  const overridden = stored !== status.enabled;
  return (
    <section className="card channel" aria-labelledby={`${id}-title`}>
      <div className="card-head">
        <h2 id={`${id}-title`}>{title}</h2>
        <Badge tone={status.enabled ? 'good' : 'neutral'}>{status.enabled ? t('telemetry.on') : t('telemetry.off')}</Badge>
      </div>
      <p className="muted small">{description}</p>
      <p className="small">{defaults}</p>
      <p>
        <strong>{t('telemetry.reason')}</strong> <span data-testid={`${id}-reason`}>{describeReason(channel, status)}</span>
      </p>
      <div className="check">
        <input
          id={`${id}-switch`}
          type="checkbox"
          checked={stored}
          disabled={busy}
          onChange={(e) => {
            setPending(e.target.checked);
            void onToggle(e.target.checked).finally(() => setPending(null));
          }}
          aria-describedby={`${id}-switch-hint`}
        />
        <div>
          <label htmlFor={`${id}-switch`}>{allow}</label>
          <small id={`${id}-switch-hint`} className="hint">
            {overridden ? t('telemetry.overridden') : t('telemetry.storedSwitch')}
          </small>
        </div>
      </div>
    </section>
  );
}
