// Shared lists (projects, clients, tasks) with lookups by id; changes invalidate them through catalogChanged().
import { useQuery, type UseQueryResult } from '@tanstack/react-query';
import { useMemo } from 'react';
import { queries } from '../api/queries.js';
import type { Project } from '../api/types.js';

/** The list (empty while loading) and a Map by id, beside the query's own state. */
function useLookup<T extends { id: number }>(res: UseQueryResult<T[]>) {
  const byId = useMemo(() => new Map((res.data ?? []).map((item) => [item.id, item])), [res.data]);
  return { data: res.data, error: res.error, loading: res.isPending, reload: res.refetch, list: res.data ?? [], byId };
}

export function useProjects() {
  const { list, ...rest } = useLookup(useQuery(queries.projects()));
  return { ...rest, projects: list };
}

export function useClients() {
  const { list, ...rest } = useLookup(useQuery(queries.clients()));
  return { ...rest, clients: list };
}

export function useTasks() {
  const { list, ...rest } = useLookup(useQuery(queries.tasks()));
  return { ...rest, tasks: list };
}

/** A stable colour for a project without one (hue from its id). */
export function projectColor(project: Pick<Project, 'id' | 'color'> | undefined): string {
  if (project?.color && /^#[0-9a-fA-F]{6}$/.test(project.color)) return project.color;
  const hue = ((project?.id ?? 0) * 137) % 360;
  return `hsl(${hue} 55% 50%)`;
}

export const PROJECT_COLORS = [
  '#2563eb',
  '#16a34a',
  '#dc2626',
  '#d97706',
  '#9333ea',
  '#0891b2',
  '#db2777',
  '#4b5563',
  '#65a30d',
  '#0d9488',
];
