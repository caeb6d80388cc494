#!/usr/bin/env python3
"""Checks an offline HTML page in a real browser: Debian's chromium, headless.

    check_page.py FILE.html [--screenshot OUT.png [--screenshot-height PX]] [--pdf OUT.pdf] [--json]
    check_page.py --many A.html B.html ... [--json]     (one browser for all pages)

Reports one JSON document (--json) or a short summary:
  console_errors    console messages of level error, uncaught exceptions, error log entries
  requests_outside  every request that left the file (each is blocked, never sent)
  data_uris         data: URLs the page loaded (inside the file: informational, never a failure)
  overlaps          per inline <svg>: pairs of <text> whose boxes overlap by > 0.5 px in both
                    axes at a 1280 px wide viewport, and text that overflows its svg's viewport
  print             the page printed to PDF (A4 portrait, backgrounds): page_count, and
                    cut_across_pages: the charts (svg, .chart, .figure) that landed on more than
                    one page
  html_errors       html5lib's parse errors (the ones strict mode raises), with line and column
Exit 0 when every list above but data_uris is empty, 1 otherwise, 2 on a usage or launch error.

As a library: check_page(path) -> dict, check_pages(paths) -> list of dicts (one browser), or
`with Browser() as b: b.check(path)`. Talks to Chromium over the DevTools protocol on a pipe
(--remote-debugging-pipe: fd 3 in, fd 4 out, NUL-separated JSON), so it needs no package
beyond html5lib. See README.md beside this file.
"""
from __future__ import annotations

import argparse
import base64
import fcntl
import itertools
import json
import os
import re
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

VIEWPORT_WIDTH = 1280
VIEWPORT_HEIGHT = 800
OVERLAP_TOLERANCE_PX = 0.5
# A4 portrait, inches (210 x 297 mm), with Chromium's default margins of 1 cm (0.4 in).
A4_WIDTH_IN = 210 / 25.4
A4_HEIGHT_IN = 297 / 25.4
MARGIN_IN = 0.4
MARKER_PREFIX = "https://cohort-print-marker.invalid/"
LOAD_TIMEOUT_S = 20.0
QUIET_PERIOD_S = 0.1  # after load: no new request for this long, at most QUIET_MAX_S
QUIET_MAX_S = 1.0


class UsageError(Exception):
    """A problem with how the checker was called or with the machine: exit code 2."""


class LaunchError(UsageError):
    """Chromium could not be started or stopped answering."""


class ProtocolError(Exception):
    """A DevTools command answered with an error."""


# ---------------------------------------------------------------------------------------------
# Chromium and the DevTools protocol over a pipe


def find_chromium() -> str:
    """The browser binary: $COHORT_CHROMIUM, else Debian's binary behind its /usr/bin wrapper.

    The wrapper (/usr/bin/chromium) sources /etc/chromium.d/*, which adds flags of its own
    (GPU rasterization, remote extensions, a /dev/shm test that breaks on some machines); the
    checker passes every flag it wants itself, so it runs the binary directly when it can.
    """
    candidates = [os.environ.get("COHORT_CHROMIUM"), "/usr/lib/chromium/chromium",
                  shutil.which("chromium"), shutil.which("chromium-browser"),
                  shutil.which("chromium-headless-shell")]
    for candidate in candidates:
        if candidate and os.path.isfile(candidate) and os.access(candidate, os.X_OK):
            return candidate
    raise LaunchError("chromium is not installed: run Tests/Support/browser/install.sh "
                      "(or set COHORT_CHROMIUM to a Chromium binary)")


def chromium_flags(profile: str) -> list[str]:
    flags = [
        "--headless",                       # no display needed (the new headless mode)
        "--remote-debugging-pipe",          # DevTools protocol on fds 3 (in) and 4 (out)
        f"--user-data-dir={profile}",       # a fresh profile in a temp dir, removed afterwards
        "--no-first-run", "--no-default-browser-check",
        "--disable-dev-shm-usage",          # shared memory in /tmp: small /dev/shm crashes tabs
        "--disable-gpu",                    # software rendering: same pixels everywhere, faster start
        "--disable-crash-reporter", "--disable-breakpad",  # no crashpad handler, no dumps
        "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--disable-default-apps", "--disable-extensions",
        "--disable-client-side-phishing-detection", "--metrics-recording-only",
        "--password-store=basic",           # no keyring / D-Bus lookups
        "--host-resolver-rules=MAP * ~NOTFOUND",  # no name resolves: nothing can leave the machine
        # One renderer process for the page and any frame: every request passes the page's
        # Fetch interception; no field trials that change behaviour from run to run.
        "--disable-features=IsolateOrigins,site-per-process,Translate,MediaRouter,"
        "OptimizationHints,AutofillServerCommunication,InterestFeedContentSuggestions",
        "--disable-field-trial-config",
        "--hide-scrollbars",                # layout width is the full 1280 px, screenshots clean
        "--mute-audio",
        "--font-render-hinting=none",       # text metrics that do not depend on hinting settings
        "--force-color-profile=srgb",
        "--lang=en-US",
        f"--window-size={VIEWPORT_WIDTH},{VIEWPORT_HEIGHT}",
        "--disable-renderer-backgrounding", "--disable-background-timer-throttling",
        "--disable-backgrounding-occluded-windows",
    ]
    if os.geteuid() == 0:
        flags.append("--no-sandbox")        # Chromium's sandbox refuses to run as root
    return flags


