// The weekly timesheet: a row per project and task, a column per day of the user's week, totals per row, per day
// and for the week, the week in the URL (`?week=2026-W49`, so Back and links show the same week). Rows come from
// the week's entries, from the project picker and from "Copy last week's rows" (the API has no copy: last week's
// GET /timesheet gives its rows, added here with empty days; a row is stored only once a cell of it is saved).
// On a phone (≤ 600 px) one day at a time, the same rows, with a switcher for the day.
//
// Keyboard, as in a spreadsheet: every cell is an input in a real <table>; Tab and Shift+Tab go through the cells
// in reading order; up and down always move to the cell above or below, left and right when the caret is at that
// edge of the text (on arriving in a cell its text is selected, so an arrow moves on at once); Enter saves and
// moves down; Escape puts the cell back. Leaving a cell saves it. (docs/timesheet.md, "The page")
import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { queries } from '../../api/queries.js';
import { LazyProjectPicker } from '../../components/LazyProjectPicker.js';
import { toast, toastError } from '../../components/toasts.js';
import { ColorDot, EmptyState, ErrorPanel, PageHeader, Skeleton } from '../../components/ui.js';
import { useLocation } from '../../lib/router.js';
import { formatDuration, nowEpoch, parseLocalDate } from '../../lib/time.js';
import { usePageTitle } from '../../lib/title.js';
import { projectColor, useProjects, useTasks } from '../../state/data.js';
import { useFmt } from '../../state/session.js';
import { TimesheetCell } from './TimesheetCell.js';
import { DaySwitcher, dayOf, WeekSwitcher } from './TimesheetToolbar.js';
import {
  neighbour,
  rowKey,
  rowTotal,
  shiftWeek,
  shownRows,
  weekContaining,
  weekFromQuery,
  type Direction,
  type RowKey,
  type TimesheetRow,
} from './timesheet-grid.js';
import { useTimesheet } from './use-timesheet.js';
import './timesheet.css';

const PHONE = '(max-width: 600px)';

function usePhone(): boolean {
  return useSyncExternalStore(
    (notify) => {
      const media = window.matchMedia?.(PHONE);
      media?.addEventListener('change', notify);
      return () => media?.removeEventListener('change', notify);
    },
    () => window.matchMedia?.(PHONE).matches ?? false,
  );
}

