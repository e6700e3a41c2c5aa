/// <reference lib="dom" />
// (these functions run in the browser, serialized, in a world of their own: the page's scripts cannot
// patch what they call)

/** A box of the viewport, in CSS pixels. */
export interface Box {
  x: number
  y: number
  width: number
  height: number
}

/** What the picture would show, as the check read it. */
export interface PageRead {
  /** Text the picture can show: rendered text, open shadow roots, generated content, values, placeholders. */
  text: string
  /** The values of e-mail fields, as read (punycode): the field draws each `xn--` label in Unicode (seen-text.ts drawnEmail). */
  emails: string[]
  /** What the check cannot read or bound: the picture is not kept when there is any. */
  unreadable: string[]
  /** Boxes the picture covers (media, frames, backgrounds, password fields), in viewport pixels. */
  boxes: Box[]
  /** Where the page stands (its URL, scroll, size, every box, every scrolled box's offset, every element's hidden/open/popover/:target state): compared after the picture, which is kept only when nothing moved. */
  geometry: string
  devicePixelRatio: number
}

/**
 * Brings every animation to the state it stays in: a finite one finished (as a screenshot tool would
 * fast-forward it), an endless one cancelled, SVG animations paused, marquees stopped. The page's
 * scripts are stopped already. What can still move after this (a refresh timer, a smooth scroll a
 * script started, a popover closing on a timer this blur started, an animation any of them starts) is
 * not stopped here but seen by readPage (an animation running, a jump to another #fragment, a scrolled
 * box, an element's hidden/open/popover state) or, when it begins and ends between the reads, by the
 * caller's DevTools events (page-watch.ts).
 */
export function settlePage(): void {
  // a validation bubble (reportValidity()) is drawn by the browser over the page, with a message and a
  // title the page chose, and stays while its field keeps the focus: taking the focus away closes it
  let focused = document.activeElement
  while (focused?.shadowRoot?.activeElement) focused = focused.shadowRoot.activeElement
  if (focused && focused !== document.body && 'blur' in focused) (focused as HTMLElement).blur()
  const roots: Array<Document | ShadowRoot> = [document]
  for (let i = 0; i < roots.length; i++) {
    for (const el of Array.from(roots[i]!.querySelectorAll('*'))) {
      const shadow = (el as HTMLElement).shadowRoot
      if (shadow) roots.push(shadow)
      if (el instanceof SVGSVGElement) el.pauseAnimations()
      if (el.localName === 'marquee') (el as HTMLElement & { stop(): void }).stop()
    }
    for (const a of roots[i]!.getAnimations()) {
      const end = a.effect?.getComputedTiming().endTime
      if (end === undefined || end === Infinity) a.cancel()
      else a.finish()
    }
  }
}

/**
 * Reads the page as the picture would show it, and the boxes to cover. What can paint outside the box
 * a mask would cover (an image overflowing its element, a reflection, a drop shadow or SVG filter that
 * moves pixels, a border image's outset, an image in generated content or on the page's background,
 * an element whose content is an image) is unreadable: no box can be trusted to cover it.
 */
