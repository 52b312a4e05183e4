/** Markdown tables for the inputs and outputs of an action.yml text. */
export function renderTables(actionYml: string): { inputs: string; outputs: string };
/** The README with freshly generated tables. */
export function regenerateReadme(readme: string, actionYml: string): string;
