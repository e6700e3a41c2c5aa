// Target-controlled text reaches reports, terminals and error lines. Each place neutralises control
// characters differently on purpose (a report replaces them, the monitor shows them as visible
// escapes so an operator sees what the target sent, an error line flattens them to spaces); the
// character classes and the replacing live here once.

// C0 and C1 control characters and DEL
const C0_C1 = /[\u0000-\u001f\u007f-\u009f]/g
const C0_C1_RUNS = /[\u0000-\u001f\u007f-\u009f]+/g

// Reports keep tabs and newlines; they also drop the bidi marks and overrides that make text read
// differently from what it is ("Trojan Source").
const REPORT_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g

// A terminal line: every control, line/paragraph separators and the bidi overrides
const TERMINAL_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g

/** Replaces each C0/C1 control and DEL with `by`; with `runs`, each run of them with one `by`. */
export function replaceControls(s: string, by: string, runs = false): string {
  return s.replace(runs ? C0_C1_RUNS : C0_C1, by)
}

/** Report text: controls and bidi overrides replaced by U+FFFD, tabs and newlines kept. */
export function stripControls(s: string): string {
  return s.replace(REPORT_CONTROLS, '\uFFFD')
}

/** One line for a terminal or a log: every control character visible as \\xNN / \\uNNNN, nothing obeyed. */
export function escapeControls(line: string): string {
  return line.replace(TERMINAL_UNSAFE, (c) => {
    const code = c.charCodeAt(0)
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`
  })
}
