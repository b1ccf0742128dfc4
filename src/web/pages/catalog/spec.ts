// What the generic list page (ListPage.tsx) needs to know about one kind of catalog item: its list in the cache,
// its API calls, its texts, columns and filters (a hook, since they depend on translations, the session and other
// lists), and its form (fields, default values, values → request body, checked with the server's shared schema).
import type { UseQueryResult } from '@tanstack/react-query';
import type { ComponentType, ReactNode } from 'react';
import type { FieldValues, Path } from 'react-hook-form';
import type { z } from 'zod';
import type { CatalogList } from '../../api/queries.js';

export type CatalogItem = { id: number; name: string };

/** The list page's filter state: the search text, the status filter and the URL's query (extra filters). */
export interface ListFilter {
  search: string;
  status: string;
  query: URLSearchParams;
}

export interface CatalogTexts {
  title: string;
  newItem: string;
  edit: string;
  search: string;
  emptyTitle: string;
  emptyBody: string;
  noMatch: string;
  addFirst: string;
  /** Shown when deleting answers 409 `in_use`: what to do instead. */
  inUse: string;
  confirmDelete: (name: string) => string;
  created: (name: string) => string;
  saved: string;
  createSubmit: string;
  saveSubmit: string;
}

export interface Column<T> {
  header: string;
  cell: (item: T) => ReactNode;
}

export interface CatalogView<T extends CatalogItem> {
  texts: CatalogTexts;
  /** Every item (the query's state for loading and errors). */
  items: UseQueryResult<T[]>;
  /** The items the filters let through, in display order. */
  visible: T[];
  columns: Column<T>[];
  /** Filter controls beside the search box (e.g. the client of projects). */
  filters?: ReactNode;
  statusOptions?: [string, string][];
  canCreate: boolean;
  canEdit: (item: T) => boolean;
  canDelete: boolean;
  /** Rows get Archive/Unarchive buttons (clients and projects). */
  archivable: boolean;
  /** What a refused delete offers instead (archive, mark done): the button, the status it sets and its toast. */
  instead?: { label: string; status: string; said: (name: string) => string };
  skeletonLines: number;
}

/** What a form's checks and body may depend on: the item being edited (null: a new one) and the user's role. */
export interface FormContext<T> {
  item: T | null;
  isAdmin: boolean;
}

export interface CatalogForm<T extends CatalogItem, V extends FieldValues, B> {
  /** The form's values → the request body, piped into the shared schema the server validates with. */
  schema: (ctx: FormContext<T>) => z.ZodType<unknown, V>;
  toBody: (values: V, ctx: FormContext<T>) => B;
  /** The values the form starts with (a hook: defaults may come from other lists or the URL). */
  useDefaults: (ctx: FormContext<T>, query: URLSearchParams) => V;
  Fields: ComponentType<{ ctx: FormContext<T> }>;
  /** Sentences for checks whose message is zod's own rather than a shared rule's (a missing project, …). */
  useMessages?: () => Partial<Record<Path<V>, string>>;
}

export interface CatalogSpec<T extends CatalogItem, V extends FieldValues = FieldValues, B = unknown> {
  list: CatalogList;
  defaultStatus: string;
  /** Lists that deleting an item changes too (a project's tasks go with it). */
  deleteAlsoChanges?: CatalogList[];
  useView: (filter: ListFilter) => CatalogView<T>;
  form: CatalogForm<T, V, B>;
  api: {
    create: (body: B) => Promise<unknown>;
    update: (item: T, body: B) => Promise<unknown>;
    remove: (item: T) => Promise<unknown>;
    /**
     * Whether the server would refuse to delete the item (409 `in_use`: time recorded on it, a client's projects),
     * asked before confirming so the refusal is said first.
     */
    inUse?: (item: T) => Promise<boolean>;
    /** Archive/unarchive (clients, projects) or move through the statuses (tasks). */
    setStatus?: (item: T, status: string) => Promise<unknown>;
  };
}
