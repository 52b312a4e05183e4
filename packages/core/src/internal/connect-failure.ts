/**
 * How runtimes say that a connection could not be opened, so nothing was sent: Node (undici) and Bun set
 * `code` (refused, host not found), Deno names the connect phase in the message ("client error (Connect)").
 * Codes are matched whole, so a URL quoted in a message cannot pass for one.
 */
const BEFORE_SENDING = /^(ECONNREFUSED|ENOTFOUND|EAI_AGAIN)$|client error \(Connect\)/;

/**
 * Whether a fetch failure certainly happened before the request was sent, judged from the thrown value
 * and its causes (where Node puts the detail). Browsers and Workers report every network failure alike
 * ("Failed to fetch", "Network connection lost"), so there the answer is false: the request may have gone out.
 */
export function failedBeforeSending(thrown: unknown, depth = 0): boolean {
  const error = thrown as { code?: string; message?: string; cause?: unknown } | undefined;
  return (
    !!error &&
    depth < 4 &&
    (BEFORE_SENDING.test(error.code!) ||
      BEFORE_SENDING.test(error.message!) ||
      failedBeforeSending(error.cause, depth + 1))
  );
}
