// Reads the inputs and outputs of action.yml. action.yml uses a small, regular subset of YAML (maps
// indented by two spaces, plain or quoted scalars, folded `>-` blocks), so a 60-line reader is enough
// and the README generator needs no YAML dependency. Anything outside that subset is an error, not a guess.

function scalar(raw, where) {
  const value = raw.trim();
  if (value.startsWith('"')) {
    if (!value.endsWith('"') || value.length < 2) throw new Error(`${where}: unterminated string`);
    return JSON.parse(value);
  }
  if (value.startsWith("'")) {
    if (!value.endsWith("'") || value.length < 2) throw new Error(`${where}: unterminated string`);
    return value.slice(1, -1).replace(/''/g, "'");
  }
  return value;
}

/**
 * Parses the `inputs:` and `outputs:` sections.
 * @param {string} text action.yml
 * @returns {{ inputs: Array<{ name: string, description: string, required: boolean, default: string | undefined }>,
 *             outputs: Array<{ name: string, description: string }> }}
 */
export function parseActionYml(text) {
  const lines = text.split(/\r?\n/);
  const sections = { inputs: [], outputs: [] };
  let section = null;
  let entry = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trim() === "" || line.trim().startsWith("#")) continue;
    const where = `action.yml line ${i + 1}`;
    const top = /^([A-Za-z][\w-]*):\s*(.*)$/.exec(line);
    if (top) {
      section = top[1] === "inputs" || top[1] === "outputs" ? top[1] : null;
      entry = null;
      continue;
    }
    if (!section) continue;
    const name = /^ {2}([A-Za-z][\w-]*):\s*$/.exec(line);
    if (name) {
      entry = { name: name[1], description: "", required: false, default: undefined };
      sections[section].push(entry);
      continue;
    }
    const field = /^ {4}([A-Za-z][\w-]*):\s*(.*)$/.exec(line);
    if (!field || !entry) throw new Error(`${where}: unexpected line ${JSON.stringify(line)}`);
    let value = field[2];
    if (value === ">-" || value === ">" || value === "|") {
      const block = [];
      while (i + 1 < lines.length && (/^ {6}/.test(lines[i + 1]) || lines[i + 1].trim() === "")) {
        block.push(lines[++i].trim());
      }
      value = value === "|" ? block.join("\n") : block.join(" ").replace(/\s+/g, " ").trim();
    } else {
      value = scalar(value, where);
    }
    if (field[1] === "description") entry.description = value;
    else if (field[1] === "required") entry.required = value === "true";
    else if (field[1] === "default") entry.default = value;
  }
  return {
    inputs: sections.inputs,
    outputs: sections.outputs.map(({ name, description }) => ({ name, description })),
  };
}
