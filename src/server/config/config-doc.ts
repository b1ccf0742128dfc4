// Renders docs/configuration.md from the VARIABLES table, so the documentation cannot drift from the code.
// Pure: scripts/generate-docs.ts writes the result, and a test fails when the committed file differs.
import { VARIABLES } from './config.js';

/** The part of a variable's declaration the documentation shows. */
export interface DocumentedVariable {
  group: string;
  accepts: string;
  description: string;
  default?: string;
  secret?: boolean;
}

/** Table cells are one line; a `|` would end the cell. */
const cell = (text: string) => text.replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|');

const SOURCE = 'src/server/config/config.ts';

export function renderConfigurationDoc(variables: Record<string, DocumentedVariable> = VARIABLES): string {
  // Groups appear in the order of their first variable in the table.
  const groups = new Map<string, [string, DocumentedVariable][]>();
  for (const [name, spec] of Object.entries(variables)) {
    const members = groups.get(spec.group) ?? [];
    members.push([name, spec]);
    groups.set(spec.group, members);
  }

  const lines = [
    '# Configuration',
    '',
    `<!-- Generated from ${SOURCE} by \`npm run docs\`. Do not edit by hand: change the table there and run \`npm run docs\`. -->`,
    '',
    'TimeTracker reads its whole configuration from environment variables, once, at start-up; the CLI',
    '(`npm run cli`) reads the same ones. An empty variable counts as unset. An invalid value stops the start with',
    'one line naming the variable and what it accepts. Boolean variables accept `true`/`false`, `1`/`0`,',
    '`yes`/`no` and `on`/`off`, in any letter case.',
    '',
    'Variables marked **secret** are never printed: an error about one names it but hides its value.',
    '',
  ];
  for (const [group, members] of groups) {
    lines.push(`## ${group}`, '', '| Variable | Default | Accepts | Description |', '|---|---|---|---|');
    for (const [name, spec] of members) {
      const variable = `\`${name}\`${spec.secret ? ' (**secret**)' : ''}`;
      const fallback = spec.default === undefined ? 'unset' : `\`${cell(spec.default)}\``;
      lines.push(`| ${variable} | ${fallback} | ${cell(spec.accepts)} | ${cell(spec.description)} |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
