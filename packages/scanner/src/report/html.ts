import { createHash } from 'node:crypto'
import { coverageFacts } from './coverage-text.js'
import type { Finding } from '../model/finding.js'
import { excerptLines, viewCode } from './code-view.js'
import { categoriesOf } from '../model/catalogue.js'
import type { ScanReport } from '../model/report.js'
import { checkRows, type CheckRow } from './checks-view.js'
import { entropySvg } from './entropy-svg.js'
import { escapeMarkup as h } from './escape.js'
import { viewExchange, type ExchangeView } from './exchange-view.js'
import { referenceList } from './references.js'
import { screenshotHtml } from './screenshot-html.js'
import type { RenderOptions } from './formats.js'
import { severityCounts, sortFindings } from './severity.js'
import { formatDuration, stripControls, untrusted } from './text.js'
import { gateLine, suppressedRows, suppressedWhy } from './suppressed-view.js'

// One self-contained file: inline CSS and script, no fonts, images or links to load. Everything
// that came from the target is escaped, and a Content-Security-Policy that allows only this file's
// own script (by hash) and nothing from the network backs that up if an escape were ever missed.

const SCRIPT = `
document.querySelectorAll('[data-toggle]').forEach(function (b) {
  b.addEventListener('click', function () {
    var open = b.getAttribute('data-toggle') === 'open';
    document.querySelectorAll('details.proof').forEach(function (d) { d.open = open; });
  });
});
document.querySelectorAll('[data-filter]').forEach(function (b) {
  b.addEventListener('click', function () {
    var sev = b.getAttribute('data-filter');
    document.querySelectorAll('article.finding').forEach(function (a) {
      a.hidden = sev !== 'all' && a.getAttribute('data-severity') !== sev;
    });
  });
});
`
const SCRIPT_HASH = createHash('sha256').update(SCRIPT).digest('base64')
const CSP = `default-src 'none'; style-src 'unsafe-inline'; script-src 'sha256-${SCRIPT_HASH}'; img-src data:; base-uri 'none'; form-action 'none'`

const CSS = `
:root{--fg:#1d232a;--muted:#5b6672;--bg:#fff;--panel:#f5f7f9;--line:#d9dee3;--crit:#8e1b1b;--high:#c62828;--med:#b26a00;--low:#1f6f8b;--info:#5b6672;--ok:#2e7d32}
*{box-sizing:border-box}body{margin:0;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1040px;margin:0 auto;padding:24px}h1{font-size:22px;margin:0}h2{font-size:18px;margin:32px 0 12px;border-bottom:1px solid var(--line);padding-bottom:4px}h3{font-size:16px;margin:0}
code,pre{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}pre{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:8px 10px;overflow-x:auto;white-space:pre-wrap;word-break:break-all;margin:4px 0 10px}
.head{display:flex;gap:24px;align-items:center;flex-wrap:wrap}.grade{font-size:44px;font-weight:700;width:84px;height:84px;border-radius:14px;display:flex;align-items:center;justify-content:center;color:#fff}
.g-A,.g-B{background:var(--ok)}.g-C{background:var(--med)}.g-D{background:var(--high)}.g-F{background:var(--crit)}.g-none{background:var(--muted)}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:0}dl.meta dt{color:var(--muted)}dl.meta dd{margin:0;word-break:break-all}
.cats{display:grid;grid-template-columns:repeat(auto-fit,minmax(170px,1fr));gap:10px}.cat{background:var(--panel);border-radius:6px;padding:8px 10px}.cat .bar{height:6px;background:var(--line);border-radius:3px;margin-top:4px}.cat .bar span{display:block;height:100%;border-radius:3px;background:var(--ok)}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}th{color:var(--muted);font-weight:600}
.sev{display:inline-block;min-width:70px;padding:1px 8px;border-radius:10px;color:#fff;font-size:12px;font-weight:600;text-transform:uppercase;text-align:center}
.sev-critical{background:var(--crit)}.sev-high{background:var(--high)}.sev-medium{background:var(--med)}.sev-low{background:var(--low)}.sev-info{background:var(--info)}
article.finding{border:1px solid var(--line);border-left:5px solid var(--line);border-radius:6px;padding:12px 16px;margin:14px 0}
article[data-severity=critical]{border-left-color:var(--crit)}article[data-severity=high]{border-left-color:var(--high)}article[data-severity=medium]{border-left-color:var(--med)}article[data-severity=low]{border-left-color:var(--low)}
.muted{color:var(--muted)}.actor{font-weight:600}.x{margin:8px 0}.shot{margin:8px 0}.shot img{max-width:100%;height:auto;border:1px solid var(--muted)}.shot figcaption{color:var(--muted);font-size:.9em}.x .req{border-left:3px solid var(--low)}.x .res{border-left:3px solid var(--muted)}
details summary{cursor:pointer;font-weight:600}.controls button{font:inherit;margin:0 6px 6px 0;padding:2px 10px;border:1px solid var(--line);background:var(--panel);border-radius:4px;cursor:pointer}
svg.entropy{width:100%;max-width:720px;height:auto;background:var(--panel);border-radius:6px}svg .grid{stroke:var(--line)}svg .ideal{stroke:var(--ok);stroke-dasharray:5 4}svg .tick,svg .axis{font-size:11px;fill:var(--muted)}
svg .bar-ok{fill:var(--ok)}svg .bar-mid{fill:var(--med)}svg .bar-low{fill:var(--high)}
.status-passed{color:var(--ok)}.status-not-tested{color:var(--med)}.status-error{color:var(--high)}
.status-failed{color:var(--high);font-weight:700}tr.row-failed td{background:#fdecea}tr.row-failed ul{margin:0;padding-left:18px}
.cat .bar span.bar-mid{background:var(--med)}.cat .bar span.bar-low{background:var(--high)}
`

