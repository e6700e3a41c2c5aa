// sessionguard dashboard: fetches the local JSON API and builds the page with DOM calls only.
// Report content (titles, evidence, target names) is attacker-influenced: it is only ever set as
// text nodes or attribute values, never parsed as HTML.
'use strict'

const SVG_NS = 'http://www.w3.org/2000/svg'
const state = {
  targets: [],
  target: null,
  scans: [],
  allScans: [],
  scanId: null,
  fleet: { rows: [], tags: [] },
  tag: '',
  overdueOnly: false,
  cardsForAll: true,
}
// up to this many targets every card is drawn at once (from the whole history); past it, only the chosen target's
const CARD_LIMIT = 50

function el(tag, attrs, ...children) {
  const node = document.createElement(tag)
  setAttrs(node, attrs)
  append(node, children)
  return node
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG_NS, tag)
  setAttrs(node, attrs)
  append(node, children)
  return node
}

function setAttrs(node, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue
    if (k === 'class') node.setAttribute('class', v)
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v)
    else node.setAttribute(k, v === true ? '' : String(v))
  }
}

function append(node, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue
    node.append(c instanceof Node ? c : document.createTextNode(String(c)))
  }
}

/** Replaces a node's content; arrays are flattened and null/false skipped, like el(). */
function fill(node, ...children) {
  node.replaceChildren()
  append(node, children)
}

// the access token the page was opened with (…/?token=…), sent with every API call
const ACCESS_TOKEN = new URLSearchParams(location.search).get('token') || ''

async function api(path) {
  const res = await fetch(path, { headers: { accept: 'application/json', authorization: 'Bearer ' + ACCESS_TOKEN } })
  const body = await res.json()
  if (!res.ok) throw new Error(body && body.error ? body.error : 'HTTP ' + res.status)
  return body
}

// null (or absent): the scan earned no letter, because no fixation check ran
function gradeText(grade) {
  return /^[ABCDF]$/.test(grade || '') ? grade : '—'
}

function gradeBadge(grade) {
  const g = /^[ABCDF]$/.test(grade || '') ? grade : 'none'
  const badge = el('span', { class: 'grade grade-' + g }, gradeText(grade))
  if (g === 'none') badge.title = 'no grade: fixation not tested'
  return badge
}

function shortTime(iso) {
  const d = new Date(iso)
  return isNaN(d) ? String(iso) : d.toISOString().replace('T', ' ').slice(0, 16)
}

// Score over time: x follows the scan's real time, y the score 0–100. Outages are red ticks on the axis.
function scoreChart(t) {
  const W = 340,
    H = 120,
    L = 28,
    R = 8,
    T = 8,
    B = 18
  const times = t.series.map((p) => Date.parse(p.startedAt)).concat(t.outages.map((o) => Date.parse(o.at)))
  const t0 = Math.min(...times),
    t1 = Math.max(...times)
  const x = (ms) => (t1 === t0 ? L + (W - L - R) / 2 : L + ((ms - t0) / (t1 - t0)) * (W - L - R))
  const y = (score) => T + (1 - score / 100) * (H - T - B)
  const chart = svg('svg', {
    class: 'score-chart',
    viewBox: `0 0 ${W} ${H}`,
    role: 'img',
    'aria-label': 'score over time',
    'data-points': t.series.length,
  })
  for (const s of [0, 50, 100]) {
    chart.append(svg('line', { class: 'grid', x1: L, x2: W - R, y1: y(s), y2: y(s) }))
    chart.append(svg('text', { class: 'axis-label', x: L - 4, y: y(s) + 3, 'text-anchor': 'end' }, s))
  }
  // the axis spans scans and outages alike
  if (times.length > 0) {
    chart.append(svg('text', { class: 'axis-label', x: L, y: H - 4 }, shortTime(new Date(t0).toISOString())))
    if (t1 > t0)
      chart.append(svg('text', { class: 'axis-label', x: W - R, y: H - 4, 'text-anchor': 'end' }, shortTime(new Date(t1).toISOString())))
  }
  const pts = t.series.map((p) => [x(Date.parse(p.startedAt)), y(p.score)])
  if (pts.length > 1)
    chart.append(svg('polyline', { class: 'line', points: pts.map((p) => p.map((n) => n.toFixed(1)).join(',')).join(' ') }))
  for (const o of t.outages) {
    const ox = x(Date.parse(o.at))
    chart.append(
      svg('line', { class: 'outage', x1: ox, x2: ox, y1: T, y2: H - B }, svg('title', {}, 'DOWN ' + shortTime(o.at) + ': ' + o.error)),
    )
  }
  t.series.forEach((p, i) => {
    const c = svg(
      'circle',
      {
        class: 'point',
        cx: pts[i][0].toFixed(1),
        cy: pts[i][1].toFixed(1),
        r: 4,
        'data-scan-id': p.scanId,
        onclick: (ev) => {
          ev.stopPropagation()
          selectTarget(t.target, p.scanId)
        },
      },
      svg('title', {}, shortTime(p.startedAt) + ' · grade ' + gradeText(p.grade) + ' · score ' + p.score),
    )
    chart.append(c)
  })
  return chart
}