export function TimesheetPage() {
  const { t } = useTranslation();
  usePageTitle(t('timesheet.title'));
  const fmt = useFmt();
  const { query } = useLocation();
  const phone = usePhone();
  const client = useQueryClient();
  const { byId: projects } = useProjects();
  const { byId: tasks } = useTasks();

  const todayKey = fmt.dayKey(nowEpoch());
  const thisWeek = weekContaining(parseLocalDate(todayKey)!, fmt.weekStart);
  const week = weekFromQuery(query.get('week')) ?? thisWeek;
  const { sheet, save } = useTimesheet(week);
  // Rows added on the page, per week: they stay while the user moves between weeks.
  const [added, setAdded] = useState<Record<string, RowKey[]>>({});
  const [copying, setCopying] = useState(false);
  const [chosenDay, setChosenDay] = useState<number | null>(null);
  const gridRef = useRef<HTMLDivElement>(null);
  /** The row whose first cell takes the focus once it is rendered (a row just added with the picker). */
  const focusRow = useRef<string | null>(null);

  const rowLabel = (row: RowKey) => {
    const project = projects.get(row.project_id)?.name ?? t('common.projectNumber', { id: String(row.project_id) });
    const task = row.task_id ? tasks.get(row.task_id)?.name : undefined;
    return task ? `${project} › ${task}` : project;
  };

  const data = sheet.data;
  const days = (data?.days ?? []).map((d) => dayOf(d, fmt, todayKey));
  const rows = data ? shownRows(data, added[week] ?? [], rowLabel) : [];
  const todayIndex = days.findIndex((d) => d.today);
  const phoneDay = chosenDay ?? (todayIndex >= 0 ? todayIndex : 0);
  const columns = phone ? [phoneDay] : days.map((_, i) => i);

  useEffect(() => {
    if (!focusRow.current) return;
    const index = rows.findIndex((r) => rowKey(r) === focusRow.current);
    if (index < 0) return;
    focusRow.current = null;
    gridRef.current?.querySelector<HTMLInputElement>(`[data-cell="${index}-0"]`)?.focus();
  });

  const addRows = (keys: RowKey[]) =>
    setAdded((all) => {
      const known = new Set((all[week] ?? []).map(rowKey));
      return { ...all, [week]: [...(all[week] ?? []), ...keys.filter((k) => !known.has(rowKey(k)))] };
    });

  const copyLastWeek = async () => {
    const last = shiftWeek(week, -1, fmt.weekStart);
    if (!last || !data) return;
    setCopying(true);
    try {
      const previous = await client.fetchQuery(queries.timesheet(last));
      const shown = new Set(rows.map(rowKey));
      const fresh = previous.rows
        .filter((r) => !shown.has(rowKey(r)))
        .map((r) => ({ project_id: r.project_id, task_id: r.task_id }));
      addRows(fresh);
      toast(previous.rows.length === 0 ? t('timesheet.nothingToCopy') : t('timesheet.copied', { count: fresh.length }));
    } catch (error) {
      toastError(error);
    } finally {
      setCopying(false);
    }
  };

  const navigateFrom = (row: number, column: number) => (direction: Direction) => {
    const at = { row, column: columns.indexOf(column) };
    const next = neighbour(at, direction, { rows: rows.length, columns: columns.length });
    if (!next) return false;
    const target = gridRef.current?.querySelector<HTMLInputElement>(`[data-cell="${next.row}-${next.column}"]`);
    target?.focus();
    return Boolean(target);
  };

  const cell = (row: TimesheetRow, r: number, day: number, label: string) => {
    const d = days[day]!;
    return (
      <TimesheetCell
        key={`${rowKey(row)}-${d.date}`}
        cell={row.cells[day]!}
        label={t('timesheet.cellLabel', { row: label, day: `${d.name} ${fmt.date(d.start)}` })}
        date={d.date}
        projectId={row.project_id}
        position={`${r}-${columns.indexOf(day)}`}
        onSave={(seconds) => save({ row, day, date: d.date, seconds })}
        onNavigate={navigateFrom(r, day)}
      />
    );
  };

  const first = days[0];
  const last = days[days.length - 1];
  const period = first && last ? `${fmt.date(first.start)} – ${fmt.date(last.start)}` : '';

  return (
    <>
      <PageHeader title={t('timesheet.title')}>
        <WeekSwitcher week={week} thisWeek={thisWeek} period={period} fmt={fmt} />
      </PageHeader>
      <div className="ts-actions">
        <div className="ts-add">
          <label htmlFor="timesheet-add-row" id="timesheet-add-row-label">
            {t('timesheet.addRow')}
          </label>
          <LazyProjectPicker
            id="timesheet-add-row"
            value={{ project_id: null, task_id: null }}
            onChange={(v) => {
              if (!v.project_id) return;
              const key = { project_id: v.project_id, task_id: v.task_id };
              focusRow.current = rowKey(key);
              addRows([key]);
            }}
          />
        </div>
        <button type="button" className="btn" disabled={!data || copying} onClick={() => void copyLastWeek()}>
          {t('timesheet.copyLastWeek')}
        </button>
      </div>
      {sheet.error ? (
        <ErrorPanel error={sheet.error} retry={() => void sheet.refetch()} />
      ) : !data ? (
        <Skeleton lines={6} />
      ) : (
        <div ref={gridRef} className={`card ts-card${phone ? ' ts-phone' : ''}`}>
          {phone && <DaySwitcher days={days} totals={data.day_totals} chosen={phoneDay} onChoose={setChosenDay} fmt={fmt} />}
          {rows.length === 0 ? (
            <EmptyState title={t('timesheet.emptyTitle')}>{t('timesheet.emptyBody')}</EmptyState>
          ) : (
            <div className="ts-scroll">
              <table className="ts-grid">
                <caption className="sr-only">{`${t('timesheet.title')} ${period}`}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('timesheet.row')}</th>
                    {columns.map((i) => (
                      <th
                        key={i}
                        scope="col"
                        className={`num${days[i]!.today ? ' ts-today' : ''}`}
                        aria-label={`${days[i]!.name} ${fmt.date(days[i]!.start)}`}
                      >
                        <span className="ts-day-name">{phone ? days[i]!.name : days[i]!.short}</span>
                        <span className="ts-day-date">{fmt.shortDate(days[i]!.start)}</span>
                      </th>
                    ))}
                    <th scope="col" className="num">
                      {t('timesheet.week')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row, r) => {
                    const label = rowLabel(row);
                    return (
                      <tr key={rowKey(row)}>
                        <th scope="row" className="ts-row-name">
                          <ColorDot color={projectColor(projects.get(row.project_id))} />
                          <span>{label}</span>
                        </th>
                        {columns.map((day) => (
                          <td key={day} className={days[day]!.today ? 'ts-today' : undefined}>
                            {cell(row, r, day, label)}
                          </td>
                        ))}
                        <td className="num ts-total">{formatDuration(rowTotal(row))}</td>
                      </tr>
                    );
                  })}
                </tbody>
                <tfoot>
                  <tr>
                    <th scope="row">{t('timesheet.total')}</th>
                    {columns.map((day) => (
                      <td key={day} className="num" data-testid={`day-total-${day}`}>
                        {formatDuration(data.day_totals[day] ?? 0)}
                      </td>
                    ))}
                    <td className="num" data-testid="week-total">
                      {formatDuration(data.total_seconds)}
                    </td>
                  </tr>
                </tfoot>
              </table>
            </div>
          )}
          <p className="hint ts-hint">{t('timesheet.keyboardHint')}</p>
        </div>
      )}
    </>
  );
}
