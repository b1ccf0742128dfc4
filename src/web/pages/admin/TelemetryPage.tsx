// Admin → Telemetry: both channels' state and the reason, the install id, counters, the switches, and the
// most recent payloads exactly as they were sent (pretty-printed JSON, nothing removed or added).
import { useState } from 'react';
import { api } from '../../api/client.js';
import type { ChannelStatus, TelemetryStatus } from '../../api/types.js';
import { toast, toastError } from '../../components/toasts.js';
import { Badge, EmptyState, ErrorPanel, PageHeader, Skeleton } from '../../components/ui.js';
import { setResource, useResource } from '../../lib/resource.js';
import { Link } from '../../lib/router.js';
import { usePageTitle } from '../../lib/title.js';

const KEY = 'admin:telemetry';

function eventName(payload: unknown): string {
  if (payload && typeof payload === 'object') {
    const p = payload as Record<string, unknown>;
    const name = p.event ?? (Array.isArray(p.batch) ? `batch of ${p.batch.length}` : undefined);
    if (typeof name === 'string') return name;
  }
  return 'payload';
}

function eventTime(payload: unknown): string | null {
  if (payload && typeof payload === 'object') {
    const t = (payload as Record<string, unknown>).timestamp;
    if (typeof t === 'string') return t;
  }
  return null;
}

export function TelemetryPage() {
  usePageTitle('Telemetry');
  const status = useResource(KEY, () => api.get<TelemetryStatus>('/admin/telemetry'));
  const [busy, setBusy] = useState<string | null>(null);
  const [showAll, setShowAll] = useState(false);

  const toggle = async (field: 'installation_telemetry_enabled' | 'product_analytics_enabled', enabled: boolean) => {
    setBusy(field);
    try {
      const next = await api.patch<TelemetryStatus>('/admin/telemetry', { [field]: enabled });
      setResource<TelemetryStatus>(KEY, () => next);
      toast(
        `${field === 'installation_telemetry_enabled' ? 'Installation telemetry' : 'Product analytics'} ${enabled ? 'switched on' : 'switched off'}.`,
        { kind: 'success' },
      );
    } catch (e) {
      toastError(e);
    } finally {
      setBusy(null);
    }
  };

  const data = status.data;
  return (
    <>
      <PageHeader
        title="Telemetry"
        subtitle={
          <>
            What this installation sends to PostHog, and why. <Link to="/privacy">Privacy summary</Link>
          </>
        }
      >
        <button type="button" className="btn" onClick={status.reload} disabled={status.loading}>
          Refresh
        </button>
      </PageHeader>
      {status.error ? (
        <ErrorPanel error={status.error} retry={status.reload} />
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
          <div className="grid-2">
            <Channel
              title="Installation telemetry"
              description="Anonymous health pings: version, platform, deployment method and bucketed counts, once a day."
              status={data.installation_telemetry}
              busy={busy === 'installation_telemetry_enabled'}
              onToggle={(on) => toggle('installation_telemetry_enabled', on)}
            />
            <Channel
              title="Product analytics"
              description="Feature usage under pseudonymous ids; users can opt out in their settings."
              status={data.product_analytics}
              busy={busy === 'product_analytics_enabled'}
              onToggle={(on) => toggle('product_analytics_enabled', on)}
            />
          </div>
          <section className="card" aria-labelledby="t-install">
            <h2 id="t-install">This installation</h2>
            <dl className="facts">
              <div>
                <dt>Install id</dt>
                <dd className="mono" data-testid="install-id">
                  {data.install_id}
                </dd>
              </div>
              {data.product_analytics.host && (
                <div>
                  <dt>PostHog host</dt>
                  <dd className="mono">{data.product_analytics.host}</dd>
                </div>
              )}
              <div>
                <dt>API key</dt>
                <dd>{data.product_analytics.api_key_set ? 'set' : 'not set — nothing is ever sent'}</dd>
              </div>
            </dl>
            <h3>Counters since start</h3>
            <dl className="counters">
              {Object.entries(data.counters).map(([k, v]) => (
                <div key={k}>
                  <dt>{k}</dt>
                  <dd className="mono">{v}</dd>
                </div>
              ))}
            </dl>
          </section>
          <section className="card" aria-labelledby="t-recent">
            <h2 id="t-recent">Recent payloads ({data.recent_events.length})</h2>
            <p className="muted small">
              Exactly as sent, newest first. Nothing here contains names, notes, e-mail addresses or IPs.
            </p>
            {data.recent_events.length === 0 ? (
              <EmptyState title="Nothing sent yet">Payloads appear here once a channel is on and events happen.</EmptyState>
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
                Show all {data.recent_events.length}
              </button>
            )}
          </section>
        </>
      )}
    </>
  );
}

function Channel({
  title,
  description,
  status,
  busy,
  onToggle,
}: {
  title: string;
  description: string;
  status: ChannelStatus;
  busy: boolean;
  onToggle: (on: boolean) => Promise<void>;
}) {
  const id = title.toLowerCase().replace(/\s+/g, '-');
  // The box follows the click at once; the server's answer (or the old value after an error) replaces it.
  const [pending, setPending] = useState<boolean | null>(null);
  const stored = pending ?? status.stored_enabled ?? status.enabled;
  const overridden = stored !== status.enabled;
  return (
    <section className="card channel" aria-labelledby={`${id}-title`}>
      <div className="card-head">
        <h2 id={`${id}-title`}>{title}</h2>
        <Badge tone={status.enabled ? 'good' : 'neutral'}>{status.enabled ? 'on' : 'off'}</Badge>
      </div>
      <p className="muted small">{description}</p>
      <p>
        <strong>Reason:</strong> <span data-testid={`${id}-reason`}>{status.reason}</span>
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
          <label htmlFor={`${id}-switch`}>Allow {title.toLowerCase()}</label>
          <small id={`${id}-switch-hint`} className="hint">
            {overridden
              ? 'Stored here, but the environment decides for now (see the reason).'
              : 'The stored switch; environment variables can override it.'}
          </small>
        </div>
      </div>
    </section>
  );
}
