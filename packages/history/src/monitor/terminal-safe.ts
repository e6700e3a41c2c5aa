// The monitor prints lines built from target-controlled text (finding titles, error messages that
// quote a page, cookie names). A terminal obeys escape sequences in them (clear the screen, retitle
// the window, hide text), and a CR or LF inside a line forges a log line of its own. Each is shown
// as a visible escape instead, as the scan command does for its own output.

// C0 and C1 controls, DEL, line/paragraph separators and the bidirectional overrides that reorder what is shown
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

/** One line for a terminal or a log: every control character visible as \\xNN / \\uNNNN, nothing obeyed. */
export function terminalSafe(line: string): string {
  return line.replace(UNSAFE, (c) => {
    const code = c.charCodeAt(0)
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
  })
}
