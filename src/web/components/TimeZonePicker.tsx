// Time zone picker: a searchable react-aria ComboBox over the canonical IANA names this browser knows
// (Intl.supportedValuesOf), so "berl" or "new york" finds the zone at once. The user's current zone stays offered
// even when it is a legacy name the list does not hold, so opening Settings never changes it silently.
import { useMemo, useState, type Key } from 'react';
import { ComboBox, I18nProvider, Input, ListBox, ListBoxItem, Popover } from 'react-aria-components';
import { useTranslation } from 'react-i18next';
import { timeZones } from '../lib/time.js';

/** At most this many zones are offered at once; typing narrows them down. */
const MAX_OPTIONS = 100;

interface Zone {
  id: string;
  label: string;
  haystack: string;
}

const zoneOf = (id: string): Zone => {
  const label = id.replace(/_/g, ' ');
  return { id, label, haystack: `${label} ${id}`.toLowerCase() };
};

/** Zones matching every word of `query` (a slash or an underscore counts as a space), at most MAX_OPTIONS. */
export function matchingZones(zones: readonly Zone[], query: string): Zone[] {
  const words = query.toLowerCase().replace(/[/_]/g, ' ').split(/\s+/).filter(Boolean);
  const out: Zone[] = [];
  for (const zone of zones) {
    if (words.every((w) => zone.haystack.includes(w))) out.push(zone);
    if (out.length >= MAX_OPTIONS) break;
  }
  return out;
}

export function TimeZonePicker({
  id,
  value,
  onChange,
  describedBy,
  invalid,
}: {
  /** The input's id; its visible label is `<label htmlFor={id} id={`${id}-label`}>`. */
  id: string;
  value: string;
  onChange: (zone: string) => void;
  describedBy?: string;
  invalid?: boolean;
}) {
  const { t, i18n } = useTranslation();
  const zones = useMemo(() => {
    const list = timeZones();
    return (list.includes(value) ? list : [value, ...list]).map(zoneOf);
  }, [value]);
  /** What the user typed; null while the input shows the chosen zone (then every zone is offered). */
  const [query, setQuery] = useState<string | null>(null);
  const shown = zoneOf(value).label;
  const visible = useMemo(() => matchingZones(zones, query ?? ''), [zones, query]);
  const choose = (key: Key | null) => {
    setQuery(null);
    if (key !== null && String(key) !== value) onChange(String(key));
  };
  return (
    <I18nProvider locale={i18n.language}>
      <ComboBox
        className="picker"
        aria-labelledby={`${id}-label`}
        items={visible}
        selectedKey={value}
        onSelectionChange={choose}
        inputValue={query ?? shown}
        onInputChange={(text) => setQuery(text === shown ? null : text)}
        menuTrigger="focus"
        allowsEmptyCollection
        isInvalid={invalid}
      >
        <Input
          id={id}
          aria-describedby={describedBy}
          onFocus={(e) => {
            if (query === null) e.target.select();
          }}
          onBlur={(e) => {
            if (e.relatedTarget instanceof Element && e.relatedTarget.closest('.picker-popover')) return;
            setQuery(null);
          }}
        />
        <Popover className="picker-popover" placement="bottom start" offset={4}>
          <ListBox<Zone>
            className="picker-list"
            aria-label={t('settings.timezone')}
            renderEmptyState={() => <div className="picker-empty">{t('settings.noZone')}</div>}
          >
            {(zone) => (
              <ListBoxItem id={zone.id} textValue={zone.label} className="picker-option">
                <span className="picker-label">{zone.label}</span>
              </ListBoxItem>
            )}
          </ListBox>
        </Popover>
      </ComboBox>
    </I18nProvider>
  );
}
