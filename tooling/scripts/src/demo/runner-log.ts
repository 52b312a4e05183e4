// Shows the action's log the way a GitHub runner does: values registered with `::add-mask::` are
// replaced by *** from then on (the mask command itself is not shown), groups become headings and
// annotations become plain `error:`/`warning:` lines.

/** A line transformer with its own mask list; returns undefined for lines the runner does not show. */
export function runnerLogLine(): (line: string) => string | undefined {
  const masks: string[] = [];
  const mask = (text: string) => masks.reduce((out, secret) => out.split(secret).join("***"), text);
  return (line) => {
    const command = /^::([a-z-]+)(?: [^:]*)?::(.*)$/.exec(line);
    if (!command) return mask(line);
    const name = command[1] ?? "";
    const value = command[2] ?? "";
    if (name === "add-mask") {
      if (value) masks.push(value);
      return undefined;
    }
    if (name === "group") return `▸ ${mask(value)}`;
    // The runner shows debug lines only with step debugging on.
    if (name === "endgroup" || name === "debug") return undefined;
    if (name === "error" || name === "warning" || name === "notice") return `${name}: ${mask(value)}`;
    return mask(line);
  };
}
