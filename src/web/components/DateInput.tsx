// Date fields in the user's date format (preference date_format) rather than the browser's locale: a text input
// that reads what shared/date-format.ts reads (the user's format or ISO), and a calendar button that opens the
// browser's own date picker on a hidden native date input, whose ISO value is written back in the user's format.
import { useEffect, useRef, useState, type InputHTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { nowEpoch, parseLocalDate } from '../lib/time.js';
import { useFmt } from '../state/session.js';

type TextInputProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange' | 'type'>;

/** A date typed as text in the user's format; `value` is that text. */
export function DateInput({
  value,
  onValueChange,
  ...input
}: { value: string; onValueChange: (text: string) => void } & TextInputProps) {
  const fmt = useFmt();
  const { t } = useTranslation();
  const picker = useRef<HTMLInputElement>(null);
  const open = () => {
    const el = picker.current;
    if (!el) return;
    try {
      el.showPicker();
    } catch {
      // No picker in this browser (or not now): typing still works.
    }
  };
  return (
    <span className="date-input">
      <input
        {...input}
        value={value}
        onChange={(e) => onValueChange(e.target.value)}
        placeholder={fmt.date(nowEpoch())}
        inputMode="numeric"
        autoComplete="off"
      />
      <button type="button" className="btn-icon date-input-open" aria-label={t('dateInput.openCalendar')} onClick={open}>
        <svg aria-hidden="true" viewBox="0 0 24 24" width="16" height="16">
          <path d="M4 6h16v14H4zM4 10h16M8 3v4M16 3v4" fill="none" stroke="currentColor" strokeWidth="2" />
        </svg>
      </button>
      <input
        ref={picker}
        type="date"
        className="date-input-native"
        tabIndex={-1}
        aria-hidden="true"
        value={fmt.parseDate(value) ?? ''}
        onChange={(e) => {
          const d = parseLocalDate(e.target.value);
          if (d) onValueChange(fmt.formatLocal(d));
        }}
      />
    </span>
  );
}

/**
 * A date whose value is an ISO `YYYY-MM-DD` key (the filters in the address bar), shown and typed in the user's
 * format: `onChange` hears each complete date typed or picked; an incomplete text waits.
 */
export function IsoDateInput({ value, onChange, ...input }: { value: string; onChange: (iso: string) => void } & TextInputProps) {
  const fmt = useFmt();
  const shown = (iso: string) => {
    const d = parseLocalDate(iso);
    return d ? fmt.formatLocal(d) : '';
  };
  const [text, setText] = useState(() => shown(value));
  // The address bar changed from elsewhere (a preset, back button): show its date unless it is what was typed.
  useEffect(() => {
    setText((current) => (fmt.parseDate(current) === value ? current : shown(value)));
  }, [value, fmt]);
  return (
    <DateInput
      {...input}
      value={text}
      onValueChange={(next) => {
        setText(next);
        const iso = fmt.parseDate(next);
        if (iso && iso !== value) onChange(iso);
      }}
    />
  );
}