class Browser:
    """One headless Chromium, driven over --remote-debugging-pipe. Use as a context manager."""

    def __init__(self, executable: str | None = None, timeout: float = 30.0):
        self.executable = executable or find_chromium()
        self.timeout = timeout
        self.profile = tempfile.mkdtemp(prefix="cohort-chromium-")
        self.log_path = os.path.join(self.profile, "chromium.log")
        self._ids = itertools.count(1)
        self._buffer = b""
        self._events: list[dict] = []
        self._handlers: dict[tuple[str | None, str], callable] = {}
        self.proc = None
        self._launch()

    # -- process ----------------------------------------------------------------------------
    def _launch(self):
        to_chrome_r, to_chrome_w = os.pipe()
        from_chrome_r, from_chrome_w = os.pipe()

        def child_fds():
            # Move both ends above 10 first so dup2 onto 3 and 4 never clobbers a source.
            a = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10)
            b = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)
            os.dup2(a, 3)
            os.dup2(b, 4)
            os.close(a)
            os.close(b)

        log = open(self.log_path, "wb")
        env = dict(os.environ, LANG="en_US.UTF-8", LANGUAGE="en_US")
        env.pop("DISPLAY", None)  # headless: never talk to an X server that happens to be there
        try:
            self.proc = subprocess.Popen(
                [self.executable, *chromium_flags(self.profile), "about:blank"],
                stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=env,
                close_fds=False,            # fds 3 and 4 must survive; ours are non-inheritable
                preexec_fn=child_fds, start_new_session=True)
        except OSError as error:
            raise LaunchError(f"cannot start {self.executable}: {error}") from error
        finally:
            log.close()
            os.close(to_chrome_r)
            os.close(from_chrome_w)
        self._write_fd = to_chrome_w
        self._read_fd = from_chrome_r
        try:
            self.version = self.call("Browser.getVersion", timeout=self.timeout)
        except LaunchError:
            self.close()
            raise

    def _log_tail(self) -> str:
        try:
            lines = Path(self.log_path).read_text(errors="replace").splitlines()
        except OSError:
            return ""
        interesting = [line for line in lines if "dbus" not in line.lower()]
        return "\n".join(interesting[-8:])

    def close(self):
        if self.proc is not None and self.proc.poll() is None:
            try:
                self.send("Browser.close")
                self.proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired, LaunchError):
                pass
            if self.proc.poll() is None:
                try:
                    os.killpg(self.proc.pid, signal.SIGKILL)  # our own process group only
                except ProcessLookupError:
                    pass
                self.proc.wait(timeout=5)
        if self.proc is not None:
            # Chromium's helpers (zygote, renderers) share its process group: end stragglers.
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        for fd in ("_write_fd", "_read_fd"):
            if hasattr(self, fd):
                try:
                    os.close(getattr(self, fd))
                except OSError:
                    pass
                delattr(self, fd)
        shutil.rmtree(self.profile, ignore_errors=True)
        self.proc = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    # -- messages ---------------------------------------------------------------------------
    def send(self, method: str, params: dict | None = None, session: str | None = None) -> int:
        message_id = next(self._ids)
        message = {"id": message_id, "method": method, "params": params or {}}
        if session:
            message["sessionId"] = session
        data = json.dumps(message).encode() + b"\0"
        try:
            while data:
                written = os.write(self._write_fd, data)
                data = data[written:]
        except (BrokenPipeError, OSError) as error:
            raise LaunchError(f"chromium stopped: {error}\n{self._log_tail()}") from error
        return message_id

    def _read_message(self, deadline: float) -> dict | None:
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return None
            ready, _, _ = select.select([self._read_fd], [], [], remaining)
            if not ready:
                return None
            chunk = os.read(self._read_fd, 1 << 20)
            if not chunk:
                raise LaunchError("chromium closed the DevTools pipe (it crashed or exited)\n"
                                  + self._log_tail())
            self._buffer += chunk
        raw, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(raw)

    def _dispatch(self, message: dict):
        if "method" not in message:
            return  # the answer to a command sent without waiting
        handler = self._handlers.get((message.get("sessionId"), message["method"]))
        if handler:
            handler(message.get("params", {}))
        self._events.append(message)

    def call(self, method: str, params: dict | None = None, session: str | None = None,
             timeout: float | None = None) -> dict:
        message_id = self.send(method, params, session)
        deadline = time.monotonic() + (timeout or self.timeout)
        while True:
            message = self._read_message(deadline)
            if message is None:
                raise LaunchError(f"chromium did not answer {method} in time\n{self._log_tail()}")
            if message.get("id") == message_id:
                if "error" in message:
                    raise ProtocolError(f"{method}: {message['error'].get('message')}")
                return message.get("result", {})
            self._dispatch(message)

    def pump(self, seconds: float):
        """Handles events for this long."""
        deadline = time.monotonic() + seconds
        while (message := self._read_message(deadline)) is not None:
            self._dispatch(message)

    def wait_event(self, method: str, session: str | None, timeout: float) -> dict | None:
        deadline = time.monotonic() + timeout
        while True:
            for index, event in enumerate(self._events):
                if event["method"] == method and event.get("sessionId") == session:
                    del self._events[index]
                    return event.get("params", {})
            message = self._read_message(deadline)
            if message is None:
                return None
            self._dispatch(message)

    def take_events(self, session: str) -> list[dict]:
        mine = [event for event in self._events if event.get("sessionId") == session]
        self._events = [event for event in self._events if event.get("sessionId") != session]
        return mine

    def on(self, session: str, method: str, handler):
        self._handlers[(session, method)] = handler

    def drop_handlers(self, session: str):
        self._handlers = {key: value for key, value in self._handlers.items() if key[0] != session}

    # -- checking ---------------------------------------------------------------------------
    def check(self, path, screenshot=None, pdf=None, screenshot_height=None) -> dict:
        return _check_in(self, path, screenshot=screenshot, pdf=pdf, screenshot_height=screenshot_height)