// One bar per character position of the token; short bars are positions that barely vary.
function entropyChart(tokens) {
  const values = tokens.positionEntropy || []
  const W = 560,
    H = 140,
    L = 28,
    B = 18,
    T = 8
  const max = Math.max(1, ...values)
  const bw = (W - L - 4) / Math.max(1, values.length)
  const chart = svg('svg', {
    class: 'score-chart entropy-chart',
    viewBox: `0 0 ${W} ${H}`,
    role: 'img',
    'aria-label': 'entropy per token position',
  })
  for (const v of [0, max / 2, max]) {
    const yy = T + (1 - v / max) * (H - T - B)
    chart.append(svg('line', { class: 'grid', x1: L, x2: W, y1: yy, y2: yy }))
    chart.append(svg('text', { class: 'axis-label', x: L - 4, y: yy + 3, 'text-anchor': 'end' }, v.toFixed(1)))
  }
  values.forEach((v, i) => {
    const h = (v / max) * (H - T - B)
    chart.append(
      svg(
        'rect',
        {
          class: 'bar' + (v < 1 ? ' low' : ''),
          x: (L + i * bw + 0.5).toFixed(1),
          y: (H - B - h).toFixed(1),
          width: Math.max(1, bw - 1).toFixed(1),
          height: h.toFixed(1),
        },
        svg('title', {}, 'position ' + i + ': ' + v.toFixed(2) + ' bits'),
      ),
    )
  })
  chart.append(svg('text', { class: 'axis-label', x: L, y: H - 4 }, 'character position →'))
  return chart
}

// Findings by severity over time: one stacked bar per scan, on the same time axis as the score line.
const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'info']
function severityChart(t) {
  const W = 340,
    H = 90,
    L = 28,
    R = 8,
    T = 6,
    B = 16
  const times = t.series.map((p) => Date.parse(p.startedAt)).concat(t.outages.map((o) => Date.parse(o.at)))
  const t0 = Math.min(...times),
    t1 = Math.max(...times)
  const x = (ms) => (t1 === t0 ? L + (W - L - R) / 2 : L + ((ms - t0) / (t1 - t0)) * (W - L - R))
  const total = (p) => SEVERITY_ORDER.reduce((n, s) => n + ((p.bySeverity || {})[s] || 0), 0)
  const max = Math.max(1, ...t.series.map(total))
  const y = (n) => T + (1 - n / max) * (H - T - B)
  const chart = svg('svg', {
    class: 'severity-chart',
    viewBox: `0 0 ${W} ${H}`,
    role: 'img',
    'aria-label': 'findings by severity over time',
    'data-points': t.series.length,
  })
  for (const n of [0, max]) {
    chart.append(svg('line', { class: 'grid', x1: L, x2: W - R, y1: y(n), y2: y(n) }))
    chart.append(svg('text', { class: 'axis-label', x: L - 4, y: y(n) + 3, 'text-anchor': 'end' }, n))
  }
  chart.append(svg('text', { class: 'axis-label', x: L, y: H - 3 }, 'findings by severity'))
  const bw = Math.max(4, Math.min(14, (W - L - R) / Math.max(1, t.series.length) - 2))
  for (const p of t.series) {
    let base = 0
    for (const sev of [...SEVERITY_ORDER].reverse()) {
      const n = (p.bySeverity || {})[sev] || 0
      if (!n) continue
      chart.append(
        svg(
          'rect',
          {
            class: 'sev-bar sev-bar-' + sev,
            'data-severity': sev,
            'data-count': n,
            x: (x(Date.parse(p.startedAt)) - bw / 2).toFixed(1),
            y: y(base + n).toFixed(1),
            width: bw.toFixed(1),
            height: (y(base) - y(base + n)).toFixed(1),
          },
          svg('title', {}, shortTime(p.startedAt) + ' · ' + n + ' ' + sev),
        ),
      )
      base += n
    }
  }
  return chart
}

