// r23d M4: the page is read again after its picture, and the picture is kept only when that read is
// the one the picture was checked on. Stopping scripts does not stop the network, so a stylesheet that
// arrives between the check and the capture can add text without moving any box. In a browser this is a
// race the test cannot order (no seam between the capture and the re-read), so the comparison is tested here.
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { changedSince } from '../../src/login/browser/screenshot.js'

const read = {
  text: 'Signed in as alice\nWelcome',
  unreadable: [] as string[],
  emails: [] as string[],
  boxes: [{ x: 100, y: 200, width: 300, height: 60 }],
  geometry: '0,0,1024,720,100,200,300,60',
  devicePixelRatio: 1,
  loaderId: 'L1',
}

test('the same read after the picture keeps it', () => {
  assert.equal(changedSince(read, { ...read, boxes: [...read.boxes] }), false)
})

test('text that appeared after the check (a late stylesheet with generated content) drops the picture, though no box moved', () => {
  assert.equal(changedSince(read, { ...read, text: 'Signed in as alice\nWelcome\ns0123456789abcdef' }), true)
})

test('something unreadable that appeared after the check (a late web font) drops the picture', () => {
  assert.equal(changedSince(read, { ...read, unreadable: ['a web font'] }), true)
})

test('a scroll, a moved box or another document drops the picture', () => {
  assert.equal(changedSince(read, { ...read, geometry: '0,40,1024,720,100,160,300,60' }), true)
  assert.equal(changedSince(read, { ...read, loaderId: 'L2' }), true)
})
