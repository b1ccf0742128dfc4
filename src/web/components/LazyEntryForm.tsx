// The entry form as its own chunk, with the form library and the validation schemas it brings: a list of entries
// or the calendar shows without them, and they arrive when a form first opens.
import { lazy, Suspense, type ComponentProps } from 'react';
import type { EntryForm as Form } from './EntryForm.js';
import { Skeleton } from './ui.js';

const EntryForm = lazy(() => import('./EntryForm.js').then((m) => ({ default: m.EntryForm })));

export function LazyEntryForm(props: ComponentProps<typeof Form>) {
  return (
    <Suspense fallback={<Skeleton lines={4} />}>
      <EntryForm {...props} />
    </Suspense>
  );
}