function sparkline(points) {
  const W = 80,
    H = 22
  const chart = svg('svg', {
    class: 'sparkline',
    viewBox: `0 0 ${W} ${H}`,
    role: 'img',
    'aria-label': 'recent scores',
    'data-points': points.length,
  })
  if (points.length > 1) {
    const x = (i) => 2 + (i / (points.length - 1)) * (W - 4)
    const y = (s) => 2 + (1 - s / 100) * (H - 4)
    chart.append(svg('polyline', { points: points.map((p, i) => x(i).toFixed(1) + ',' + y(p.score).toFixed(1)).join(' ') }))
  }
  chart.append(svg('title', {}, points.map((p) => p.score).join(' → ')))
  return chart
}

function everyText(ms) {
  for (const [unit, size] of [
    ['d', 86400000],
    ['h', 3600000],
    ['m', 60000],
    ['s', 1000],
  ])
    if (ms >= size && ms % size === 0) return ms / size + unit
  return ms + 'ms'
}

function visibleRows() {
  return state.fleet.rows.filter((r) => (!state.tag || r.tags.includes(state.tag)) && (!state.overdueOnly || r.overdue))
}

// The fleet: every target worst first, with its tags (from the targets file: untrusted text, set as text only)
function renderFleet() {
  const rows = visibleRows()
  const all = state.fleet.rows
  document.getElementById('fleet-summary').textContent =
    all.length +
    ' target' +
    (all.length === 1 ? '' : 's') +
    ' · ' +
    all.filter((r) => r.overdue).length +
    ' overdue · ' +
    all.filter((r) => r.status === 'down').length +
    ' down'
  const select = document.getElementById('tag-filter')
  fill(
    select,
    el('option', { value: '' }, 'all'),
    state.fleet.tags.map((t) => el('option', { value: t }, t)),
  )
  select.value = state.fleet.tags.includes(state.tag) ? state.tag : ''
  document.getElementById('overdue-only').checked = state.overdueOnly
  const table = document.getElementById('fleet')
  fill(
    table,
    el(
      'tr',
      {},
      ['grade', 'target', 'tags', 'score', 'trend', 'last entry', 'state'].map((h) => el('th', {}, h)),
    ),
    rows.length
      ? null
      : el('tr', {}, el('td', { colspan: 7, class: 'muted' }, all.length ? 'No target matches the filter.' : 'No targets yet.')),
    rows.map((r) =>
      el(
        'tr',
        {
          class: 'fleet-row' + (r.overdue ? ' overdue' : '') + (r.target === state.target ? ' selected' : ''),
          'data-target': r.target,
          onclick: () => selectTarget(r.target),
        },
        el('td', {}, gradeBadge(r.grade)),
        el(
          'td',
          {},
          el('div', { class: 'fleet-name' }, r.name),
          r.name !== r.target ? el('div', { class: 'fleet-target muted' }, r.target) : null,
        ),
        el(
          'td',
          {},
          r.tags.map((t) => el('span', { class: 'tag' }, t)),
        ),
        el('td', {}, r.score === undefined ? '—' : r.score),
        el(
          'td',
          { class: 'fleet-trend' },
          sparkline(r.trend.points),
          r.trend.delta === undefined
            ? null
            : el(
                'span',
                { class: r.trend.delta < 0 ? 'delta-down' : r.trend.delta > 0 ? 'delta-up' : '' },
                ' ' + (r.trend.delta > 0 ? '▲ +' : r.trend.delta < 0 ? '▼ ' : '= ') + (r.trend.delta || ''),
              ),
        ),
        el(
          'td',
          { class: 'fleet-last' },
          r.lastEntryAt ? shortTime(r.lastEntryAt) : '—',
          r.everyMs ? el('div', { class: 'muted' }, 'every ' + everyText(r.everyMs) + (r.shard ? ' · shard ' + r.shard : '')) : null,
        ),
        el(
          'td',
          { class: 'fleet-state' },
          r.overdue ? el('span', { class: 'badge-overdue' }, 'OVERDUE') : null,
          r.status === 'down' ? [' ', el('span', { class: 'status-down' }, 'DOWN')] : null,
          r.status === 'never' ? ' never scanned' : null,
          !r.overdue && r.status === 'up' ? 'ok' : null,
        ),
      ),
    ),
  )
}

