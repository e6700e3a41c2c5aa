// Remediation is written per framework and per topic: the checks of one family share the fix
// (every fixation variant is cured by rotating at login), so the text lives once per topic and the
// check only adds its own opening sentence (see ../remediation.ts).

export const TOPICS = ['rotate', 'logout', 'expiry', 'url', 'tokens', 'cookies', 'authz', 'elevate'] as const
export type Topic = (typeof TOPICS)[number]

export interface Advice {
  text: string
  snippet?: string
}

export type FrameworkAdvice = Readonly<Record<Topic, Advice>>
