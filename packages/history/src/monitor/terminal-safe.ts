import { escapeControls } from '@sessionguard/scanner'

// The monitor prints lines built from target-controlled text (finding titles, error messages that
// quote a page, cookie names). A terminal obeys escape sequences in them (clear the screen, retitle
// the window, hide text), and a CR or LF inside a line forges a log line of its own. Each is shown
// as a visible escape instead, as the scan command does for its own output.

/** One line for a terminal or a log: every control character visible as \\xNN / \\uNNNN, nothing obeyed. */
export const terminalSafe: (line: string) => string = escapeControls
