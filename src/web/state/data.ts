// Shared lists (projects, clients, tasks) with lookups; mutations call invalidate('projects') etc.
import { useMemo } from 'react';
import { fetchAll } from '../api/client.js';
import type { Project } from '../api/types.js';
import { useResource } from '../lib/resource.js';

export function useProjects() {
  const res = useResource('projects:all', () => fetchAll('/projects'));
  const byId = useMemo(() => new Map((res.data ?? []).map((p) => [p.id, p])), [res.data]);
  return { ...res, projects: res.data ?? [], byId };
}

export function useClients() {
  const res = useResource('clients:all', () => fetchAll('/clients'));
  const byId = useMemo(() => new Map((res.data ?? []).map((c) => [c.id, c])), [res.data]);
  return { ...res, clients: res.data ?? [], byId };
}

export function useTasks() {
  const res = useResource('tasks:all', () => fetchAll('/tasks'));
  const byId = useMemo(() => new Map((res.data ?? []).map((t) => [t.id, t])), [res.data]);
  return { ...res, tasks: res.data ?? [], byId };
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
