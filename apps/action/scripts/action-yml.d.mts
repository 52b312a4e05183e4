/** One input of action.yml. */
export interface ActionInput {
  name: string;
  description: string;
  required: boolean;
  default: string | undefined;
}

/** One output of action.yml. */
export interface ActionOutput {
  name: string;
  description: string;
}

/** Parses the `inputs:` and `outputs:` sections of action.yml. */
export function parseActionYml(text: string): { inputs: ActionInput[]; outputs: ActionOutput[] };
