import { cleanup, render, screen } from '@testing-library/react';
import { userEvent } from '@testing-library/user-event';
import { afterEach, describe, expect, it } from 'vitest';
import '../../i18n/index.js';
import { ExportLinks } from './ExportLinks.js';

const entryQuery = { from: '2025-03-10T00:00:00Z', to: '2025-03-17T00:00:00Z', project_id: 4 };
const summaryQuery = { ...entryQuery, group_by: 'day' as const, timezone: 'Europe/Berlin' };
const href = (name: string) => screen.getByRole('link', { name }).getAttribute('href');

describe('ExportLinks', () => {
  afterEach(cleanup);

  it("carries the report's filters into every download, the grouping only into the summary PDF", () => {
    render(<ExportLinks entryQuery={entryQuery} summaryQuery={summaryQuery} />);
    const filters = 'from=2025-03-10T00%3A00%3A00Z&to=2025-03-17T00%3A00%3A00Z&project_id=4';
    expect(href('CSV')).toBe(`/api/v1/exports/time-entries.csv?${filters}`);
    expect(href('Excel')).toBe(`/api/v1/exports/time-entries.xlsx?${filters}`);
    expect(href('PDF')).toBe(`/api/v1/exports/summary.pdf?${filters}&group_by=day&timezone=Europe%2FBerlin`);
    expect(href('Entry list')).toBe(`/api/v1/exports/time-entries.pdf?${filters}`);
  });

  it('adds labelled headers to CSV and Excel and the byte order mark to CSV when asked', async () => {
    const user = userEvent.setup();
    render(<ExportLinks entryQuery={entryQuery} summaryQuery={summaryQuery} />);
    await user.click(screen.getByLabelText('Column names in my language'));
    expect(href('CSV')).toMatch(/&headers=labels$/);
    expect(href('Excel')).toMatch(/&headers=labels$/);
    expect(href('Entry list')).not.toContain('headers');
    await user.click(screen.getByLabelText('CSV for Excel (byte order mark)'));
    expect(href('CSV')).toMatch(/&headers=labels&bom=true$/);
    expect(href('Excel')).not.toContain('bom');
  });
});