# ---------------------------------------------------------------------------------------------
# What runs inside the page

OVERLAP_JS = r"""
(() => {
  const TOL = %(tol)s;
  const HIDDEN = new Set(['defs','symbol','clippath','mask','pattern','marker','title','desc',
                          'metadata','foreignobject','switch']);
  const round = v => Math.round(v * 100) / 100;
  const rect = b => ({x: round(b.left + scrollX), y: round(b.top + scrollY),
                      width: round(b.width), height: round(b.height)});
  const label = t => t.textContent.replace(/\s+/g, ' ').trim();
  // The four corners of a text's own box in client coordinates: exact for rotated labels,
  // where the axis-aligned getBoundingClientRect box is larger than the text.
  const quad = t => {
    const bb = t.getBBox(), m = t.getScreenCTM();
    if (!m) return null;
    return [[bb.x, bb.y], [bb.x + bb.width, bb.y], [bb.x + bb.width, bb.y + bb.height],
            [bb.x, bb.y + bb.height]].map(([x, y]) => [m.a*x + m.c*y + m.e, m.b*x + m.d*y + m.f]);
  };
  const axisAligned = m => !m || (Math.abs(m.b) < 1e-6 && Math.abs(m.c) < 1e-6);
  // Separating-axis test on two convex quads: the smallest overlap along the edge normals.
  const quadOverlap = (p, q) => {
    let least = Infinity;
    for (const poly of [p, q]) for (let i = 0; i < 4; i++) {
      const [x1, y1] = poly[i], [x2, y2] = poly[(i + 1) %% 4];
      let nx = y2 - y1, ny = x1 - x2; const len = Math.hypot(nx, ny);
      if (len < 1e-9) continue; nx /= len; ny /= len;
      const proj = poly2 => poly2.map(([x, y]) => x*nx + y*ny);
      const a = proj(p), b = proj(q);
      least = Math.min(least, Math.min(Math.max(...a), Math.max(...b)) -
                              Math.max(Math.min(...a), Math.min(...b)));
    }
    return least;
  };
  const svgs = [...document.querySelectorAll('svg')]
      .filter(s => !(s.parentElement && s.parentElement.closest('svg')));
  const found = [];
  let textCount = 0, rotatedCleared = 0;
  svgs.forEach((svg, index) => {
    const who = {index, id: svg.id || null,
                 label: svg.getAttribute('aria-label') ||
                        (svg.querySelector(':scope > title') || {}).textContent || null};
    const sb = svg.getBoundingClientRect(), cs = getComputedStyle(svg);
    const px = v => parseFloat(v) || 0;
    const view = {left: sb.left + px(cs.borderLeftWidth) + px(cs.paddingLeft),
                  top: sb.top + px(cs.borderTopWidth) + px(cs.paddingTop),
                  right: sb.right - px(cs.borderRightWidth) - px(cs.paddingRight),
                  bottom: sb.bottom - px(cs.borderBottomWidth) - px(cs.paddingBottom)};
    if (sb.width === 0 && sb.height === 0) return;  // not rendered
    const texts = [];
    for (const t of svg.querySelectorAll('text')) {
      let hidden = false;
      for (let a = t.parentElement; a && a !== svg; a = a.parentElement)
        if (HIDDEN.has(a.localName.toLowerCase())) { hidden = true; break; }
      if (hidden) continue;
      const tcs = getComputedStyle(t);
      if (tcs.visibility !== 'visible' || tcs.display === 'none' || label(t) === '') continue;
      const b = t.getBoundingClientRect();
      if (b.width <= 0 || b.height <= 0) continue;
      texts.push({el: t, b, text: label(t), order: texts.length, m: t.getScreenCTM()});
    }
    textCount += texts.length;
    const desc = t => ({text: t.text, index: t.order, id: t.el.id || null, rect: rect(t.b)});
    for (const t of texts) {
      const out = {left: round(view.left - t.b.left), top: round(view.top - t.b.top),
                   right: round(t.b.right - view.right), bottom: round(t.b.bottom - view.bottom)};
      const sides = Object.keys(out).filter(k => out[k] > TOL);
      if (sides.length)
        found.push({kind: 'overflow', svg: who, text: desc(t), sides,
                    by: Object.fromEntries(sides.map(k => [k, out[k]])),
                    viewport: rect({left: view.left, top: view.top,
                                    width: view.right - view.left, height: view.bottom - view.top})});
    }
    for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
      const a = texts[i], b = texts[j];
      const w = Math.min(a.b.right, b.b.right) - Math.max(a.b.left, b.b.left);
      const h = Math.min(a.b.bottom, b.b.bottom) - Math.max(a.b.top, b.b.top);
      if (!(w > TOL && h > TOL)) continue;
      let depth = null;
      if (!axisAligned(a.m) || !axisAligned(b.m)) {
        const qa = quad(a.el), qb = quad(b.el);
        if (qa && qb) {
          depth = quadOverlap(qa, qb);
          if (!(depth > TOL)) { rotatedCleared++; continue; }
        }
      }
      found.push({kind: 'overlap', svg: who, a: desc(a), b: desc(b),
                  intersection: {width: round(w), height: round(h)},
                  rotated_overlap: depth === null ? null : round(depth)});
    }
  });
  return {svg_count: svgs.length, text_count: textCount, rotated_pairs_cleared: rotatedCleared, found};
})()
""" % {"tol": OVERLAP_TOLERANCE_PX}

