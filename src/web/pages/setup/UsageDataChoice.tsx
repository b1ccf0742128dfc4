// The setup wizard's part about usage data, in plain words for the person installing: who would receive what
// (their own PostHog project, never us), whether a key is set at all, both channels with their defaults, and the
// one choice to make here (installation telemetry, off unless ticked).
import { Trans, useTranslation } from 'react-i18next';
import type { Info } from '../../api/types.js';
import { POSTHOG_DOCS } from '../../lib/links.js';
import { Link } from '../../lib/router.js';

export function UsageDataChoice({
  analytics,
  telemetry,
  onTelemetry,
}: {
  analytics: Info['setup_analytics'];
  telemetry: boolean;
  onTelemetry: (on: boolean) => void;
}) {
  const { t } = useTranslation();
  const keySet = analytics?.api_key_set === true;
  const forced = analytics?.installation_telemetry_forced ?? null;
  return (
    <fieldset className="usage-data stack" data-testid="usage-data">
      <legend>{t('setup.usageHeading')}</legend>
      {analytics?.do_not_track ? (
        <p>{t('setup.doNotTrack')}</p>
      ) : keySet ? (
        <>
          <p>
            <Trans i18nKey="setup.withKey" values={{ host: analytics?.host ?? '' }} components={{ b: <strong /> }} />
          </p>
          <p className="small">{analytics?.product_analytics ? t('setup.productOn') : t('setup.productOff')}</p>
        </>
      ) : (
        <p>
          <Trans i18nKey="setup.noKey" components={{ a: <a href={POSTHOG_DOCS} target="_blank" rel="noreferrer noopener" /> }} />
        </p>
      )}
      {forced === null ? (
        <div className="check">
          <input
            id="setup-telemetry"
            type="checkbox"
            checked={telemetry}
            onChange={(e) => onTelemetry(e.target.checked)}
            aria-describedby="setup-telemetry-hint"
          />
          <div>
            <label htmlFor="setup-telemetry">{t('setup.telemetry')}</label>
            <small id="setup-telemetry-hint" className="hint">
              <Trans i18nKey="setup.telemetryHint" components={{ a: <Link to="/privacy" /> }} />{' '}
              {!keySet && t('setup.storedForLater')}
            </small>
          </div>
        </div>
      ) : (
        <p className="small">{forced ? t('setup.telemetryForcedOn') : t('setup.telemetryForcedOff')}</p>
      )}
    </fieldset>
  );
}