function onFilterChange() {
  state.tag = document.getElementById('tag-filter').value
  state.overdueOnly = document.getElementById('overdue-only').checked
  const q = new URLSearchParams(location.search)
  if (state.tag) q.set('tag', state.tag)
  else q.delete('tag')
  window.history.replaceState(null, '', '?' + q.toString())
  renderFleet()
  renderTargets()
}

function renderTargets() {
  const box = document.getElementById('targets')
  fill(box)
  const shown = new Set(visibleRows().map((r) => r.target))
  if (state.targets.length === 0) {
    box.append(el('p', { class: 'muted' }, 'No scans recorded yet. Run `sessionguard scan <url> --save` or `sessionguard monitor`.'))
    return
  }
  for (const t of state.targets) {
    if (state.fleet.rows.length && !shown.has(t.target)) continue
    box.append(
      el(
        'div',
        {
          class: 'target-card' + (t.target === state.target ? ' selected' : ''),
          'data-target': t.target,
          onclick: () => selectTarget(t.target),
        },
        el(
          'div',
          { class: 'target-head' },
          el('span', { class: 'target-name' }, t.target),
          t.status === 'down' ? el('span', { class: 'status-down' }, 'DOWN') : null,
          gradeBadge(t.grade),
        ),
        el(
          'div',
          { class: 'muted' },
          t.scans +
            ' scan' +
            (t.scans === 1 ? '' : 's') +
            (t.score !== undefined ? ' · score ' + t.score : '') +
            (t.coverage ? ' · ' + t.coverage + ' checks ran' + (t.complete === false ? ' (incomplete)' : '') : '') +
            ' · last ' +
            shortTime(t.lastSeenAt),
        ),
        el('div', { class: 'charts' }, scoreChart(t), severityChart(t)),
      ),
    )
  }
}