# Marks every chart with a link to a unique marker address. Chromium writes each link as a PDF
# link annotation on every page where a fragment of it is painted, so the printed PDF itself
# says on which pages each chart landed. The markers are positioned so they change no layout:
# an absolutely positioned <a> filling an HTML chart (the chart gets position: relative only
# when it was static), a transparent <rect> in an <a> covering an svg's viewBox.
MARK_JS = r"""
(() => {
  const PREFIX = %(prefix)s, SVGNS = 'http://www.w3.org/2000/svg';
  const charts = [...document.querySelectorAll('svg, .chart, .figure')]
      .filter(e => !(e.localName === 'svg' && e.parentElement && e.parentElement.closest('svg')));
  const out = [];
  charts.forEach((el, i) => {
    const href = PREFIX + i;
    const info = {index: i, element: el.localName, id: el.id || null,
                  class: el.getAttribute('class') || null,
                  label: el.getAttribute('aria-label') ||
                         (el.querySelector(':scope > title, :scope > figcaption, :scope > h2, :scope > h3')
                          || {}).textContent || null};
    if (info.label) info.label = info.label.replace(/\s+/g, ' ').trim().slice(0, 80);
    if (el.namespaceURI === SVGNS) {
      const a = document.createElementNS(SVGNS, 'a');
      a.setAttribute('href', href);
      a.setAttribute('data-cohort-marker', '');
      const r = document.createElementNS(SVGNS, 'rect');
      const vb = el.viewBox && el.viewBox.baseVal;
      if (vb && vb.width > 0 && vb.height > 0) {
        r.setAttribute('x', vb.x); r.setAttribute('y', vb.y);
        r.setAttribute('width', vb.width); r.setAttribute('height', vb.height);
      } else {
        r.setAttribute('x', 0); r.setAttribute('y', 0);
        r.setAttribute('width', '100%%'); r.setAttribute('height', '100%%');
      }
      r.setAttribute('fill', '#000'); r.setAttribute('fill-opacity', '0');
      r.setAttribute('stroke', 'none');
      a.appendChild(r); el.appendChild(a);
    } else {
      if (getComputedStyle(el).position === 'static') {
        el.setAttribute('data-cohort-was-static', '');
        el.style.position = 'relative';
      }
      const a = document.createElement('a');
      a.href = href;
      a.setAttribute('data-cohort-marker', '');
      a.setAttribute('aria-hidden', 'true');
      a.style.cssText = 'position:absolute;inset:0;display:block;margin:0;padding:0;border:0;' +
                        'background:transparent;z-index:2147483647';
      el.appendChild(a);
    }
    out.push(info);
  });
  return out;
})()
""" % {"prefix": json.dumps(MARKER_PREFIX)}

UNMARK_JS = r"""
(() => {
  document.querySelectorAll('[data-cohort-marker]').forEach(e => e.remove());
  document.querySelectorAll('[data-cohort-was-static]').forEach(e => {
    e.style.position = ''; e.removeAttribute('data-cohort-was-static');
    if (!e.getAttribute('style')) e.removeAttribute('style');
  });
  return true;
})()
"""


