// The "Group by" choice of the reports page, kept in the URL (`group_by`, absent for the default, project).
import { useTranslation } from 'react-i18next';
import type { GroupBy } from '../../api/types.js';
import { setQuery } from '../../lib/router.js';
import { GROUP_LABEL, GROUPS } from './report-groups.js';

export function GroupByPicker({ groupBy, isAdmin }: { groupBy: GroupBy; isAdmin: boolean }) {
  const { t } = useTranslation();
  return (
    <fieldset className="segmented group-by">
      <legend>{t('reports.groupBy')}</legend>
      {GROUPS.filter((g) => g !== 'user' || isAdmin).map((g) => (
        <label key={g} className={g === groupBy ? 'checked' : ''}>
          <input
            type="radio"
            name="group_by"
            value={g}
            checked={g === groupBy}
            onChange={() => setQuery({ group_by: g === 'project' ? null : g })}
          />
          {t(GROUP_LABEL[g])}
        </label>
      ))}
    </fieldset>
  );
}
