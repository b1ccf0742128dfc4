// Shared pieces of the list pages (projects, clients, tasks): search + status filter, and error placement.
import type { ReactNode } from 'react';
import { ApiError } from '../api/client.js';
import { toast } from './toasts.js';

export type StatusFilter = 'active' | 'archived' | 'all';

export function ListFilters({
  search,
  onSearch,
  status,
  onStatus,
  statusOptions = [
    ['active', 'Active'],
    ['archived', 'Archived'],
    ['all', 'All'],
  ],
  label,
  children,
}: {
  search: string;
  onSearch: (s: string) => void;
  status: string;
  onStatus: (s: string) => void;
  statusOptions?: [string, string][];
  label: string;
  children?: ReactNode;
}) {
  return (
    <section className="filters card" aria-label="Filters">
      <div className="field field-grow">
        <label htmlFor="list-q">Search {label}</label>
        <input
          id="list-q"
          type="search"
          data-search
          value={search}
          onChange={(e) => onSearch(e.target.value)}
          placeholder="Search by name…  ( / )"
        />
      </div>
      {children}
      <div className="field">
        <label htmlFor="list-status">Status</label>
        <select id="list-status" value={status} onChange={(e) => onStatus(e.target.value)}>
          {statusOptions.map(([value, text]) => (
            <option key={value} value={value}>
              {text}
            </option>
          ))}
        </select>
      </div>
    </section>
  );
}

export function matches(name: string, search: string): boolean {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const hay = name.toLowerCase();
  return words.every((w) => hay.includes(w));
}

/** Field errors of a validation_failed answer, and the form-level message otherwise. */
export function splitError(error: unknown, known: string[]): { fields: Record<string, string>; form: string | null } {
  if (error instanceof ApiError) {
    const fields: Record<string, string> = {};
    for (const [k, v] of Object.entries(error.fields)) if (known.includes(k)) fields[k] = v.charAt(0).toUpperCase() + v.slice(1);
    if (error.code === 'name_taken' || error.code === 'conflict') {
      if (known.includes('name')) return { fields: { name: error.message }, form: null };
    }
    if (Object.keys(fields).length > 0) return { fields, form: null };
    return { fields: {}, form: error.message };
  }
  return { fields: {}, form: error instanceof Error ? error.message : String(error) };
}

/** Delete answers 409 `in_use` when time is recorded on the thing: say what to do instead. */
export function deleteError(error: unknown, what: string): void {
  if (error instanceof ApiError && error.code === 'in_use') {
    toast(`This ${what} has recorded time and cannot be deleted. Archive it instead.`, { kind: 'error' });
    return;
  }
  toast(error instanceof Error ? error.message : String(error), { kind: 'error' });
}
