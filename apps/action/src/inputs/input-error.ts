/**
 * The one error a bad input becomes, and the readers of plain values (booleans, integers, defaults)
 * that every input parser builds on.
 */
import { INPUT_DEFAULTS, type InputName, type InputSource } from "./input-names.js";

/** A bad input. The message names the input and says what is accepted. */
export class InputError extends Error {
  override readonly name = "InputError";
  /** The input at fault. */
  readonly input: InputName;
  constructor(input: InputName, message: string) {
    super(message);
    this.input = input;
  }
}

const MAX_QUOTED = 80;

/** Quotes a user value for an error message, shortened so a pasted document does not flood the log. */
export function quote(value: string): string {
  const short = value.length > MAX_QUOTED ? `${value.slice(0, MAX_QUOTED)}…` : value;
  return JSON.stringify(short);
}

/** Throws the {@link InputError} of `input`: "Input \"x\" <accepted>; got \"<value>\"." */
export function fail(input: InputName, accepted: string, value?: string): never {
  const got = value === undefined ? "" : `; got ${quote(value)}`;
  throw new InputError(input, `Input "${input}" ${accepted}${got}.`);
}

/** The trimmed input, or its default when empty. */
export function read(source: InputSource, name: InputName): string {
  const value = source.getInput(name).trim();
  if (value !== "") return value;
  return (INPUT_DEFAULTS as Partial<Record<InputName, string>>)[name] ?? "";
}

const TRUE_VALUES = new Set(["true", "True", "TRUE"]);
const FALSE_VALUES = new Set(["false", "False", "FALSE"]);

/** YAML 1.2 core-schema booleans, as `core.getBooleanInput` accepts them. */
export function parseBoolean(source: InputSource, name: InputName): boolean {
  const value = read(source, name);
  if (TRUE_VALUES.has(value)) return true;
  if (FALSE_VALUES.has(value)) return false;
  return fail(name, "must be true or false", value);
}

/** An integer input within `min`..`max`. */
export function parseInteger(source: InputSource, name: InputName, min: number, max: number): number {
  const value = read(source, name);
  const range =
    max === Number.MAX_SAFE_INTEGER ? `an integer of at least ${min}` : `an integer from ${min} to ${max}`;
  if (!/^\d+$/.test(value)) return fail(name, `must be ${range}`, value);
  const n = Number(value);
  if (n < min || n > max) return fail(name, `must be ${range}`, value);
  return n;
}