# ---------------------------------------------------------------------------------------------
# A minimal reader for the PDFs Chromium (Skia) writes: classic xref table, no object streams


def _pdf_objects(pdf: bytes) -> dict[int, bytes]:
    """Object number -> the object's text up to its stream or endobj."""
    offsets: dict[int, int] = {}
    match = re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", pdf[-1024:])
    if match and pdf[int(match.group(1)):int(match.group(1)) + 4] == b"xref":
        start = int(match.group(1)) + 4
        table = pdf[start:pdf.find(b"trailer", start)]
        number = 0
        for line in table.splitlines():
            fields = line.split()
            if len(fields) == 2:      # a subsection: first object number, count
                number = int(fields[0])
            elif len(fields) == 3:    # offset, generation, n (in use) or f (free)
                if fields[2] == b"n":
                    offsets[number] = int(fields[0])
                number += 1
    objects: dict[int, bytes] = {}
    if offsets:
        for number, offset in offsets.items():
            head = re.match(rb"\s*(\d+)\s+\d+\s+obj", pdf[offset:offset + 40])
            if not head or int(head.group(1)) != number:
                offsets = {}
                break
            start = offset + head.end()
            ends = [i for i in (pdf.find(b"stream", start), pdf.find(b"endobj", start)) if i >= 0]
            objects[number] = pdf[start:min(ends)] if ends else pdf[start:]
    if not offsets:  # damaged or unexpected xref: scan for objects instead
        for m in re.finditer(rb"(\d+)\s+\d+\s+obj\b(.*?)(?:stream|endobj)", pdf, re.S):
            objects[int(m.group(1))] = m.group(2)
    if b"/ObjStm" in pdf:
        for body_match in re.finditer(rb"(\d+)\s+\d+\s+obj\s*(<<.*?/ObjStm.*?>>)\s*stream\r?\n", pdf, re.S):
            n = int(re.search(rb"/N (\d+)", body_match.group(2)).group(1))
            first = int(re.search(rb"/First (\d+)", body_match.group(2)).group(1))
            length = int(re.search(rb"/Length (\d+)", body_match.group(2)).group(1))
            data = zlib.decompress(pdf[body_match.end():body_match.end() + length])
            numbers = list(map(int, data[:first].split()))
            for k in range(n):
                begin = first + numbers[2 * k + 1]
                end = first + numbers[2 * k + 3] if k + 1 < n else len(data)
                objects[numbers[2 * k]] = data[begin:end]
    return objects


def _pdf_string(raw: bytes) -> str:
    out = re.sub(rb"\\([nrtbf()\\]|[0-7]{1,3})", lambda m: {
        b"n": b"\n", b"r": b"\r", b"t": b"\t", b"b": b"\b", b"f": b"\f", b"(": b"(", b")": b")",
        b"\\": b"\\"}.get(m.group(1), bytes([int(m.group(1), 8) & 0xFF])), raw)
    return out.decode("latin-1")


def pdf_pages(pdf: bytes) -> list[dict]:
    """Pages in order, each {'size': [w, h] in pt, 'links': [(uri, [x1, y1, x2, y2])]}."""
    objects = _pdf_objects(pdf)
    ref = lambda text: int(text.split()[0])  # noqa: E731
    trailer_root = re.findall(rb"/Root (\d+) \d+ R", pdf)
    if not trailer_root:
        raise ValueError("no /Root in the PDF")
    catalog = objects[int(trailer_root[-1])]
    root = int(re.search(rb"/Pages (\d+) \d+ R", catalog).group(1))

    def array(body: bytes, key: bytes) -> list[int]:
        direct = re.search(key + rb"\s*\[([^\]]*)\]", body)
        if direct:
            return [int(n) for n in re.findall(rb"(\d+)\s+\d+\s+R", direct.group(1))]
        indirect = re.search(key + rb"\s+(\d+)\s+\d+\s+R", body)
        if indirect:
            return [int(n) for n in re.findall(rb"(\d+)\s+\d+\s+R", objects[ref(indirect.group(1))])]
        return []

    pages = []

    def walk(number: int, inherited_box):
        body = objects[number]
        box = re.search(rb"/MediaBox\s*\[([^\]]*)\]", body)
        box = [float(v) for v in box.group(1).split()] if box else inherited_box
        if re.search(rb"/Type\s*/Pages\b", body):
            for kid in array(body, rb"/Kids"):
                walk(kid, box)
            return
        links = []
        for annotation in array(body, rb"/Annots"):
            text = objects.get(annotation, b"")
            uri = re.search(rb"/URI\s*\(((?:\\.|[^\\)])*)\)", text, re.S)
            rect = re.search(rb"/Rect\s*\[([^\]]*)\]", text)
            if uri:
                links.append((_pdf_string(uri.group(1)),
                              [round(float(v), 2) for v in rect.group(1).split()] if rect else None))
        size = [round(box[2] - box[0], 2), round(box[3] - box[1], 2)] if box else None
        pages.append({"size": size, "links": links})

    walk(root, None)
    return pages