function renderScans() {
  document.getElementById('scans-section').hidden = false
  document.getElementById('scans-target').textContent = state.target
  const table = document.getElementById('scans')
  fill(
    table,
    el(
      'tr',
      {},
      el('th', {}, 'started'),
      el('th', {}, 'grade'),
      el('th', {}, 'score'),
      el('th', {}, 'findings'),
      el('th', {}, 'source'),
      el('th', {}, 'scan id'),
    ),
  )
  for (const e of [...state.scans].reverse()) {
    if (e.kind === 'down') {
      table.append(
        el(
          'tr',
          { class: 'down' },
          el('td', {}, shortTime(e.at)),
          el('td', {}, 'DOWN'),
          el('td', {}, '–'),
          el('td', { colspan: 2 }, e.error),
          el('td', {}, ''),
        ),
      )
      continue
    }
    table.append(
      el(
        'tr',
        {
          class: 'scan-row' + (e.scanId === state.scanId ? ' selected' : ''),
          'data-scan-id': e.scanId,
          onclick: () => selectScan(e.scanId),
        },
        el('td', {}, shortTime(e.startedAt)),
        el('td', {}, gradeBadge(e.grade)),
        el('td', {}, e.score),
        el('td', {}, e.findings),
        el('td', {}, e.source),
        el('td', {}, el('code', {}, e.scanId)),
      ),
    )
  }
  // diff pickers: this target's scans first, then every other target's, newest first; defaults to the two newest here
  const scans = state.scans.filter((e) => e.kind === 'scan')
  const others = state.allScans.filter((e) => e.kind === 'scan' && e.target !== state.target)
  const option = (s) =>
    el('option', { value: s.scanId }, shortTime(s.startedAt) + ' · ' + gradeText(s.grade) + ' ' + s.score + ' · ' + s.scanId)
  const groups = [el('optgroup', { label: state.target }, [...scans].reverse().map(option))]
  for (const t of [...new Set(others.map((s) => s.target))])
    groups.push(
      el(
        'optgroup',
        { label: t },
        others
          .filter((s) => s.target === t)
          .reverse()
          .map(option),
      ),
    )
  const a = document.getElementById('diff-a'),
    b = document.getElementById('diff-b')
  for (const sel of [a, b])
    fill(
      sel,
      groups.map((g) => g.cloneNode(true)),
    )
  if (scans.length >= 2) {
    a.value = scans[scans.length - 2].scanId
    b.value = scans[scans.length - 1].scanId
  } else if (scans.length === 1) {
    b.value = scans[0].scanId
  }
  document.getElementById('diff-section').hidden = scans.length + others.length < 2
  fill(document.getElementById('diff-result'))
}

function exchangeView(x, i) {
  const req = x.request || {}
  const head = Object.entries(req.headers || {})
    .map(([k, v]) => k + ': ' + v)
    .join('\n')
  const parts = [
    el('div', {}, el('strong', {}, '#' + (i + 1) + ' ' + (x.actor || '')), x.note ? el('span', { class: 'note' }, ' — ' + x.note) : null),
    el(
      'pre',
      { class: 'request' },
      (req.method || '') + ' ' + (req.url || '') + (head ? '\n' + head : '') + (req.body ? '\n\n' + req.body : ''),
    ),
  ]
  if (x.response) {
    const rh = Object.entries(x.response.headers || {})
      .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((vv) => k + ': ' + vv))
      .join('\n')
    parts.push(
      el(
        'pre',
        { class: 'response' },
        'HTTP ' + x.response.status + (rh ? '\n' + rh : '') + (x.response.body ? '\n\n' + x.response.body : ''),
      ),
    )
  }
  if (x.error) parts.push(el('pre', { class: 'response' }, 'error: ' + x.error))
  const shot = screenshotView(x)
  if (shot) parts.push(shot)
  return el('div', { class: 'exchange' }, parts)
}

// the attacker's browser on the check URL (browser logins): only a PNG of plain base64 becomes an image
function screenshotView(x) {
  const s = x.screenshot
  if (!s || s.mediaType !== 'image/png' || typeof s.data !== 'string' || s.data.length > 614400 || !/^[A-Za-z0-9+/]+={0,2}$/.test(s.data))
    return null
  return el(
    'figure',
    { class: 'screenshot' },
    el('img', {
      src: 'data:image/png;base64,' + s.data,
      alt: 'Screenshot: the ' + (x.actor || '') + "'s browser on " + ((x.request || {}).url || ''),
      width: s.width,
      height: s.height,
    }),
    el(
      'figcaption',
      {},
      'What the ' +
        (x.actor || '') +
        "'s browser showed, carrying only the planted id: kept only because the page's text showed none of the scan's secrets; images, canvases, SVG, frames, background images and password fields painted over",
    ),
  )
}