export function renderHtml(report: ScanReport, opts: RenderOptions = {}): string {
  const findings = sortFindings(report.findings)
  const rows = checkRows(report)
  const verbose = opts.verbose === true
  const target = untrusted(report.target, 500)
  const body = [
    headSection(report),
    categoriesSection(report),
    findingsSection(findings, verbose),
    suppressedSection(report),
    report.tokens ? tokensSection(report) : '',
    checksSection(rows),
    report.notes.length > 0
      ? `<section id="notes"><h2>Notes</h2><ul>${report.notes.map((n) => `<li>${h(untrusted(n, 2000))}</li>`).join('')}</ul></section>`
      : '',
    `<footer class="muted"><p>sessionguard ${h(untrusted(report.tool.version, 40))} · report schema v${report.schemaVersion} · scan ${h(untrusted(report.scanId, 80))} · ${h(untrusted(report.startedAt, 40))} → ${h(untrusted(report.finishedAt, 40))}</p></footer>`,
  ]
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${h(CSP)}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>sessionguard ${h(coverageFacts(report).grade ?? 'no grade')} · ${h(target)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${body.filter(Boolean).join('\n')}
</main>
<script>${SCRIPT}</script>
</body>
</html>
`
}

function headSection(r: ScanReport): string {
  const fw = r.framework
  const signals = fw.signals.map((s) => untrusted(s, 120)).join(', ')
  const s = r.session
  const carrier = s.carrier
    ? `${h(s.carrier.kind)} <code>${h(untrusted(s.carrier.name, 80))}</code>${s.provenBy ? ` — ${h(untrusted(s.provenBy, 300))}` : ''}`
    : s.loginConfigured
      ? 'not proven'
      : 'not proven (no login configured)'
  const cov = coverageFacts(r)
  const issued = s.issued.map((c) => `${h(c.kind)} <code>${h(untrusted(c.name, 80))}</code>`).join(', ')
  return `<header class="head">
${cov.grade === null ? '<div class="grade g-none" title="no grade: fixation not tested">—</div>' : `<div class="grade g-${h(cov.grade)}" title="grade">${h(cov.grade)}</div>`}
<div>
<h1>sessionguard report</h1>
<p class="muted">Score <strong>${r.score.value}/100</strong>${cov.grade === null ? ' over the checks that ran' : ''} · grade <strong class="coverage">${h(untrusted(cov.label, 80))}</strong> · ${r.findings.length} finding${r.findings.length === 1 ? '' : 's'}</p>
<dl class="meta">
<dt>Target</dt><dd><code>${h(untrusted(r.target, 500))}</code></dd>
<dt>Framework</dt><dd>${h(untrusted(fw.name, 80))} <span class="muted">(${h(fw.confidence)} confidence${signals ? `: ${h(signals)}` : ''})</span></dd>
<dt>Session</dt><dd>${carrier}</dd>
${issued ? `<dt>Issued</dt><dd>${issued}</dd>` : ''}
<dt>Scan</dt><dd>${r.requestCount} requests in ${h(formatDuration(r.durationMs))}</dd>
${cov.preLogin ? `<dt>Pre-login</dt><dd>${h(untrusted(cov.preLogin, 600))}</dd>` : ''}
</dl>
</div>
</header>`
}

function categoriesSection(r: ScanReport): string {
  const cards = categoriesOf(r).map((c) => {
    const v = Math.max(0, Math.min(100, Number(r.score.categories[c]) || 0))
    // the same bands as the entropy bars: green is fine, amber needs work, red is failing
    const band = v >= 90 ? 'bar-ok' : v >= 70 ? 'bar-mid' : 'bar-low'
    return `<div class="cat" data-score="${v}"><div>${h(c)} <strong>${v}</strong></div><div class="bar"><span class="${band}" style="width:${v}%"></span></div></div>`
  })
  return `<section id="scores"><h2>Score by category</h2><div class="cats">${cards.join('')}</div></section>`
}

function findingsSection(findings: Finding[], verbose: boolean): string {
  if (findings.length === 0) return '<section id="findings"><h2>Findings</h2><p>No findings.</p></section>'
  const counts = severityCounts(findings)
  const filters = ['all', ...Object.keys(counts).filter((s) => counts[s as keyof typeof counts] > 0)]
    .map((s) => `<button type="button" data-filter="${h(s)}">${h(s)}</button>`)
    .join('')
  const table = findings
    .map(
      (f, i) =>
        `<tr><td><span class="sev sev-${h(f.severity)}">${h(f.severity)}</span></td><td><a href="#f${i + 1}"><code>${h(f.id)}</code></a></td><td>${h(untrusted(f.title, 300))}</td><td>${h(f.confidence)}</td></tr>`,
    )
    .join('')
  return `<section id="findings"><h2>Findings (${findings.length})</h2>
<div class="controls">${filters}<button type="button" data-toggle="open">expand all proofs</button><button type="button" data-toggle="close">collapse all</button></div>
<table><thead><tr><th>Severity</th><th>Check</th><th>Finding</th><th>Confidence</th></tr></thead><tbody>${table}</tbody></table>
${findings.map((f, i) => findingArticle(f, i + 1, verbose)).join('\n')}
</section>`
}

function codeHtml(f: Finding): string {
  const v = viewCode(f)
  if (!v) return ''
  const rows = [
    `<dt>code</dt><dd><code>${h(v.where)}</code></dd>`,
    ...(v.handler ? [`<dt>handler</dt><dd>${h(v.handler)}</dd>`] : []),
    ...(v.advisory ? [`<dt>advisory</dt><dd>${h(v.advisory)}</dd>`] : []),
    ...(v.scan ? [`<dt>scan</dt><dd>${h(v.scan)}</dd>`] : []),
  ]
  const flow = v.flow.length ? `<ol class="flow">${v.flow.map((s) => `<li><code>${h(s)}</code></li>`).join('')}</ol>` : ''
  return `<dl class="meta">${rows.join('')}</dl>${flow}<pre class="excerpt"><code>${excerptLines(v)
    .map((l) => h(l))
    .join('\n')}</code></pre>`
}

function findingArticle(f: Finding, n: number, verbose: boolean): string {
  const carrier = f.carrier ? ` · carrier ${h(f.carrier.kind)} <code>${h(untrusted(f.carrier.name, 80))}</code>` : ''
  const proof =
    f.evidence.length > 0
      ? `<details class="proof"${n === 1 ? ' open' : ''}><summary>Proof: ${f.evidence.length} exchange${f.evidence.length === 1 ? '' : 's'}</summary>${f.evidence
          .map((x, i) => exchangeHtml(viewExchange(x, { verbose }), i + 1) + screenshotHtml(x))
          .join('')}</details>`
      : ''
  const fix = f.remediation
  const refs = referenceList(f.references)
  return `<article class="finding" id="f${n}" data-severity="${h(f.severity)}">
<h3><span class="sev sev-${h(f.severity)}">${h(f.severity)}</span> <code>${h(f.id)}</code> ${h(untrusted(f.title, 300))}</h3>
<p class="muted">confidence ${h(f.confidence)} · category ${h(f.category)}${carrier}</p>
<p>${h(untrusted(f.summary, 4000))}</p>
${codeHtml(f)}
${proof}
<h4>Fix (${h(untrusted(fix.framework, 40))})</h4>
<p>${h(untrusted(fix.text, 4000))}</p>
${fix.snippet ? `<pre><code>${h(stripControls(fix.snippet))}</code></pre>` : ''}
${refs.length > 0 ? `<h4>References</h4><dl class="meta">${refs.map((r) => `<dt>${h(r.label)}</dt><dd>${r.ids.map((id) => h(untrusted(id, 60))).join(', ')}</dd>`).join('')}</dl>` : ''}
</article>`
}

function exchangeHtml(v: ExchangeView, n: number): string {
  const req = [v.requestLine, ...v.requestHeaders.map(([k, val]) => `${k}: ${val}`), ...(v.requestBody ? ['', v.requestBody] : [])]
  const res = v.statusLine
    ? [v.statusLine, ...v.responseHeaders.map(([k, val]) => `${k}: ${val}`), ...(v.responseBody ? ['', v.responseBody] : [])]
    : []
  return `<div class="x"><div><span class="actor">${n}. ${h(v.actor)}</span>${v.note ? ` — ${h(v.note)}` : ''}</div>
<pre class="req">${h(req.join('\n'))}</pre>${res.length > 0 ? `<pre class="res">${h(res.join('\n'))}</pre>` : ''}${v.error ? `<pre class="res">error: ${h(v.error)}</pre>` : ''}</div>`
}

function suppressedSection(r: ScanReport): string {
  const rows = suppressedRows(r)
  const gate = gateLine(r)
  if (rows.length === 0 && !gate) return ''
  const table = rows.length
    ? `<table><thead><tr><th>Severity</th><th>Check</th><th>Finding</th><th>Why suppressed</th></tr></thead><tbody>${rows
        .map(
          (x) =>
            `<tr class="suppressed"><td><span class="sev sev-${h(x.severity)}">${h(x.severity)}</span></td><td><code>${h(x.id)}</code></td><td>${h(x.title)}${x.carrier ? ` <span class="muted">(${h(x.carrier)})</span>` : ''}</td><td>${h(suppressedWhy(x))}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : ''
  return `<section id="suppressed"><h2>${rows.length ? `Suppressed (${rows.length})` : 'Gate'}</h2>${gate ? `<p><strong>Gate</strong>: ${h(gate)}</p>` : ''}${table}</section>`
}

function tokensSection(r: ScanReport): string {
  const t = r.tokens!
  return `<section id="tokens"><h2>Session id entropy</h2>
<p>${t.samples} samples · ${h(untrusted(t.encoding, 40))} · effective <strong>${Number(t.effectiveBits).toFixed(1)} bits</strong> · ${h(untrusted(t.verdict, 300))} <span class="muted">(${h(untrusted(t.method, 200))})</span></p>
${entropySvg(t)}
</section>`
}

/** A failed check says what failed where: each finding's title, carrier and what was proven, and what was suppressed. */
function failedDetail(r: CheckRow): string {
  const item = (f: Finding): string =>
    `<li><strong>${h(untrusted(f.title, 300))}</strong>${f.carrier ? ` · ${h(f.carrier.kind)} <code>${h(untrusted(f.carrier.name, 80))}</code>` : ''} · ${h(f.severity)}<br>${h(untrusted(f.summary, 400))}</li>`
  const found = r.findings.length ? `<ul>${r.findings.map(item).join('')}</ul>` : ''
  const suppressed = r.suppressed.length
    ? `<p class="muted">suppressed: ${r.suppressed.map((x) => h(untrusted(x.reason, 200))).join('; ')}</p>`
    : ''
  return found || suppressed ? `${found}${suppressed}` : h(untrusted(r.reason ?? '', 400))
}

function checksSection(rows: CheckRow[]): string {
  const tr = (r: CheckRow): string => {
    const detail =
      r.status === 'not-tested'
        ? `${h(untrusted(r.reason ?? '', 400))}${r.enableWith ? `<br>enable with <code>${h(untrusted(r.enableWith, 300))}</code>` : ''}`
        : r.status === 'failed'
          ? failedDetail(r)
          : h(untrusted(r.reason ?? '', 400))
    const what = r.status === 'passed' ? `✓ ${h(r.held)}` : h(r.title)
    return `<tr class="row-${h(r.status)}"><td class="status-${h(r.status)}">${h(r.status)}</td><td><code>${h(r.id)}</code></td><td>${what}</td><td>${detail}</td></tr>`
  }
  return `<section id="checks"><h2>Checks</h2><table><thead><tr><th>Status</th><th>Check</th><th>What was checked</th><th>Details</th></tr></thead><tbody>${rows.map(tr).join('')}</tbody></table></section>`
}