# ---------------------------------------------------------------------------------------------
# html5lib


def html_errors(data: bytes) -> list[dict]:
    """html5lib's parse errors: exactly those HTMLParser(strict=True) raises on (the first one
    stops a strict parse; this collects them all). line and column are 1-based and point at
    the last character html5lib had read: the end of the offending tag or text."""
    import html5lib
    from html5lib import constants

    parser = html5lib.HTMLParser(strict=False, namespaceHTMLElements=False)
    parser.parse(data)
    found = []
    for (line, column), code, variables in parser.errors:
        template = constants.E.get(code, code)
        try:
            message = template % (variables or {})
        except (KeyError, TypeError, ValueError):
            message = template
        found.append({"line": line, "column": column, "code": code, "message": message})
    return found


# ---------------------------------------------------------------------------------------------
# One page


def _js(browser: Browser, session: str, expression: str, await_promise=False, timeout=10.0):
    result = browser.call("Runtime.evaluate", {"expression": expression, "returnByValue": True,
                                               "awaitPromise": await_promise}, session, timeout)
    if "exceptionDetails" in result:
        details = result["exceptionDetails"]
        text = (details.get("exception") or {}).get("description") or details.get("text")
        raise ProtocolError(f"the checker's own script failed in the page: {text}")
    return result["result"].get("value")


def _console_text(args: list[dict]) -> str:
    parts = []
    for arg in args:
        if "value" in arg:
            parts.append(arg["value"] if isinstance(arg["value"], str) else json.dumps(arg["value"]))
        else:
            parts.append(arg.get("description") or arg.get("type", ""))
    return " ".join(parts)


