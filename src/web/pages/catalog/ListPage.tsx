// The list page of clients, projects and tasks: header with "New", search + status (+ the resource's own filters),
// the list's loading/error/empty states, the table with row actions, and the create/edit dialog. What differs per
// resource comes from its spec (clients.tsx, projects.tsx, tasks.tsx).
import { useState } from 'react';
import type { FieldValues } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { useConfirm } from '../../components/ConfirmDialog.js';
import { ListEmpty, ListFilters, ListStates, ListTable, NewButton, RowButton, useListQuery } from '../../components/crud.js';
import { Dialog, PageHeader } from '../../components/ui.js';
import { usePageTitle } from '../../lib/title.js';
import { CatalogFormDialogBody } from './CatalogForm.js';
import { useArchive, useDelete, useStatusChange } from './mutations.js';
import type { CatalogItem, CatalogSpec } from './spec.js';

export function ListPage<T extends CatalogItem, V extends FieldValues, B>({ spec }: { spec: CatalogSpec<T, V, B> }) {
  const { t } = useTranslation();
  const { query, search, setSearch, status, onStatus } = useListQuery(spec.defaultStatus);
  const view = spec.useView({ search, status, query });
  const { texts, items } = view;
  usePageTitle(texts.title);
  const [editing, setEditing] = useState<T | 'new' | null>(null);
  const archive = useArchive<T & { status: string }>(spec.list, spec.api.setStatus);
  const instead = useStatusChange<T & { status: string }>(spec.list, spec.api.setStatus, (item) =>
    view.instead ? view.instead.said(item.name) : '',
  );
  const [confirm, confirmDialog] = useConfirm();
  // In use (time recorded on it, a client's projects): the server would refuse, so that is said first, with what to do instead.
  const refuse = async (item: T) => {
    const offer = view.instead && (item as T & { status?: string }).status !== view.instead.status ? view.instead : null;
    const ok = await confirm({
      title: t('list.cannotDelete', { name: item.name }),
      body: texts.inUse,
      confirmLabel: offer?.label ?? null,
      tone: 'primary',
    });
    if (ok && offer) instead.mutate({ item: item as T & { status: string }, status: offer.status });
  };
  const remove = useDelete<T>([spec.list, ...(spec.deleteAlsoChanges ?? [])], spec.api.remove, (item) => void refuse(item));
  const all = items.data ?? [];
  const hasActions = view.canDelete || view.archivable || all.some(view.canEdit);

  const confirmDelete = async (item: T) => {
    // Not knowing (the check failed) asks as usual; the server still refuses, and then says so.
    const inUse = await (spec.api.inUse?.(item) ?? Promise.resolve(false)).catch(() => false);
    if (inUse) return refuse(item);
    const ok = await confirm({
      title: t('list.deleteName', { name: item.name }),
      body: texts.confirmDelete(item.name),
      confirmLabel: t('common.delete'),
      tone: 'danger',
    });
    if (ok) remove.mutate(item);
  };
  const newButton = (label: string) => view.canCreate && <NewButton onClick={() => setEditing('new')}>{label}</NewButton>;

  return (
    <>
      <PageHeader title={texts.title}>{newButton(texts.newItem)}</PageHeader>
      <ListFilters
        label={texts.search}
        search={search}
        onSearch={setSearch}
        status={status}
        onStatus={onStatus}
        statusOptions={view.statusOptions}
      >
        {view.filters}
      </ListFilters>
      <ListStates
        error={items.error}
        retry={() => void items.refetch()}
        loading={items.isPending}
        lines={view.skeletonLines}
        empty={
          view.visible.length === 0 && (
            <ListEmpty
              none={all.length === 0}
              title={texts.emptyTitle}
              noMatch={texts.noMatch}
              action={newButton(texts.addFirst)}
            >
              {texts.emptyBody}
            </ListEmpty>
          )
        }
      >
        {() => (
          <ListTable columns={view.columns.map((c) => c.header)} actions={hasActions}>
            {view.visible.map((item) => (
              <tr key={item.id}>
                {view.columns.map((c) => (
                  <td key={c.header} data-label={c.header}>
                    {c.cell(item)}
                  </td>
                ))}
                {hasActions && (
                  <td className="row-actions">
                    {view.canEdit(item) && (
                      <RowButton onClick={() => setEditing(item)} label={t('list.editName', { name: item.name })}>
                        {t('common.edit')}
                      </RowButton>
                    )}
                    {view.archivable && <ArchiveButton item={item as T & { status: string }} onToggle={archive.mutate} />}
                    {view.canDelete && (
                      <RowButton
                        danger
                        onClick={() => void confirmDelete(item)}
                        label={t('list.deleteName', { name: item.name })}
                      >
                        {t('common.delete')}
                      </RowButton>
                    )}
                  </td>
                )}
              </tr>
            ))}
          </ListTable>
        )}
      </ListStates>
      <Dialog open={editing !== null} title={editing === 'new' ? texts.newItem : texts.edit} onClose={() => setEditing(null)}>
        {editing !== null && (
          <CatalogFormDialogBody
            spec={spec}
            texts={texts}
            item={editing === 'new' ? null : editing}
            query={query}
            onDone={() => setEditing(null)}
          />
        )}
      </Dialog>
      {confirmDialog}
    </>
  );
}

function ArchiveButton<T extends CatalogItem & { status: string }>({
  item,
  onToggle,
}: {
  item: T;
  onToggle: (change: { item: T; status: string }) => void;
}) {
  const { t } = useTranslation();
  const active = item.status === 'active';
  return (
    <RowButton
      onClick={() => onToggle({ item, status: active ? 'archived' : 'active' })}
      label={active ? t('list.archiveName', { name: item.name }) : t('list.unarchiveName', { name: item.name })}
    >
      {active ? t('common.archive') : t('common.unarchive')}
    </RowButton>
  );
}
