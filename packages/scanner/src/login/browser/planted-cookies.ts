import type { Jar } from '../../http/jar.js'

/**
 * The cookies of `jar` for `url` as a browser context is given them. A page script that reads a planted
 * value before anything is typed holds it, so:
 * - a cookie the target set keeps the target's `HttpOnly` (what it hid from scripts stays hidden);
 * - a value the scanner chose under a name the target did not set (an id a check plants or invents) is
 *   `HttpOnly`: no page script reads what the scanner chose;
 * - a cookie the operator supplied (`request.cookies`) is planted as given, readable by scripts: a consent
 *   banner, an A/B flag or a locale chooser reads it from `document.cookie`, and it is the operator's own.
 */
export function plantedCookies(jar: Jar, url: string): Array<{ name: string; value: string; httpOnly: boolean }> {
  return jar.forBrowser(url).map((c) => ({ name: c.name, value: c.value, httpOnly: c.httpOnly || c.chosen }))
}