def _check_in(browser: Browser, path, screenshot=None, pdf=None, screenshot_height=None) -> dict:
    started = time.monotonic()
    timings = {}
    file = Path(path)
    if not file.is_file():
        raise UsageError(f"{path}: no such file")
    data = file.read_bytes()
    page_url = file.resolve().as_uri()

    context = browser.call("Target.createBrowserContext", {"disposeOnDetach": True})["browserContextId"]
    target = browser.call("Target.createTarget", {"url": "about:blank",
                                                  "browserContextId": context})["targetId"]
    session = browser.call("Target.attachToTarget", {"targetId": target, "flatten": True})["sessionId"]

    outside: list[dict] = []
    outside_urls: set[str] = set()
    data_uris: list[dict] = []
    page_urls = {page_url, page_url.split("#")[0]}

    def record(url: str, kind: str | None):
        if url.split("#")[0] in page_urls or url in ("about:blank", "about:srcdoc"):
            return
        if url.startswith("data:"):
            data_uris.append({"url": url[:80] + ("…" if len(url) > 80 else ""), "type": kind})
            return
        if url.startswith("blob:") and url[5:].startswith("null"):  # made by the page itself
            return
        if url not in outside_urls:
            outside_urls.add(url)
            outside.append({"url": url, "type": kind, "blocked": True})

    def paused(params):
        request = params["request"]
        url = request["url"]
        if url.split("#")[0] in page_urls or url.startswith("data:"):
            browser.send("Fetch.continueRequest", {"requestId": params["requestId"]}, session)
        else:
            record(url, params.get("resourceType"))
            browser.send("Fetch.failRequest", {"requestId": params["requestId"],
                                               "errorReason": "BlockedByClient"}, session)

    def will_send(params):
        record(params["request"]["url"], params.get("type"))

    browser.on(session, "Fetch.requestPaused", paused)
    browser.on(session, "Network.requestWillBeSent", will_send)
    try:
        for method, params in [
            ("Page.enable", {}), ("Runtime.enable", {}), ("Log.enable", {}),
            ("Network.enable", {"maxPostDataSize": 0}),
            ("Network.setCacheDisabled", {"cacheDisabled": True}),
            # Every request pauses here first; only the file itself (and data: URLs) go on.
            ("Fetch.enable", {"patterns": [{"urlPattern": "*", "requestStage": "Request"}]}),
            ("Emulation.setDeviceMetricsOverride", {"width": VIEWPORT_WIDTH, "height": VIEWPORT_HEIGHT,
                                                    "deviceScaleFactor": 1, "mobile": False}),
        ]:
            browser.call(method, params, session)

        navigated = browser.call("Page.navigate", {"url": page_url}, session)
        if navigated.get("errorText"):
            raise UsageError(f"{path}: chromium could not open the page: {navigated['errorText']}")
        if browser.wait_event("Page.loadEventFired", session, LOAD_TIMEOUT_S) is None:
            raise UsageError(f"{path}: the page did not finish loading in {LOAD_TIMEOUT_S:.0f} s")
        _js(browser, session, "document.fonts.ready.then(() => true)", await_promise=True)
        # Let late requests (scripts, lazy content) show up: wait for a quiet moment.
        quiet_until = time.monotonic() + QUIET_MAX_S
        while time.monotonic() < quiet_until:
            before = len(browser._events)
            browser.pump(QUIET_PERIOD_S)
            if len(browser._events) == before:
                break
        timings["load_ms"] = round((time.monotonic() - started) * 1000)

        layout = _js(browser, session, OVERLAP_JS)
        timings["overlaps_ms"] = round((time.monotonic() - started) * 1000) - timings["load_ms"]

        if screenshot:
            size = _js(browser, session, "[document.documentElement.scrollWidth,"
                                         " document.documentElement.scrollHeight]")
            shot = browser.call("Page.captureScreenshot", {
                "format": "png", "captureBeyondViewport": True, "fromSurface": True,
                "clip": {"x": 0, "y": 0, "width": max(size[0], VIEWPORT_WIDTH),
                         "height": max(min(size[1], screenshot_height or size[1]), 1), "scale": 1}},
                session, timeout=60)
            Path(screenshot).write_bytes(base64.b64decode(shot["data"]))

        t_print = time.monotonic()
        charts = _js(browser, session, MARK_JS)
        print_params = {"paperWidth": A4_WIDTH_IN, "paperHeight": A4_HEIGHT_IN, "landscape": False,
                        "marginTop": MARGIN_IN, "marginBottom": MARGIN_IN,
                        "marginLeft": MARGIN_IN, "marginRight": MARGIN_IN,
                        "printBackground": True, "displayHeaderFooter": False,
                        "preferCSSPageSize": False, "scale": 1}
        printed = base64.b64decode(browser.call("Page.printToPDF", print_params, session,
                                                timeout=60)["data"])
        pages = pdf_pages(printed)
        landed: dict[int, list[int]] = {}
        for number, page in enumerate(pages, 1):
            for uri, _rect in page["links"]:
                if uri.startswith(MARKER_PREFIX):
                    landed.setdefault(int(uri[len(MARKER_PREFIX):]), [])
                    if number not in landed[int(uri[len(MARKER_PREFIX):])]:
                        landed[int(uri[len(MARKER_PREFIX):])].append(number)
        cut = []
        for chart in charts:
            chart["pages"] = landed.get(chart["index"], [])
            if len(chart["pages"]) > 1:
                cut.append(chart)
        if pdf:
            _js(browser, session, UNMARK_JS)
            clean = browser.call("Page.printToPDF", print_params, session, timeout=60)["data"]
            Path(pdf).write_bytes(base64.b64decode(clean))
        timings["print_ms"] = round((time.monotonic() - t_print) * 1000)

        browser.pump(0)
        events = browser.take_events(session)
    finally:
        browser.drop_handlers(session)
        try:
            browser.call("Target.closeTarget", {"targetId": target})
            browser.call("Target.disposeBrowserContext", {"browserContextId": context})
        except (ProtocolError, LaunchError):
            pass

    console = []
    for event in events:
        method, params = event["method"], event.get("params", {})
        if method == "Runtime.consoleAPICalled" and params.get("type") in ("error", "assert"):
            frame = ((params.get("stackTrace") or {}).get("callFrames") or [{}])[0]
            console.append({"source": "console", "level": "error",
                            "text": _console_text(params.get("args", [])),
                            "url": frame.get("url") or None,
                            "line": frame.get("lineNumber", -1) + 1 or None,
                            "column": frame.get("columnNumber", -1) + 1 or None})
        elif method == "Runtime.exceptionThrown":
            details = params.get("exceptionDetails", {})
            text = (details.get("exception") or {}).get("description") or details.get("text")
            console.append({"source": "exception", "level": "error", "text": text,
                            "url": details.get("url") or None,
                            "line": details.get("lineNumber", -1) + 1 or None,
                            "column": details.get("columnNumber", -1) + 1 or None})
        elif method == "Log.entryAdded":
            entry = params.get("entry", {})
            if entry.get("level") != "error":
                continue
            # A request the checker blocked is reported once, under requests_outside.
            if entry.get("source") == "network" and (entry.get("url") in outside_urls
                                                      or "ERR_BLOCKED_BY_CLIENT" in entry.get("text", "")
                                                      or "ERR_NAME_NOT_RESOLVED" in entry.get("text", "")):
                continue
            console.append({"source": f"log:{entry.get('source')}", "level": "error",
                            "text": entry.get("text"), "url": entry.get("url") or None,
                            "line": (entry.get("lineNumber", -1) + 1) or None, "column": None})

    errors = html_errors(data)
    result = {
        "file": str(path),
        "url": page_url,
        "console_errors": console,
        "requests_outside": outside,
        "data_uris": data_uris,
        "overlaps": layout["found"],
        "print": {"paper": "A4 portrait", "margins_in": MARGIN_IN, "page_count": len(pages),
                  "page_size_pt": pages[0]["size"] if pages else None,
                  "cut_across_pages": cut, "charts": charts},
        "html_errors": errors,
        "svg_count": layout["svg_count"],
        "text_count": layout["text_count"],
        "rotated_pairs_cleared": layout["rotated_pairs_cleared"],
    }
    if screenshot:
        result["screenshot"] = str(screenshot)
    if pdf:
        result["pdf"] = str(pdf)
    result["ok"] = is_ok(result)
    timings["total_ms"] = round((time.monotonic() - started) * 1000)
    result["timings_ms"] = timings
    return result