export function readPage(): PageRead {
  const MEDIA = 'img, picture, canvas, video, audio, svg, iframe, frame, object, embed, input[type=image], input[type=password]'
  // elements whose content is a picture, which Chromium lets paint past their box when told to (overflow: visible)
  const REPLACED = 'img, canvas, video, svg, iframe, frame, object, embed'
  const IMAGE_PROPS = [
    'background-image',
    'border-image-source',
    'mask-image',
    '-webkit-mask-image',
    '-webkit-mask-box-image-source',
    'mask-border-source',
    'list-style-image',
  ]
  // list markers that are a fixed symbol; any other (decimal, lower-alpha, a @counter-style) writes a number the page chose
  const SYMBOL_MARKERS = new Set(['none', 'disc', 'circle', 'square', 'disclosure-open', 'disclosure-closed'])
  // every pseudo-element Chromium draws a box or an image for (unsupported names read as empty); none
  // has an image by default, so a page that gives one an image loses its picture
  const PSEUDOS = [
    '::before',
    '::after',
    '::marker',
    '::backdrop',
    '::first-letter',
    '::first-line',
    '::placeholder',
    '::file-selector-button',
    '::details-content',
    '::picker(select)',
    '::picker-icon',
    '::checkmark',
    '::scroll-marker',
    '::scroll-marker-group',
    '::column',
    '::-webkit-scrollbar',
    '::-webkit-scrollbar-thumb',
    '::-webkit-scrollbar-track',
    '::-webkit-scrollbar-track-piece',
    '::-webkit-scrollbar-button',
    '::-webkit-scrollbar-corner',
    '::-webkit-resizer',
  ]
  /** A picture from elsewhere (a URL, an element, a paint worklet); gradients are drawn by CSS alone. */
  const hasImage = (v: string): boolean => /url\(|image\(|image-set\(|element\(|paint\(|cross-fade\(/i.test(v)
  const drawn = (v: string): boolean => v !== '' && v !== 'none'
  // emphasis marks of a string draw its first character over every character of the text: one
  // character per element spells a secret the text never holds (r23i N1)
  const emphasisString = (st: CSSStyleDeclaration): boolean => /^["']/.test(st.getPropertyValue('text-emphasis-style'))
  // a 3D transform can put part of a box behind the viewer, where its client rects no longer say where
  // it is drawn, and the mask lands beside what it should cover (r23i N3)
  const threeD = (st: CSSStyleDeclaration): boolean =>
    /matrix3d|perspective/i.test(st.transform) ||
    drawn(st.perspective) ||
    st.transformStyle === 'preserve-3d' ||
    (drawn(st.rotate) && /\s/.test(st.rotate.trim())) ||
    (drawn(st.translate) && st.translate.trim().split(/\s+/).length > 2) ||
    (drawn(st.scale) && st.scale.trim().split(/\s+/).length > 2)
  /**
   * The text a computed `content` draws (Chromium has resolved attr() and joined adjacent strings), or
   * undefined when it draws what is not read here: a counter (whose value and style the page chooses),
   * a quote from a `quotes` the page set (which one is drawn depends on nesting), an image, anything new.
   */
  const contentText = (content: string, quotes: string): string | undefined => {
    let out = ''
    const token = /\s*(?:"((?:[^"\\]|\\[\s\S])*)"|(open-quote|close-quote|no-open-quote|no-close-quote|none|normal)(?![\w(-])|(\/))/y
    const c = content.trim()
    for (let at = 0; at < c.length;) {
      token.lastIndex = at
      const m = token.exec(c)
      if (!m) return undefined
      at = token.lastIndex
      if (m[1] !== undefined)
        out += m[1].replace(/\\(?:([0-9a-fA-F]{1,6})\s?|([\s\S]))/g, (_, hex?: string, ch?: string) =>
          hex ? String.fromCodePoint(Math.min(parseInt(hex, 16), 0x10ffff)) : (ch ?? ''),
        )
      // quotes: auto draws the language's own quotation marks
      else if (/^(open|close)-quote$/.test(m[2] ?? '') && quotes !== 'auto' && quotes !== 'none') return undefined
    }
    return out
  }
  // the whole document, not its body: a page can show its <head> (a title, a style element's text) or
  // put elements after the body, and both are drawn
  const root = document.documentElement as HTMLElement | null
  const parts: string[] = [root ? (root.innerText ?? root.textContent ?? '') : '']
  const emails: string[] = []
  // HTML elements whose drawing the check knows. Another one Chromium knows (a <fencedframe>, a
  // <permission>, whatever comes next) may draw what no read reaches, so it means no picture; an
  // element Chromium does not know (a custom element, a made-up tag) is drawn as a plain box.
  const KNOWN_TAGS = new Set(
    (
      'html head title base link meta style script noscript template slot body article section nav aside h1 h2 h3 h4 h5 h6 ' +
      'hgroup header footer address p hr pre blockquote ol ul menu dir li dl dt dd figure figcaption main search div a em ' +
      'strong small s cite q dfn abbr ruby rt rp rb rtc data time code var samp kbd sub sup i b u mark bdi bdo span br wbr ' +
      'ins del picture source img iframe embed object param video audio track map area table caption colgroup col tbody ' +
      'thead tfoot tr td th form label input button select selectedcontent datalist optgroup option textarea output ' +
      'progress meter fieldset legend details summary dialog canvas marquee center font big tt strike nobr acronym frame ' +
      'frameset noframes noembed listing xmp plaintext basefont applet'
    ).split(' '),
  )
  const unreadable = new Set<string>()
  // a refresh timer runs with scripts stopped: it can navigate to a #fragment that starts an animation
  // (:target) after the read (r23i N2); the Refresh header is checked by the caller
  if (document.querySelector('meta[http-equiv="refresh" i]')) unreadable.add('a refresh timer')
  // A timer whose <meta> the page took out of the DOM stays scheduled (r23m M1), and shows only by its
  // jump. The jump is not compared here (this read cannot tell a History API call's change of
  // location.hash, which a hash router makes at load, from a timer's): the caller's DevTools watch
  // sees every jump since the page began to load, with its kind. One after this read changes
  // location.href, part of the geometry.
  const boxes: Box[] = []
  const geometry: Array<number | string> = [location.href, scrollX, scrollY, innerWidth, innerHeight]
  const cover = (el: Element): void => {
    for (const r of Array.from(el.getClientRects())) {
      boxes.push({ x: r.left, y: r.top, width: r.width, height: r.height })
      geometry.push(r.left, r.top, r.width, r.height)
    }
  }
  // an element's state that a timer can change with scripts stopped (a text directive's jump reveals a
  // hidden=until-found box, a lost interest closes a popover) while its text and boxes stay as they were,
  // which the page's CSS can react to (r23o); selectors this Chromium does not know are left out
  const STATES = [':popover-open', ':modal', ':open', ':target'].filter((s) => {
    try {
      document.documentElement?.matches(s)
      return true
    } catch {
      return false
    }
  })
  const stateOf = (el: Element): string =>
    [
      el.hasAttribute('hidden') ? `hidden=${el.getAttribute('hidden')}` : '',
      el.hasAttribute('open') ? 'open' : '',
      ...STATES.filter((s) => el.matches(s)),
    ]
      .filter(Boolean)
      .join(' ')
  const roots: Array<Document | ShadowRoot> = [document]
  let ordinal = 0
  for (let i = 0; i < roots.length; i++) {
    for (const el of Array.from(roots[i]!.querySelectorAll('*'))) {
      ordinal++
      const state = stateOf(el)
      if (state) geometry.push(`#${ordinal} ${state}`)
      // a smooth scroll a script started goes on after the scripts are stopped, and a scroll can change
      // what is shown (a scroll-state container query, a sticky box) without moving any masked box:
      // where every scrolled box stands is part of what must not change (r23m M2)
      if (el.scrollTop !== 0 || el.scrollLeft !== 0) geometry.push(`#${ordinal}`, el.scrollTop, el.scrollLeft)
      const shadow = (el as HTMLElement).shadowRoot
      if (el instanceof HTMLElement && !KNOWN_TAGS.has(el.localName) && !el.localName.includes('-') && !(el instanceof HTMLUnknownElement))
        unreadable.add('an HTML element the check does not know')
      if (shadow) {
        roots.push(shadow)
        parts.push(shadow.textContent ?? '')
      }
      // a list box or drop-down draws an option's label attribute instead of its text
      if (el instanceof HTMLOptionElement || el instanceof HTMLOptGroupElement) parts.push(el.label)
      if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) {
        if (el.type !== 'password') parts.push(el.value)
        if (el.type === 'email') emails.push(el.value)
        parts.push(el.placeholder)
      }
      const style = getComputedStyle(el)
      // inside an SVG, everything paints within the SVG's own box, which is covered
      if (el instanceof SVGElement && el.ownerSVGElement) continue
      const mask = el.matches(MEDIA) || IMAGE_PROPS.some((p) => drawn(style.getPropertyValue(p)))
      // the page's own background is painted over the whole canvas, not the element's box
      if ((el === document.documentElement || el === document.body) && hasImage(style.backgroundImage))
        unreadable.add('an image on the page background')
      if (
        el.matches(REPLACED) &&
        (style.overflowX === 'visible' || style.overflowY === 'visible' || /[1-9]/.test(style.overflowClipMargin))
      )
        unreadable.add('an image that paints outside its box')
      if (style.getPropertyValue('-webkit-box-reflect') !== 'none' && style.getPropertyValue('-webkit-box-reflect') !== '')
        unreadable.add('a reflection')
      if (/drop-shadow|url\(/i.test(`${style.filter} ${style.backdropFilter}`)) unreadable.add('a filter that moves pixels')
      if (emphasisString(style)) unreadable.add('emphasis marks drawn from a string')
      if (threeD(style)) unreadable.add('a 3D transform')
      // an SVG clip path can be text (its <clipPath> may hold a <text>, or sit in another document):
      // the element is then drawn in the shape of glyphs the check never reads
      if (/url\(/i.test(`${style.clipPath} ${style.getPropertyValue('-webkit-clip-path')}`)) unreadable.add('a clip path from SVG')
      if (hasImage(style.borderImageSource) && !/^(0(px)?\s*)+$/.test(style.borderImageOutset))
        unreadable.add('a border image outside its box')
      if (
        hasImage(style.getPropertyValue('-webkit-mask-box-image-source')) &&
        !/^(0(px)?\s*)+$/.test(style.getPropertyValue('-webkit-mask-box-image-outset'))
      )
        unreadable.add('a mask image outside its box')
      // drawn at every break of a word, on any line
      if (drawn(style.getPropertyValue('hyphenate-character')) && style.getPropertyValue('hyphenate-character') !== 'auto')
        unreadable.add('a hyphenation string')
      if (
        style.display.includes('list-item') &&
        !SYMBOL_MARKERS.has(style.listStyleType) &&
        !style.listStyleType.startsWith('"') &&
        getComputedStyle(el, '::marker').content === 'normal'
      )
        unreadable.add('a numbered list marker')
      if (hasImage(style.listStyleImage)) unreadable.add('a list marker image')
      if (hasImage(style.content)) unreadable.add('an element whose content is an image')
      // list-style-type: "text" draws its string as the marker
      if (style.listStyleType.startsWith('"')) parts.push(style.listStyleType)
      for (const pseudo of PSEUDOS) {
        const p = getComputedStyle(el, pseudo)
        // a generated box shown as a list item (::before, ::details-content, a picker's part …) draws a
        // marker of its own, which this read never reaches
        if (pseudo !== '::marker' && p.display.includes('list-item')) unreadable.add('a list marker on generated content')
        // the generated box that holds a <details>' children can be made to scroll, and its scroll
        // offset is nowhere this read can see: a smooth scroll in it would go unnoticed (r23m M2).
        // (Other generated boxes hold no element a script could scroll to; some scroll by default.)
        if (pseudo === '::details-content' && /auto|scroll|hidden/.test(`${p.overflowX} ${p.overflowY}`))
          unreadable.add('a generated box that scrolls')
        const content = p.content
        if (content && content !== 'none' && content !== 'normal') {
          const text = contentText(content, p.getPropertyValue('quotes'))
          if (text === undefined) unreadable.add('generated content drawn from counters, quotes or images')
          else parts.push(text)
        }
        // a generated box can sit anywhere (absolutely positioned, over another element): an image in it has no box to cover
        if (hasImage(content ?? '') || IMAGE_PROPS.some((prop) => hasImage(p.getPropertyValue(prop))))
          unreadable.add('an image in generated content')
        if (/url\(/i.test(`${p.clipPath} ${p.getPropertyValue('-webkit-clip-path')}`)) unreadable.add('a clip path from SVG')
        if (emphasisString(p)) unreadable.add('emphasis marks drawn from a string')
        if (threeD(p)) unreadable.add('a 3D transform')
      }
      if (mask) cover(el)
    }
  }
  // The walk above asks for each pseudo-element it knows; Chromium keeps adding others that draw text
  // (::scroll-button(), ::column::scroll-marker …). A stylesheet naming any other, or a chain of them,
  // means the read may miss what is drawn. The name is never quoted: the page chose it.
  const KNOWN = new Set([
    ...PSEUDOS.map((x) => x.slice(2).replace(/\(.*$/, '')),
    'selection',
    'target-text',
    'highlight',
    'spelling-error',
    'grammar-error',
    'part',
    'slotted',
  ])
  // Every kind of rule the check knows what it can draw with; a newer one (or one this list forgets)
  // means no picture rather than a guess. Read by constructor name: each world has its own classes.
  const KNOWN_RULES = new Set([
    'CSSStyleRule',
    'CSSNestedDeclarations',
    'CSSImportRule',
    'CSSMediaRule',
    'CSSSupportsRule',
    'CSSContainerRule',
    'CSSLayerBlockRule',
    'CSSLayerStatementRule',
    'CSSScopeRule',
    'CSSStartingStyleRule',
    'CSSFontFaceRule',
    'CSSKeyframesRule',
    'CSSKeyframeRule',
    'CSSNamespaceRule',
    'CSSPageRule',
    'CSSMarginRule',
    'CSSPropertyRule',
    'CSSCounterStyleRule',
    'CSSFontPaletteValuesRule',
    'CSSFontFeatureValuesRule',
    'CSSViewTransitionRule',
    'CSSPositionTryRule',
  ])
  // The parts of Chromium's form controls that the common CSS resets style (normalize.css, Bootstrap's
  // reboot, Tailwind's preflight: a spin button's height, a search field's decoration, a date field's
  // padding). What they draw is the control's own (its arrows, its value, formatted). A rule naming
  // only such parts is not a reason to refuse when each of its declarations is one that draws no text
  // and no picture (sizes, spacing, plain colours and borders, the font, appearance), its values are
  // plain (no string, no url(), no var() that could hold one), and it nests no rule.
  const FORM_PART =
    /^-webkit-(inner-spin-button|outer-spin-button|search-decoration|search-cancel-button|search-results-button|search-results-decoration|file-upload-button|input-placeholder|date-and-time-value|datetime-edit(-[a-z]+)*|calendar-picker-indicator|color-swatch|color-swatch-wrapper)$/
  const PLAIN_PROPERTY =
    /^(-webkit-)?appearance$|^(min-|max-)?(width|height|block-size|inline-size)$|^(margin|padding)(-(top|right|bottom|left|block|inline)(-(start|end))?)?$|^font(-[a-z]+)*$|^(line-height|text-align|vertical-align|color|opacity|cursor|box-sizing|background-color|border-radius|outline-offset)$|^outline-(color|style|width)$|^border(-(top|right|bottom|left|block|inline)(-(start|end))?)?-(color|style|width)$|^border-(top|bottom)-(left|right)-radius$|^border-(start|end)-(start|end)-radius$|^display$/
  const PLAIN_VALUE =
    /^(?:[\w\s.,%#+\-/!]|(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch|color|color-mix|calc|min|max|clamp)\()*[\w\s.,%#+\-/!()]*$/
  const DISPLAY = /^(none|block|inline|inline-block|flex|inline-flex|grid|inline-grid|contents)$/
  const plainPartRule = (r: CSSRule): boolean => {
    if (!(r instanceof CSSStyleRule) || r.cssRules.length > 0) return false
    const named = [...r.selectorText.matchAll(/::([\w-]+)(\()?(::)?/g)]
    if (!named.length || named.some((m) => m[2] || m[3] || !FORM_PART.test(m[1]!.toLowerCase()))) return false
    for (let i = 0; i < r.style.length; i++) {
      const property = r.style.item(i)
      const value = r.style.getPropertyValue(property).trim()
      if (!PLAIN_PROPERTY.test(property) || /url|var|attr|image|gradient|counter|paint|element/i.test(value)) return false
      if (property === 'display' ? !DISPLAY.test(value) : !PLAIN_VALUE.test(value)) return false
      // only a colour or sizing function: its parentheses are the only ones in the value
      if (
        (value.match(/\(/g) ?? []).length >
        (value.match(/\b(?:rgba?|hsla?|hwb|lab|lch|oklab|oklch|color|color-mix|calc|min|max|clamp)\(/g) ?? []).length
      )
        return false
    }
    return true
  }
  const plainParts: string[] = []
  const sheets: CSSStyleSheet[] = []
  for (const root of roots) sheets.push(...Array.from(root.styleSheets), ...(root.adoptedStyleSheets ?? []))
  const texts: string[] = []
  const walk = (rules: CSSRuleList, depth: number): void => {
    for (const r of Array.from(rules)) {
      if (plainPartRule(r)) plainParts.push(r.cssText)
      if (!KNOWN_RULES.has(r.constructor.name)) unreadable.add('a CSS rule the check does not know')
      // an @import's rules are not in the importing sheet's text: the imported sheet is read as a sheet
      // of its own (one not loaded is not applied; one that arrives later changes the second read)
      if (r instanceof CSSImportRule) {
        if (r.styleSheet) sheets.push(r.styleSheet)
        continue
      }
      if (depth === 0) texts.push(r.cssText)
      if ('cssRules' in r) walk((r as CSSGroupingRule).cssRules, depth + 1)
    }
  }
  for (let i = 0; i < sheets.length; i++) {
    try {
      walk(sheets[i]!.cssRules, 0)
    } catch {
      unreadable.add('a stylesheet the check cannot read')
    }
    // a chain of imports is bounded: past this many sheets the read gives up, and so does the picture
    if (i > 500) {
      unreadable.add('a stylesheet the check cannot read')
      break
    }
  }
  // the rules found plain above are taken out of the text whole; any other mention of a part stays
  let cssText = texts.join('\n')
  for (const t of plainParts) cssText = cssText.split(t).join('')
  for (const m of cssText.matchAll(/::([\w-]+)(\([^)]*\))?(::)?/g)) {
    if (m[3] || !KNOWN.has(m[1]!.toLowerCase())) unreadable.add('a pseudo-element the check does not read')
  }
  // settlePage left no animation running: one that runs now started after the page was stopped (a
  // refresh timer's jump to a #fragment, a scroll reaching a scroll-state query …) and can show what
  // this read did not see, at the moment of the picture only (r23m M1, M2)
  for (const r of roots)
    for (const a of r.getAnimations())
      if (a.playState === 'running' || a.pending) unreadable.add('an animation that started after the page was stopped')
  // a web font can draw any glyph for any letter: the text read here would not be what is shown
  document.fonts.forEach((f) => {
    if (f.status === 'loaded' || f.status === 'loading') unreadable.add('a web font')
  })
  return {
    text: parts.filter(Boolean).join('\n'),
    emails,
    unreadable: [...unreadable],
    boxes,
    geometry: geometry.join(','),
    devicePixelRatio,
  }
}

/**
 * Paints the boxes over the picture (opaque magenta, one pixel wider on each side) and, when `crop` is
 * given, keeps only that part; runs in a blank page of its own. Returns the new PNG in base64.
 */
export async function maskPicture(args: { png: string; boxes: Box[]; scale: number; crop?: Box }): Promise<string> {
  const img = new Image()
  img.src = `data:image/png;base64,${args.png}`
  await img.decode()
  const canvas = document.createElement('canvas')
  const c = args.crop
  canvas.width = c ? Math.min(img.width, Math.round(c.width * args.scale)) : img.width
  canvas.height = c ? Math.min(img.height, Math.round(c.height * args.scale)) : img.height
  const g = canvas.getContext('2d')!
  g.drawImage(img, 0, 0)
  g.fillStyle = '#ff00ff'
  for (const b of args.boxes) {
    const x = Math.floor(b.x * args.scale) - 1
    const y = Math.floor(b.y * args.scale) - 1
    g.fillRect(x, y, Math.ceil((b.x + b.width) * args.scale) + 1 - x, Math.ceil((b.y + b.height) * args.scale) + 1 - y)
  }
  return canvas.toDataURL('image/png').slice('data:image/png;base64,'.length)
}
