// A login page that turns against the browser the scanner logs in with. Its form is served without a
// charset (Chromium then posts it in windows-1252: ü as %FC); its script tries every way out of the
// scan's scope the issue names: WebRTC's STUN (and WebTransport's QUIC) over UDP to a loopback port, a keylogger that sends each
// keystroke of the password over a WebSocket to ws://localhost:<another port>, an image that
// redirects to another port of the same host, and optionally a 307 that re-posts the typed form to
// another origin. The check page can draw the session id in the ways a screenshot check must see or
// mask (?v=canvas, css-attr, iframe, svg, shadow-closed, …). The session id is kept at login, so the
// scanner confirms SG-FIX-LOGIN.
import { randomBytes } from 'node:crypto'
import { createSocket, type Socket as UdpSocket } from 'node:dgram'
import { existsSync, readFileSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { domainToASCII } from 'node:url'
import { startHostileApp, type HostileApp } from './app.js'
import { startElsewhere, type Elsewhere } from './elsewhere.js'

export interface HostileBrowserLogin {
  url: string
  /** A scan config for a browser login as alice (screenshots are the caller's option). */
  config: Record<string, unknown>
  app: HostileApp
  /** Another loopback port: every TCP connection to it counts. */
  elsewhere: Elsewhere
  /** UDP datagrams received on the loopback port the page names as its STUN server. */
  readonly udpPackets: number
  close(): Promise<void>
}

export const HOSTILE_BROWSER_ACCOUNT = { username: 'alice', password: 'Grüße Paß €Ω-7' } as const

const DEJAVU = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'

/**
 * Passwords the check page draws (r24r: ?v=short-dash, mixed-dash, micro-field, micro-small-caps,
 * date-field), which a screenshot test gives its redactor as the scan's passwords.
 */
export const DRAWN_PASSWORDS = { short: 'Tr0ub4-x!', mixed: 'pd-Hunter2-x', upper: 'Mango-Tree7', date: '12072026' } as const

/** The check page's ways of drawing the session id. */
function drawId(variant: string, sid: string): string {
  const box = 'position:absolute;left:100px;top:200px;width:300px;height:60px'
  const svg = (text: string): string =>
    `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="60"><rect width="300" height="60" fill="white"/><text x="4" y="40" font-size="14">${text}</text></svg>`
  switch (variant) {
    case 'canvas':
      return `<canvas id="c" width="300" height="60" style="${box}"></canvas><script>const g=document.getElementById('c').getContext('2d');g.font='14px sans-serif';g.fillText(${JSON.stringify(sid)},4,40)</script>`
    case 'css-attr':
      return `<style>#d::after{content:attr(data-s)}</style><div id="d" data-s="${sid}" style="${box}"></div>`
    case 'iframe':
      return `<iframe style="${box}" srcdoc="<p>${sid}</p>"></iframe>`
    case 'svg':
      return `<div style="${box}">${svg(sid)}</div>`
    case 'img':
      return `<img style="${box}" src="/id.svg">`
    case 'background':
      return `<div style="${box};background-image:url(/id.svg)"></div>`
    case 'shadow-closed':
      return `<div id="h" style="${box}"></div><script>document.getElementById('h').attachShadow({mode:'closed'}).innerHTML='<p>'+${JSON.stringify(sid)}+'</p>'</script>`
    case 'shadow-open':
      return `<div id="h" style="${box}"></div><script>document.getElementById('h').attachShadow({mode:'open'}).innerHTML='<p>'+${JSON.stringify(sid)}+'</p>'</script>`
    case 'list-marker':
      return `<ul style="${box}"><li style='list-style-type:"${sid} "'>item</li></ul>`
    case 'placeholder':
      return `<input style="${box}" placeholder="${sid}">`
    case 'hex-upper':
      return `<p style="${box};text-transform:uppercase">${Buffer.from(sid).toString('hex')}</p>`
    case 'base64-of-base64':
      return `<p style="${box}">${Buffer.from(Buffer.from(sid).toString('base64')).toString('base64')}</p>`
    case 'liar':
      // the page lies to any check run among its own scripts
      return `<p style="${box}">${sid}</p><script>Object.defineProperty(HTMLElement.prototype,'innerText',{get(){return 'Signed in as alice'}});Object.defineProperty(Node.prototype,'textContent',{get(){return ''}});window.getComputedStyle=()=>({getPropertyValue:()=>'none',content:'none',listStyleType:'disc'})</script>`
    case 'unmask':
      // and takes a mask marker off as soon as it appears
      return `<div id="u" style="${box};background-image:url(/id.svg)"></div><script>new MutationObserver((ms)=>{for(const m of ms)if(m.target.removeAttribute)for(const a of Array.from(m.target.attributes||[]))if(a.name.startsWith('data-'))m.target.removeAttribute(a.name)}).observe(document,{attributes:true,subtree:true});setInterval(()=>{for(const e of document.querySelectorAll('*'))for(const a of Array.from(e.attributes))if(a.name.startsWith('data-'))e.removeAttribute(a.name)},1)</script>`
    case 'webfont':
      return `<style>@font-face{font-family:odd;src:url(/font.ttf),local("DejaVu Sans"),local("Liberation Sans")}</style><p style="${box};font-family:odd">Welcome back</p>`
    // r23c: painting the id where no mask box reaches, or only once the check has read the page
    case 'pseudo-background':
      // a generated box of another element, with the id as its background
      return `<style>#o::after{content:"";position:absolute;left:100px;top:200px;width:300px;height:60px;background-image:url(/id.svg)}</style><div id="o" style="position:absolute;left:0;top:0;width:8px;height:8px"></div>`
    case 'img-overflow':
      // a one-pixel image that paints its whole picture outside its box
      return `<img src="/id.svg" style="position:absolute;left:100px;top:200px;width:1px;height:1px;overflow:visible;object-fit:none;object-position:0 0">`
    case 'svg-overflow':
      return `<svg width="1" height="1" style="position:absolute;left:100px;top:200px;overflow:visible"><image href="/id.svg" width="300" height="60"/></svg>`
    case 'reflect':
      // an image above the box, reflected into it
      return `<img src="/id.svg" style="position:absolute;left:100px;top:140px;width:300px;height:60px;-webkit-box-reflect:below 0">`
    case 'drop-shadow':
      return `<div style="position:absolute;left:100px;top:100px;width:300px;height:60px;filter:drop-shadow(0 100px 0 black)"><img src="/id.svg" width="300" height="60"></div>`
    case 'backdrop':
      return `<style>#m::backdrop{background:url(/id.svg) no-repeat 100px 200px}</style><dialog id="m">Signed in as alice</dialog><script>document.getElementById('m').showModal()</script>`
    case 'scrollbar':
      // a scroll container whose scrollbar is as wide as the box, with the id as the scrollbar's track
      return `<style>#q::-webkit-scrollbar{width:300px}#q::-webkit-scrollbar-track{background:url(/id.svg)}</style><div id="q" style="${box};overflow-y:scroll"><div style="height:1000px"></div></div>`
    case 'element-content':
      return `<div style="${box};content:url(/id.svg)"></div>`
    case 'hidden-then-animated':
      // hidden when the check reads the page (innerText leaves it out); an animation the picture finishes shows it
      return `<style>@keyframes r{to{visibility:visible}}</style><p style="${box};visibility:hidden;animation:r 1000s step-end forwards">${sid}</p>`
    case 'shown-by-the-mask':
      // hidden until the picture's own machinery enters the page (Playwright's mask pane, the check's marks)
      return `<style>#z{visibility:hidden}body:has(x-pw-glass) #z,[data-sg-mask]~#z{visibility:visible}</style><img src="/id.svg" width="1" height="1"><p id="z" style="${box}">${sid}</p>`
    // r23d: text the browser draws from attributes and CSS, and a mask image that is not a mask-image
    case 'option-label':
      return `<select size="2" style="${box}"><option label="${sid}">Welcome</option></select>`
    case 'optgroup-label':
      return `<select size="3" style="${box}"><optgroup label="${sid}"><option>Welcome</option></optgroup></select>`
    case 'quotes':
      return `<p style="${box}"><q style='quotes:"${sid}" ""'></q></p>`
    case 'builtin-counters': {
      // one counter per character, each drawn in a built-in style (a letter as lower-alpha, a digit as decimal)
      const chars = [...sid]
      const value = (c: string): string => (/[0-9]/.test(c) ? c : String(c.charCodeAt(0) - 96))
      const style = (c: string): string => (/[0-9]/.test(c) ? 'decimal' : 'lower-alpha')
      return `<style>#n{counter-reset:${chars.map((c, i) => `k${i} ${value(c)}`).join(' ')}}#n::before{content:${chars.map((c, i) => `counter(k${i},${style(c)})`).join(' ')}}</style><div id="n" style="${box}"></div>`
    }
    case 'numbered-list':
      // the same, as the ordinal markers of list items
      return `<ol style="${box};list-style-type:lower-alpha">${[...sid].map((c) => `<li value="${/[0-9]/.test(c) ? c : c.charCodeAt(0) - 96}" style="list-style-type:${/[0-9]/.test(c) ? 'decimal' : 'lower-alpha'}"></li>`).join('')}</ol>`
    case 'hyphenate':
      return `<p lang="en" style="${box};width:40px;hyphens:manual;hyphenate-character:'${sid}'">aaaa&shy;bbbbbbbbbb</p>`
    case 'mask-box':
      // a black box masked by the id drawn in black on a transparent picture
      return `<div style="${box};background:black;-webkit-mask-box-image:url(/idt.svg)"></div>`
    case 'mask-box-outset':
      // a 2 × 2 box whose mask reaches 298 × 58 pixels further, over a black child that overflows it
      return `<div style="position:absolute;left:100px;top:200px;width:2px;height:2px;-webkit-mask-box-image:url(/idt.svg) 0 / auto / 0 298px 58px 0 stretch"><div style="width:300px;height:60px;background:black"></div></div>`
    // r23g: a marker drawn by generated content, and pseudo-elements the check does not know
    case 'pseudo-list-item':
      return `<style>@counter-style sg{system:fixed;symbols:"${sid}"}#k::before{content:"";display:list-item;list-style-type:sg;list-style-position:inside}</style><div id="k" style="${box}"></div>`
    case 'scroll-button':
      return `<style>#k{overflow-x:scroll;white-space:nowrap}#k::scroll-button(right){content:"${sid}"}</style><div id="k" style="${box}">${'Welcome back '.repeat(20)}</div>`
    // r23h: text outside the body, an imported sheet, a marker on another generated box, an SVG clip
    // path of text, the browser's validation bubble, a second window, look-alike and reversed letters
    case 'after-body':
      // (the <head> half of this way is drawHead's)
      return `<script>document.documentElement.append(${JSON.stringify(sid)})</script>`
    case 'imported-pseudo':
      return `<style>@import "/imported.css";</style><div id="k" style="${box};overflow-x:scroll;white-space:nowrap">${'Welcome back '.repeat(20)}</div>`
    case 'details-content-marker':
      return `<style>details::details-content{display:list-item;list-style-type:"${sid}";list-style-position:inside}</style><details open style="${box}"><summary>Welcome</summary>back</details>`
    case 'clip-text':
      // a black box clipped to the id's glyphs, from a clip path in another document
      return `<div style="${box};background:black;clip-path:url(/clip.svg#c)"></div>`
    case 'validation-bubble':
      // the bubble is drawn by the browser under the field, over the box, with a message the page set
      return `<form><input id="f" required style="position:absolute;left:100px;top:170px;width:60px"></form><script>const f=document.getElementById('f');f.setCustomValidity(${JSON.stringify(sid)});f.reportValidity()</script>`
    case 'second-window':
      // a popup of the same origin, whose script writes into this page after the check stopped its scripts
      return `<p id="t" style="${box}">Welcome back</p><script>window.open('/writer')</script>`
    case 'look-alike':
      // the id with its first letter in Cyrillic (ѕ, U+0455): drawn the same
      return `<p style="${box}">\u0455${sid.slice(1)}</p>`
    case 'email-idn':
      // r23u M1: an e-mail field draws its IDN domain in Unicode (the id with its first letter accented) while .value is punycode
      return `<input type=email readonly style="${box};border:0" value="a@${domainToASCII(`\u015b${sid.slice(1)}.com`)}">`
    case 'annotation-mark':
      // r23u M2: U+FFF9 (an interlinear annotation anchor, a format character not default-ignorable) draws nothing
      return `<p style="${box}">${sid.slice(0, 12)}\ufff9${sid.slice(12)}</p>`
    case 'history-router':
      // r23u L2: a hash router that sets its route with the History API at load
      return `<p style="${box}">Welcome back</p><script>history.replaceState(null, '', '#/home')</script>`
    case 'hash-router':
      // the same route set by assigning location.hash: a jump, as a refresh timer's is
      return `<p style="${box}">Welcome back</p><script>location.hash = '#/home'</script>`
    case 'latin-words':
      // r23u L1: Latin letters with no decomposition, on an ordinary page
      return `<p style="${box}">Straße, groß; Søren Ærø; Łódź, Đurđević; Þórður; 12 µs; cœur</p>`
    case 'mixed-look-alike':
      // r23z M1: ð for every d and Ø for every 0 of the id at once; each letter alone is read by a table, the mix only per place
      return `<p style="${box}">${sid.replace(/d/g, '\u00f0').replace(/0/g, '\u00d8')}</p>`
    // r24r F3: a short password (7 letters and digits) with its dash drawn as U+2010 HYPHEN
    case 'short-dash':
      return `<p style="${box}">Tr0ub4\u2010x!</p>`
    // r24r F5: þ for p and ð for d at once, the dashes drawn as U+2010
    case 'mixed-dash':
      return `<p style="${box}">\u00fe\u00f0\u2010Hunter2\u2010x</p>`
    // r24r F6: the micro sign upper-cased by CSS is a Greek capital mu, drawn M: in a field's value
    // (read without its styling), and in text drawn in small capitals (which innerText does not apply)
    case 'micro-field':
      return `<input style="${box};border:0;font-size:24px;text-transform:uppercase" value="\u00b5ango-tree7">`
    case 'micro-small-caps':
      return `<p style="${box};font-variant-caps:all-small-caps">\u00b5ango-tree7</p>`
    // r24r F7: the long s, drawn as an f without its right half, for every f of the id; O with an
    // overlay stroke (drawn \u00d8, which reads as 0) for every 0
    case 'long-s':
      return `<p style="${box}">${sid.replace(/f/g, '\u017f')}</p>`
    case 'overlay-stroke':
      return `<p style="${box}">${sid.replace(/0/g, 'O\u0338')}</p>`
    // r24r F4: a date field draws 2026-12-07 as 12/07/2026 (the password's digits in that order)
    case 'date-field':
      return `<input type="date" style="${box};font-size:24px" value="2026-12-07">`
    // r24r: an ordinary page with a micro sign, punctuation of every kind and date and time fields keeps its picture
    case 'ordinary-punctuation':
      return `<p style="${box}">Welcome back \u2014 \u201cyour\u201d 12 \u00b5s\u2026 it\u2019s 9\u20135 \u00a9 2026</p><input type="date"><input type="time"><input type="date" value="2025-03-14">`
    case 'combining-mark':
      return `<p style="${box}">${sid.slice(0, 5)}\u0323${sid.slice(5)}</p>`
    case 'math-letters':
      // mathematical bold letters and digits, drawn as bold ASCII
      return `<p style="${box}">${[...sid].map((c) => (/[0-9]/.test(c) ? String.fromCodePoint(0x1d7ce + Number(c)) : /[a-z]/.test(c) ? String.fromCodePoint(0x1d41a + c.charCodeAt(0) - 97) : /[A-Z]/.test(c) ? String.fromCodePoint(0x1d400 + c.charCodeAt(0) - 65) : c)).join('')}</p>`
    case 'fenced-frame':
      // an element Chromium draws in a way of its own (a frame the page's frame tree does not list)
      return `<fencedframe style="${box}"></fencedframe>`
    case 'unknown-rule':
      // a kind of CSS rule the check has no word for (@function): whatever the next one draws, it is not read
      return `<style>@function --w() { result: 300px; } #k{width:--w()}</style><p id="k" style="${box}">Welcome back</p>`
    case 'reversed':
      return `<p style="${box}"><bdo dir="rtl">${[...sid].reverse().join('')}</bdo></p>`
    case 'long-text':
      // a page whose text a hostile set of ids (sharing a prefix of 'a's) makes too costly to check
      return `<p style="${box};overflow:hidden">${'a'.repeat(4000)}</p>`
    // r23i: emphasis marks, a string the browser draws over every character of the element (one span per character of the id)
    case 'emphasis-marks':
      return `<p style="${box};font-size:24px;line-height:3">${[...sid].map((c) => `<span style="text-emphasis-style:'${c}'">o</span>`).join('')}</p>`
    // r23i: a masked picture under a perspective, partly behind the viewer: its client rect (the mask) lands
    // beside what is drawn, and the id is drawn in the clear
    // r23i N2: a refresh timer, which runs with scripts stopped, jumps to #t and starts an animation that shows the id
    case 'meta-refresh':
      return `<meta http-equiv="Refresh" content="3;url=#t"><style>#t:target::after{content:"${sid}"}</style><p id="t" style="${box}">Welcome back</p>`
    // r23m M1: the same timer with its <meta> taken out of the DOM once the browser has scheduled it (it
    // still fires); its jump to #t starts an animation that blinks the id. The page's fetch of /hold is
    // answered only once #t is the target, so the jump is over before the check starts
    case 'refresh-removed':
      return `<meta id="m" http-equiv="Refresh" content="1;url=#t"><script>document.getElementById('m').remove();addEventListener('load',()=>{fetch('/hold').catch(()=>{})})</script><style>#t{visibility:hidden}#t:target{animation:b 30ms linear infinite}@keyframes b{0%,50%{visibility:visible}50.1%,100%{visibility:hidden}}#t:target+#u{background-image:url(/target-reached)}</style><p id="t" style="${box}">${sid}</p><div id="u" style="width:1px;height:1px"></div>`
    // r23o: the same removed timer, jumping to a text directive (#:~:text=): Chromium strips the directive
    // from the URL, so location.href and location.hash do not change, yet the jump reveals a
    // hidden=until-found box (which can start a finite animation that shows the id between the check's
    // two reads). /hold is answered once the box is revealed (it then asks for /target-reached)
    case 'refresh-text-directive':
      return `<meta id="m" http-equiv="Refresh" content="1;url=#:~:text=qqqzz"><script>document.getElementById('m').remove();addEventListener('load',()=>{fetch('/hold').catch(()=>{})})</script><style>#w:not([hidden])+#u{background-image:url(/target-reached)}</style><p style="${box}">Welcome back</p><div id="w" hidden="until-found">qqqzz</div><div id="u" style="width:1px;height:1px"></div>`
    // r23m M2: a scroller the read cannot see the offset of (the generated box that holds a <details>' children)
    case 'scrolling-details':
      return `<style>details::details-content{display:block;overflow:hidden;height:60px}</style><details open style="${box}"><summary>Welcome back</summary><div style="height:2000px"></div></details>`
    case 'perspective-escape':
      return `<div style="position:absolute;left:-650px;top:300px;perspective:200px"><div style="transform-style:preserve-3d;transform:rotateY(13deg)"><img src="/idwide.svg" style="display:block;width:1400px;height:60px;transform:translateZ(150px)"></div></div>`
    default:
      return `<p style="${box}">Welcome back</p>`
  }
}

/** What a check page puts in its <head>, shown with CSS. */
function drawHead(variant: string, sid: string): string {
  return variant === 'head-title' ? `<title>${sid}</title><style>head,title{display:block}</style>` : ''
}

function loginPage(elsewherePort: number, udpPort: number): string {
  // no charset anywhere: Chromium reads and posts the page in windows-1252
  return `<!doctype html><html><head><title>Sign in</title></head><body>
<form method="post" action="/login"><input name="username"><input type="password" name="password"><button type="submit">Sign in</button></form>
<img src="/bounce" width="1" height="1">
<script>
try {
  const pc = new RTCPeerConnection({ iceServers: [{ urls: 'stun:127.0.0.1:${udpPort}' }] })
  pc.createDataChannel('x')
  pc.createOffer().then((o) => pc.setLocalDescription(o))
} catch (e) {}
// WebTransport is QUIC, over UDP too
try { new WebTransport('https://127.0.0.1:${udpPort}/').ready.catch(() => {}) } catch (e) {}
document.querySelector('input[type=password]').addEventListener('input', (e) => {
  try {
    const ws = new WebSocket('ws://localhost:${elsewherePort}/keys')
    ws.onopen = () => ws.send(e.target.value)
  } catch (err) {}
})
</script></body></html>`
}

export async function startHostileBrowserLogin(opts: { repost307?: boolean } = {}): Promise<HostileBrowserLogin> {
  const elsewhere = await startElsewhere()
  let udpPackets = 0
  const udp: UdpSocket = createSocket('udp4')
  udp.on('message', () => void udpPackets++)
  await new Promise<void>((ok) => udp.bind(0, '127.0.0.1', () => ok()))
  const udpPort = udp.address().port
  const elsewherePort = Number(new URL(elsewhere.url).port)
  const loggedIn = new Set<string>()
  // refresh-removed, refresh-text-directive: /hold is answered once the page has jumped (it then asks for
  // /target-reached). Every check page starts it afresh: a flag left set by the page before answered
  // /hold at once, and the check could then run before this page's jump (a test that passed or failed
  // by how fast the machine was)
  let targetReached = false
  const held: Array<() => void> = []
  const sidOf = (req: IncomingMessage): string | undefined => /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '')?.[1]
  const app = await startHostileApp((req: IncomingMessage, res: ServerResponse, body: string) => {
    const url = new URL(req.url ?? '/', 'http://x')
    let sid = sidOf(req)
    if (url.pathname === '/login' && req.method === 'GET') {
      if (!sid) {
        sid = randomBytes(18).toString('base64url')
        res.setHeader('set-cookie', `sid=${sid}; Path=/`)
      }
      res.setHeader('content-type', 'text/html')
      return void res.end(loginPage(elsewherePort, udpPort))
    }
    if (url.pathname === '/login' && req.method === 'POST') {
      // any password: the test reads what arrived (the bytes Chromium chose) from the recorded request
      if (!/(?:^|&)username=alice(?:&|$)/.test(body)) return void res.writeHead(401).end('no')
      if (opts.repost307) return void res.writeHead(307, { location: `${elsewhere.url}/collect` }).end()
      if (!sid) {
        sid = randomBytes(18).toString('base64url')
        res.setHeader('set-cookie', `sid=${sid}; Path=/`)
      }
      loggedIn.add(sid)
      return void res.writeHead(303, { location: '/account' }).end()
    }
    if (url.pathname === '/bounce') return void res.writeHead(302, { location: `http://127.0.0.1:${elsewherePort}/pixel.gif` }).end()
    if (url.pathname === '/id.svg') {
      res.setHeader('content-type', 'image/svg+xml')
      return void res.end(
        `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="60"><rect width="300" height="60" fill="white"/><text x="4" y="40" font-size="14">${sid ?? ''}</text></svg>`,
      )
    }
    if (url.pathname === '/idt.svg') {
      res.setHeader('content-type', 'image/svg+xml')
      return void res.end(
        `<svg xmlns="http://www.w3.org/2000/svg" width="300" height="60"><text x="4" y="40" font-size="14">${sid ?? ''}</text></svg>`,
      )
    }
    if (url.pathname === '/idwide.svg') {
      res.setHeader('content-type', 'image/svg+xml')
      return void res.end(
        `<svg xmlns="http://www.w3.org/2000/svg" width="1400" height="60"><rect width="1400" height="60" fill="white"/><text x="720" y="48" font-size="32">${sid ?? ''}</text></svg>`,
      )
    }
    if (url.pathname === '/imported.css') {
      res.setHeader('content-type', 'text/css')
      return void res.end(`#k::scroll-button(right){content:"${sid ?? ''}"}`)
    }
    if (url.pathname === '/clip.svg') {
      res.setHeader('content-type', 'image/svg+xml')
      return void res.end(
        `<svg xmlns="http://www.w3.org/2000/svg"><clipPath id="c"><text x="4" y="40" font-size="14">${sid ?? ''}</text></clipPath></svg>`,
      )
    }
    if (url.pathname === '/writer') {
      // writes into its opener without end: a new value each time, so a change after the check's read shows
      res.setHeader('content-type', 'text/html')
      return void res.end(
        `<script>let n=0;setInterval(()=>{const t=opener&&opener.document.getElementById('t');if(t)t.textContent='Welcome back '+(++n)},2)</script>`,
      )
    }
    if (url.pathname === '/target-reached') {
      targetReached = true
      for (const release of held.splice(0)) release()
      res.setHeader('content-type', 'image/svg+xml')
      return void res.end('<svg xmlns="http://www.w3.org/2000/svg" width="1" height="1"/>')
    }
    if (url.pathname === '/hold') {
      if (targetReached) return void res.end('ok')
      // bounded: a page that never gets there is answered all the same
      const timer = setTimeout(() => res.end('late'), 10_000)
      held.push(() => {
        clearTimeout(timer)
        res.end('ok')
      })
      return
    }
    if (url.pathname === '/font.ttf') {
      res.setHeader('content-type', 'font/ttf')
      return void res.end(existsSync(DEJAVU) ? readFileSync(DEJAVU) : Buffer.alloc(0))
    }
    if (url.pathname === '/account') {
      if (!sid || !loggedIn.has(sid)) return void res.writeHead(302, { location: '/login' }).end()
      targetReached = false
      res.setHeader('content-type', 'text/html; charset=utf-8')
      return void res.end(
        `<!doctype html><html><head>${drawHead(url.searchParams.get('v') ?? '', sid)}</head><body style="margin:0"><p>Signed in as alice</p>${drawId(url.searchParams.get('v') ?? '', sid)}</body></html>`,
      )
    }
    if (url.pathname === '/logout') {
      if (sid) loggedIn.delete(sid)
      return void res.writeHead(303, { location: '/login' }).end()
    }
    res.writeHead(404).end()
  })
  return {
    url: app.url,
    app,
    elsewhere,
    get udpPackets() {
      return udpPackets
    },
    config: {
      target: app.url,
      login: {
        type: 'browser',
        page: '/login',
        credentials: { ...HOSTILE_BROWSER_ACCOUNT },
        check: { url: '/account', contains: 'Signed in as alice' },
      },
      logout: { url: '/logout', method: 'GET' },
      scope: { timeout: '10s', budget: '3m' },
    },
    close: async () => {
      await app.close()
      await elsewhere.close()
      await new Promise<void>((ok) => udp.close(() => ok()))
    },
  }
}