def is_ok(result: dict) -> bool:
    return not (result["console_errors"] or result["requests_outside"] or result["overlaps"]
                or result["print"]["cut_across_pages"] or result["html_errors"])


def check_pages(paths, executable: str | None = None) -> list[dict]:
    """Checks several pages in one browser launch."""
    with Browser(executable) as browser:
        return [browser.check(path) for path in paths]


def check_page(path, screenshot=None, pdf=None, browser: Browser | None = None) -> dict:
    """Checks one page; launches (and closes) a browser unless one is given."""
    if browser is not None:
        return browser.check(path, screenshot=screenshot, pdf=pdf)
    launched = time.monotonic()
    with Browser() as own:
        launch_ms = round((time.monotonic() - launched) * 1000)
        result = own.check(path, screenshot=screenshot, pdf=pdf)
        result["timings_ms"]["launch_ms"] = launch_ms
        return result


# ---------------------------------------------------------------------------------------------
# Command line


def _summary(result: dict) -> str:
    lines = [f"{result['file']}: {'ok' if result['ok'] else 'PROBLEMS'} "
             f"({result['svg_count']} svg, {result['text_count']} svg texts, "
             f"{result['print']['page_count']} A4 pages, {result['timings_ms']['total_ms']} ms)"]
    for error in result["console_errors"]:
        lines.append(f"  console {error['source']}: {error['text']}"
                     + (f" ({error['url']}:{error['line']})" if error.get("url") else ""))
    for request in result["requests_outside"]:
        lines.append(f"  request outside the file: {request['url']} ({request['type']}, blocked)")
    for item in result["overlaps"]:
        where = f"svg #{item['svg']['index']}" + (f" id={item['svg']['id']}" if item["svg"]["id"] else "")
        if item["kind"] == "overlap":
            lines.append(f"  {where}: text {item['a']['text']!r} overlaps {item['b']['text']!r} by "
                         f"{item['intersection']['width']}x{item['intersection']['height']} px")
        else:
            lines.append(f"  {where}: text {item['text']['text']!r} overflows the viewport "
                         f"({', '.join(f'{k} {v} px' for k, v in item['by'].items())})")
    for chart in result["print"]["cut_across_pages"]:
        name = chart["id"] or chart["label"] or f"#{chart['index']}"
        lines.append(f"  print: {chart['element']} {name} is cut across pages {chart['pages']}")
    for error in result["html_errors"]:
        lines.append(f"  {result['file']}:{error['line']}:{error['column']}: html: {error['message']}")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(
        prog="check_page.py", description="Check offline HTML pages in headless Chromium.")
    parser.add_argument("files", nargs="+", metavar="FILE.html")
    parser.add_argument("--many", action="store_true",
                        help="check every FILE in one browser launch")
    parser.add_argument("--screenshot", metavar="OUT.png", help="full-page PNG at 1280 px wide")
    parser.add_argument("--screenshot-height", metavar="PX", type=int,
                        help="with --screenshot: only the top PX of the page")
    parser.add_argument("--pdf", metavar="OUT.pdf", help="the page printed (A4 portrait)")
    parser.add_argument("--json", action="store_true", help="one JSON document on stdout")
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return 2 if exit_.code else 0
    if len(args.files) > 1 and not args.many:
        print("check_page.py: several files need --many", file=sys.stderr)
        return 2
    if args.many and (args.screenshot or args.pdf):
        print("check_page.py: --screenshot and --pdf take one file, not --many", file=sys.stderr)
        return 2
    for name in args.files:
        if not os.path.isfile(name):
            print(f"check_page.py: {name}: no such file", file=sys.stderr)
            return 2
    try:
        launched = time.monotonic()
        with Browser() as browser:
            launch_ms = round((time.monotonic() - launched) * 1000)
            results = [browser.check(name, screenshot=args.screenshot, pdf=args.pdf,
                                     screenshot_height=args.screenshot_height)
                       for name in args.files]
        for result in results:
            result["timings_ms"]["launch_ms"] = launch_ms
            launch_ms = 0
    except (UsageError, ProtocolError) as error:
        print(f"check_page.py: {error}", file=sys.stderr)
        return 2
    ok = all(result["ok"] for result in results)
    if args.json:
        document = {"ok": ok, "pages": results} if args.many else results[0]
        json.dump(document, sys.stdout, indent=2, ensure_ascii=False)
        sys.stdout.write("\n")
    else:
        print("\n".join(_summary(result) for result in results))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
