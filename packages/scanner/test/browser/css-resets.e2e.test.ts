// r23u L6: every page built on normalize.css, Bootstrap's reboot or Tailwind's preflight lost its
// picture, because those sheets style Chromium's form-control parts (::-webkit-inner-spin-button …),
// pseudo-elements the check does not read. A rule naming only such parts, with declarations that draw
// no text and no picture, no longer refuses; anything else that names them still does.
import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { chromium, type Browser } from 'playwright-core'
import { readPage, type PageRead } from '../../src/login/browser/page-check.js'
import { markChromiumOfThisFile } from './processes.js'

markChromiumOfThisFile()

// the rules of each reset that name a form-control part, as they ship
const NORMALIZE = `[type="number"]::-webkit-inner-spin-button,[type="number"]::-webkit-outer-spin-button{height:auto}
[type="search"]{-webkit-appearance:textfield;outline-offset:-2px}
[type="search"]::-webkit-search-decoration{-webkit-appearance:none}
::-webkit-file-upload-button{-webkit-appearance:button;font:inherit}`
const BOOTSTRAP = `::-webkit-datetime-edit-fields-wrapper,::-webkit-datetime-edit-text,::-webkit-datetime-edit-minute,::-webkit-datetime-edit-hour-field,::-webkit-datetime-edit-day-field,::-webkit-datetime-edit-month-field,::-webkit-datetime-edit-year-field{padding:0}
::-webkit-inner-spin-button{height:auto}
[type=search]{-webkit-appearance:textfield;outline-offset:-2px}
::-webkit-search-decoration{-webkit-appearance:none}
::-webkit-color-swatch-wrapper{padding:0}
::file-selector-button{font:inherit;-webkit-appearance:button}`
const TAILWIND = `::-webkit-inner-spin-button,::-webkit-outer-spin-button{height:auto}
::-webkit-search-decoration{-webkit-appearance:none}
::-webkit-file-upload-button{-webkit-appearance:button;font:inherit}
input::placeholder,textarea::placeholder{opacity:1;color:#9ca3af}
::-webkit-date-and-time-value{min-height:1lh;text-align:inherit}
::-webkit-datetime-edit{display:inline-flex}
::-webkit-datetime-edit-fields-wrapper{padding:0}
::-webkit-datetime-edit,::-webkit-datetime-edit-year-field,::-webkit-datetime-edit-month-field,::-webkit-datetime-edit-day-field,::-webkit-datetime-edit-hour-field,::-webkit-datetime-edit-minute-field,::-webkit-datetime-edit-second-field,::-webkit-datetime-edit-millisecond-field,::-webkit-datetime-edit-meridiem-field{padding-block:0}
@supports (not (-webkit-appearance:-apple-pay-button)) or (contain-intrinsic-size:1px){::placeholder{color:color-mix(in oklab,currentcolor 50%,transparent)}}
::-webkit-calendar-picker-indicator{line-height:1}
input::-webkit-input-placeholder{color:#999}`

const PART = 'a pseudo-element the check does not read'

describe('CSS resets that style form-control parts', () => {
  let browser: Browser
  before(async () => {
    browser = await chromium.launch({
      executablePath: process.env.SESSIONGUARD_BROWSER || '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox'],
      chromiumSandbox: false,
    })
  })
  after(async () => {
    await browser?.close()
  })

  const unreadable = async (css: string): Promise<string[]> => {
    const page = await browser.newPage()
    try {
      await page.setContent(`<style>${css}</style><p>Welcome back</p><input type=number value=3><input type=date><input type=search>`)
      return ((await page.evaluate(`var __name = (f) => f; (${readPage.toString()})()`)) as PageRead).unreadable
    } finally {
      await page.close()
    }
  }

  for (const [name, css] of <Array<[string, string]>>[
    ['normalize.css', NORMALIZE],
    ["Bootstrap's reboot", BOOTSTRAP],
    ["Tailwind's preflight", TAILWIND],
    ['all three, inside @media and @layer', `@media screen{${NORMALIZE}}@layer base{${BOOTSTRAP}${TAILWIND}}`],
  ])
    test(`${name}: readable`, async () => {
      assert.deepEqual(await unreadable(css), [])
    })

  for (const [name, css] of <Array<[string, string]>>[
    ['generated content', '::-webkit-inner-spin-button{content:"s3f9a0c1d2e4b"}'],
    ['an image', '::-webkit-search-decoration{background-image:url(/id.svg)}'],
    ['a gradient', '::-webkit-datetime-edit{background:linear-gradient(red,blue)}'],
    ['a value from a custom property', '::-webkit-datetime-edit{color:var(--x)}'],
    ['a custom property', '::-webkit-datetime-edit{--x:url(/id.svg)}'],
    ['a list item', '::-webkit-datetime-edit{display:list-item;list-style-type:"s3f9"}'],
    ['a nested rule', '::-webkit-datetime-edit{padding:0;&::before{content:"x"}}'],
    ['a part not on the list', '::-webkit-slider-thumb{height:auto}'],
    ['a part mixed with an unknown pseudo-element', '::-webkit-inner-spin-button,::scroll-button(left){height:auto}'],
    ['a filter', '::-webkit-calendar-picker-indicator{filter:drop-shadow(0 0 2px red)}'],
    ['a mask', '::-webkit-calendar-picker-indicator{-webkit-mask-image:url(/id.svg)}'],
    ['a function that is not a colour or a size', '::-webkit-datetime-edit{width:env(safe-area-inset-left)}'],
    ['a font feature string', '::-webkit-datetime-edit{font-feature-settings:"liga"}'],
  ])
    test(`a part rule with ${name}: unreadable`, async () => {
      assert.ok((await unreadable(css)).includes(PART), name)
    })
})