function findingView(f) {
  const evidence = el(
    'div',
    { class: 'evidence', hidden: true },
    el('p', {}, f.summary),
    el(
      'dl',
      { class: 'kv' },
      el('dt', {}, 'confidence'),
      el('dd', {}, f.confidence),
      f.carrier ? [el('dt', {}, 'carrier'), el('dd', {}, f.carrier.kind + ' ' + f.carrier.name)] : null,
      el('dt', {}, 'references'),
      el(
        'dd',
        {},
        [
          ...(f.references.cwe || []).map((c) => 'CWE-' + String(c).replace(/^CWE-/, '')),
          ...(f.references.owaspTop10 || []),
          ...(f.references.owaspApi || []),
        ].join(', '),
      ),
      el('dt', {}, 'fix (' + f.remediation.framework + ')'),
      el('dd', {}, f.remediation.text),
    ),
    f.remediation.snippet ? el('pre', {}, f.remediation.snippet) : null,
    el('h4', {}, 'Evidence (' + f.evidence.length + ' exchange' + (f.evidence.length === 1 ? '' : 's') + ')'),
    f.evidence.map(exchangeView),
  )
  const toggle = el(
    'button',
    {
      class: 'finding-toggle',
      type: 'button',
      'aria-expanded': 'false',
      onclick: () => {
        evidence.hidden = !evidence.hidden
        toggle.setAttribute('aria-expanded', String(!evidence.hidden))
      },
    },
    el('span', { class: 'sev sev-' + f.severity }, f.severity),
    el('span', { class: 'check-id' }, f.id),
    el('span', { class: 'finding-title' }, f.title),
  )
  return el('div', { class: 'finding', 'data-check-id': f.id }, toggle, evidence)
}

async function selectScan(scanId) {
  state.scanId = scanId
  for (const row of document.querySelectorAll('tr.scan-row')) row.classList.toggle('selected', row.dataset.scanId === scanId)
  const { report, summary } = await api('/api/scans/' + encodeURIComponent(scanId))
  if (state.scanId !== scanId) return
  document.getElementById('scan-section').hidden = false
  document.getElementById('scan-title').textContent = scanId
  const box = document.getElementById('scan')
  const notTested = (report.checks || []).filter((c) => c.status === 'not-tested' || c.status === 'error')
  fill(
    box,
    el(
      'dl',
      { class: 'kv' },
      el('dt', {}, 'target'),
      el('dd', {}, report.target),
      el('dt', {}, 'started'),
      el('dd', {}, report.startedAt + ' (' + summary.source + ')'),
      el('dt', {}, 'grade'),
      el(
        'dd',
        {},
        gradeBadge(report.score.grade),
        ' score ' +
          report.score.value +
          (report.coverage
            ? ' · ' +
              report.coverage.ran +
              ' of ' +
              report.coverage.total +
              ' checks ran' +
              (report.score.grade === null ? ' (incomplete: fixation not tested)' : report.complete === false ? ' (incomplete)' : '')
            : ''),
      ),
      el('dt', {}, 'framework'),
      el('dd', {}, report.framework.name + ' (' + report.framework.confidence + ')'),
      el('dt', {}, 'requests'),
      el('dd', {}, report.requestCount),
    ),
    el('h3', {}, 'Findings (' + report.findings.length + ')'),
    report.findings.length
      ? el('div', { class: 'findings' }, report.findings.map(findingView))
      : el('p', { class: 'muted' }, 'No findings.'),
    notTested.length
      ? [
          el('h3', {}, 'Not tested'),
          el(
            'ul',
            {},
            notTested.map((c) =>
              el('li', {}, c.id + ': ' + (c.reason || c.status) + (c.enableWith ? ' (enable with ' + c.enableWith + ')' : '')),
            ),
          ),
        ]
      : null,
    report.tokens && Array.isArray(report.tokens.positionEntropy) && report.tokens.positionEntropy.length
      ? [
          el('h3', {}, 'Token entropy per position'),
          el(
            'p',
            { class: 'muted' },
            report.tokens.samples +
              ' samples · ' +
              report.tokens.effectiveBits +
              ' effective bits · ' +
              report.tokens.verdict +
              ' · ' +
              report.tokens.encoding,
          ),
          entropyChart(report.tokens),
        ]
      : null,
    report.notes && report.notes.length
      ? [
          el('h3', {}, 'Notes'),
          el(
            'ul',
            {},
            report.notes.map((n) => el('li', {}, n)),
          ),
        ]
      : null,
  )
}

