#!/usr/bin/env python3
"""Opens report.html in headless Chromium through the DevTools protocol on
a pipe (--remote-debugging-pipe: no port, no network) and checks, at each
window width: the page's scroll width is not larger than the window (no
horizontal scrolling), and the verdict filter (radio buttons and CSS, no
script in the page) shows only the chosen verdict.  Saves a full-page
screenshot per width into OUTDIR for a person to look at.
usage: report_browser.py REPORT.html OUTDIR WIDTH...   exit 0 ok, 1 fail."""
import base64
import json
import os
import subprocess
import sys
import tempfile
import time


class Browser:
    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="cifra-chromium-")
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()

        def fds():
            # via fresh copies: a pipe end may already be fd 3 or 4, and
            # dup2 onto itself would keep its close-on-exec flag
            r, w = os.dup(to_chrome_r), os.dup(from_chrome_w)
            os.dup2(r, 3)
            os.dup2(w, 4)

        self.proc = subprocess.Popen(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu",
             "--disable-quic", "--no-first-run",
             "--disable-background-networking", "--disable-component-update",
             "--disable-sync", "--hide-scrollbars",
             "--user-data-dir=" + self.profile, "--remote-debugging-pipe",
             "about:blank"],
            preexec_fn=fds, close_fds=False,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.buf = b""
        self.next_id = 0
        self.events = []

    def send(self, method, params=None, session=None):
        self.next_id += 1
        msg = {"id": self.next_id, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        os.write(self.to_chrome, json.dumps(msg).encode() + b"\0")
        want = self.next_id
        while True:
            m = self.read()
            if m.get("id") == want:
                if "error" in m:
                    raise RuntimeError("%s: %s" % (method, m["error"]))
                return m.get("result", {})
            self.events.append(m)

    def read(self):
        while b"\0" not in self.buf:
            chunk = os.read(self.from_chrome, 65536)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buf += chunk
        msg, self.buf = self.buf.split(b"\0", 1)
        return json.loads(msg)

    def close(self):
        try:
            self.send("Browser.close")
        except Exception:
            pass
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
        subprocess.run(["rm", "-rf", self.profile])


def evaluate(b, s, expr):
    r = b.send("Runtime.evaluate", {"expression": expr, "returnByValue": True}, s)
    return r["result"].get("value")


def check_width(b, s, url, width, outdir):
    problems = []
    b.send("Emulation.setDeviceMetricsOverride",
           {"width": width, "height": 900, "deviceScaleFactor": 1,
            "mobile": width < 600}, s)
    b.send("Page.navigate", {"url": url}, s)
    for _ in range(100):
        if evaluate(b, s, "document.readyState") == "complete":
            break
        time.sleep(0.1)
    sw = evaluate(b, s, "document.documentElement.scrollWidth")
    iw = evaluate(b, s, "window.innerWidth")
    if sw > iw:
        wide = evaluate(b, s, """[...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
            .slice(0, 3).map(e => e.tagName + '.' + e.className + ': ' +
            (e.textContent || '').slice(0, 40)).join(' | ')""")
        problems.append("%d px: scroll width %d > window %d (%s)" % (width, sw, iw, wide))
    shot = b.send("Page.captureScreenshot",
                  {"format": "png", "captureBeyondViewport": True}, s)
    with open(os.path.join(outdir, "report-%d.png" % width), "wb") as f:
        f.write(base64.b64decode(shot["data"]))
    # and the top of the page, the part a reader sees first
    shot = b.send("Page.captureScreenshot",
                  {"format": "png", "captureBeyondViewport": True,
                   "clip": {"x": 0, "y": 0, "width": width, "height": 1600,
                            "scale": 1}}, s)
    with open(os.path.join(outdir, "report-%d-top.png" % width), "wb") as f:
        f.write(base64.b64decode(shot["data"]))
    # the filter: choose each verdict, every visible item has it
    for v in ["inconsistent", "unverifiable", "consistent"]:
        bad = evaluate(b, s, """(() => {
            document.getElementById('show-%s').click();
            const shown = [...document.querySelectorAll('.item')]
                .filter(e => e.offsetParent !== null || e.closest('details:not([open])'));
            return [...document.querySelectorAll('.item')]
                .filter(e => getComputedStyle(e).display !== 'none' &&
                             !e.classList.contains('v-%s')).length;
        })()""" % (v, v))
        if bad:
            problems.append("%d px: filter '%s' still shows %d other items" % (width, v, bad))
    evaluate(b, s, "document.getElementById('show-all').click()")
    hidden = evaluate(b, s, """[...document.querySelectorAll('.item')]
        .filter(e => getComputedStyle(e).display === 'none').length""")
    if hidden:
        problems.append("%d px: 'all' hides %d items" % (width, hidden))
    return problems


def main():
    html, outdir, widths = sys.argv[1], sys.argv[2], [int(w) for w in sys.argv[3:]]
    url = "file://" + os.path.abspath(html)
    b = Browser()
    problems = []
    try:
        t = b.send("Target.createTarget", {"url": "about:blank"})
        s = b.send("Target.attachToTarget",
                   {"targetId": t["targetId"], "flatten": True})["sessionId"]
        b.send("Page.enable", {}, s)
        scripts = None
        for w in widths:
            problems += check_width(b, s, url, w, outdir)
            scripts = evaluate(b, s, "document.scripts.length")
        if scripts:
            problems.append("the page holds %d scripts" % scripts)
    finally:
        b.close()
    for p in problems:
        print(p)
    return 1 if problems else 0


sys.exit(main())
