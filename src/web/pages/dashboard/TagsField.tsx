// Comma-separated tags for the timer; the draft follows every keystroke, so Enter starts the timer with what was typed.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { parseTags } from '../../lib/tags.js';
import { Field } from '../../components/ui.js';

export function TagsField({ tags, onChange }: { tags: string[]; onChange: (tags: string[]) => void }) {
  const [text, setText] = useState(tags.join(', '));
  const { t } = useTranslation();
  return (
    <Field label={t('common.tags')} className="timer-field-tags" hint={t('dashboard.tagsHint')}>
      {(p) => (
        <input
          {...p}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            onChange(parseTags(e.target.value));
          }}
          placeholder={t('dashboard.tagsPlaceholder')}
        />
      )}
    </Field>
  );
}