function findingLine(f) {
  return el(
    'li',
    {},
    el('span', { class: 'sev sev-' + f.severity }, f.severity),
    ' ',
    el('span', { class: 'check-id' }, f.id),
    ' ',
    f.title,
    f.carrier ? ' (' + f.carrier.kind + ' ' + f.carrier.name + ')' : '',
  )
}

async function runDiff() {
  const a = document.getElementById('diff-a').value,
    b = document.getElementById('diff-b').value
  const box = document.getElementById('diff-result')
  let d
  try {
    d = await api('/api/diff?a=' + encodeURIComponent(a) + '&b=' + encodeURIComponent(b))
  } catch (err) {
    fill(box, el('p', {}, 'diff failed: ' + err.message))
    return
  }
  const group = (cls, title, items) =>
    el(
      'div',
      { class: 'diff-group ' + cls },
      el('h3', {}, title + ' (' + items.length + ')'),
      items.length ? el('ul', {}, items.map(findingLine)) : el('p', { class: 'muted' }, 'none'),
    )
  // scans of two targets are not a before and after of one app: say so above the comparison
  const different = d.a && d.b && d.a.target !== d.b.target
  fill(
    box,
    different
      ? el(
          'p',
          { class: 'diff-warning' },
          'different targets: ' +
            d.a.target +
            ' and ' +
            d.b.target +
            ' — findings are matched by check only, grades are not a before and after',
        )
      : null,
    el(
      'p',
      { class: 'diff-summary' },
      'grade ',
      gradeBadge(d.grade.before),
      ' → ',
      gradeBadge(d.grade.after),
      ' · score ' +
        d.score.before +
        ' → ' +
        d.score.after +
        ' · ' +
        (different ? 'not comparable as a regression' : d.regression ? 'REGRESSION' : 'no regression'),
    ),
    group('diff-new', 'New', d.new),
    group('diff-fixed', 'Fixed', d.fixed),
    d.unverified.length
      ? group(
          'diff-unverified',
          'Not re-tested (not counted as fixed)',
          d.unverified.map((u) => u.finding),
        )
      : null,
    group(
      'diff-unchanged',
      'Unchanged',
      d.unchanged.map((u) => u.after),
    ),
  )
}

async function selectTarget(target, scanId) {
  state.target = target
  // a later click wins: an answer for a target no longer chosen is dropped, not drawn over the newer one
  const stale = () => state.target !== target
  // a large fleet draws the chosen target's card only, from its own history
  if (!state.cardsForAll) {
    const cards = await api('/api/targets?target=' + encodeURIComponent(target))
    if (stale()) return
    state.targets = cards
  }
  renderFleet()
  renderTargets()
  const [entries, all] = await Promise.all([api('/api/scans?target=' + encodeURIComponent(target)), api('/api/scans')])
  if (stale()) return
  state.scans = entries
  state.allScans = all
  const scans = entries.filter((e) => e.kind === 'scan')
  const pick = scanId || (scans.length ? scans[scans.length - 1].scanId : null)
  state.scanId = pick
  renderScans()
  if (pick) await selectScan(pick)
  else document.getElementById('scan-section').hidden = true
}

async function start() {
  document.getElementById('diff-run').addEventListener('click', runDiff)
  document.getElementById('tag-filter').addEventListener('change', onFilterChange)
  document.getElementById('overdue-only').addEventListener('change', onFilterChange)
  state.tag = new URLSearchParams(location.search).get('tag') || ''
  try {
    state.fleet = await api('/api/fleet')
    state.cardsForAll = state.fleet.rows.length <= CARD_LIMIT
    state.targets = state.cardsForAll ? await api('/api/targets') : []
  } catch (err) {
    fill(document.getElementById('targets'), el('p', {}, 'could not load the history: ' + err.message))
    return
  }
  renderFleet()
  renderTargets()
  const first = state.cardsForAll ? state.targets[0] : visibleRows()[0]
  if (first) await selectTarget(first.target)
  document.body.dataset.ready = 'true'
}

start()
