// The project picker as its own chunk: the combobox library is the largest part of the UI, and the page around it
// (the dashboard, the entries page) should not wait for it. Until it arrives an inert field of the same size and id
// stands in, so the label and layout are already right.
import { lazy, Suspense, type ComponentProps } from 'react';
import { useProjects } from '../state/data.js';
import type { ProjectPicker as Picker } from './ProjectPicker.js';

const ProjectPicker = lazy(() => import('./ProjectPicker.js').then((m) => ({ default: m.ProjectPicker })));

export function LazyProjectPicker(props: ComponentProps<typeof Picker>) {
  const { byId } = useProjects();
  const chosen = props.value.project_id ? (byId.get(props.value.project_id)?.name ?? '') : '';
  return (
    <Suspense fallback={<input id={props.id} className="picker-input" value={chosen} readOnly disabled aria-busy="true" />}>
      <ProjectPicker {...props} />
    </Suspense>
  );
}
