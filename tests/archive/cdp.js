// cdp.js — drives headless Chromium over the DevTools protocol on a pipe
// (--remote-debugging-pipe: no port, no WebSocket, no dependency), for the
// archive's browser test and its benchmark.
// SPDX-License-Identifier: GPL-3.0-or-later
'use strict';
const { spawn, execFileSync } = require('child_process');
const fs = require('fs');
const os = require('os');
const path = require('path');

function findChromium() {
  for (const name of ['chromium', 'chromium-browser', 'google-chrome']) {
    try {
      return execFileSync('sh', ['-c', 'command -v ' + name], { encoding: 'utf8' }).trim() || null;
    } catch (e) { /* next */ }
  }
  return null;
}

class Browser {
  constructor(binary) {
    this.profile = fs.mkdtempSync(path.join(os.tmpdir(), 'farewell-chromium-'));
    const args = ['--headless=new', '--disable-gpu', '--no-first-run', '--no-default-browser-check',
                  '--disable-extensions', '--disable-background-networking', '--disable-sync',
                  '--disable-component-update', '--disable-default-apps', '--mute-audio',
                  '--remote-debugging-pipe', '--user-data-dir=' + this.profile, 'about:blank'];
    if (process.getuid && process.getuid() === 0)
      args.unshift('--no-sandbox');
    // its own process group, so that closing ends its helpers too
    this.proc = spawn(binary, args, { stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'], detached: true });
    this.out = this.proc.stdio[3];
    this.next = 1;
    this.pending = new Map();
    this.listeners = [];
    let buffer = Buffer.alloc(0);
    this.proc.stdio[4].on('data', (chunk) => {
      buffer = Buffer.concat([buffer, chunk]);
      let end;
      while ((end = buffer.indexOf(0)) !== -1) {
        const message = JSON.parse(buffer.subarray(0, end).toString('utf8'));
        buffer = buffer.subarray(end + 1);
        if (message.id && this.pending.has(message.id)) {
          const { resolve, reject } = this.pending.get(message.id);
          this.pending.delete(message.id);
          if (message.error)
            reject(new Error(JSON.stringify(message.error)));
          else
            resolve(message.result);
        } else if (message.method) {
          this.listeners.forEach((fn) => fn(message));
        }
      }
    });
  }

  send(method, params, sessionId) {
    const id = this.next++;
    const message = { id, method, params: params || {} };
    if (sessionId)
      message.sessionId = sessionId;
    this.out.write(JSON.stringify(message) + '\0');
    return new Promise((resolve, reject) => this.pending.set(id, { resolve, reject }));
  }

  // A new tab, with a handle whose send() talks to it.
  async page(width, height) {
    const { targetId } = await this.send('Target.createTarget', { url: 'about:blank' });
    const { sessionId } = await this.send('Target.attachToTarget', { targetId, flatten: true });
    const page = {
      requests: [],
      send: (method, params) => this.send(method, params, sessionId),
      on: (method, fn) => this.listeners.push((m) => { if (m.sessionId === sessionId && m.method === method) fn(m.params); }),
      close: () => this.send('Target.closeTarget', { targetId }),
    };
    page.on('Network.requestWillBeSent', (p) => page.requests.push(p.request.url));
    await page.send('Network.enable');
    await page.send('Page.enable');
    await page.send('Runtime.enable');
    await page.send('Emulation.setDeviceMetricsOverride',
                    { width: width || 1000, height: height || 800, deviceScaleFactor: 1, mobile: false });
    page.goto = async (url) => {
      const loaded = new Promise((resolve) => page.on('Page.loadEventFired', resolve));
      await page.send('Page.navigate', { url });
      await loaded;
    };
    // Evaluates @expression (awaiting a promise) and returns its value.
    page.eval = async (expression) => {
      const r = await page.send('Runtime.evaluate', { expression, awaitPromise: true, returnByValue: true });
      if (r.exceptionDetails)
        throw new Error(expression + ': ' + JSON.stringify(r.exceptionDetails));
      return r.result.value;
    };
    page.screenshot = async (file) => {
      const { data } = await page.send('Page.captureScreenshot', { format: 'png' });
      fs.writeFileSync(file, Buffer.from(data, 'base64'));
    };
    return page;
  }

  async close() {
    const exited = new Promise((resolve) => this.proc.once('exit', resolve));
    try {
      process.kill(-this.proc.pid, 'SIGTERM');
    } catch (e) {
      this.proc.kill();
    }
    await exited;
    // A helper may still be writing its last file into the profile.
    for (let i = 0; ; i++) {
      try {
        fs.rmSync(this.profile, { recursive: true, force: true });
        return;
      } catch (e) {
        if (i >= 20)
          throw e;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }
}

module.exports = { Browser, findChromium };
