"""What national.py and load.py share for speaking to the app: reading a page's form,
a signed-in session over one persistent HTTP connection, gunicorn started and stopped,
percentiles and the machine's load average."""

from __future__ import annotations

import html
import http.client
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
CLASH = "someone else saved this month after you opened it"


# --- forms ---------------------------------------------------------------------------------


FORM = re.compile(r"<form\b([^>]*)>(.*?)</form>", re.S)
FIELD = re.compile(r"<input\b([^>]*)>|<textarea\b([^>]*)>(.*?)</textarea>", re.S)
ATTRIBUTE = re.compile(r"""([\w-]+)(?:="([^"]*)"|='([^']*)')?""")


def forms_of(page: str) -> list[dict]:
    """The fields of each form on a page (attribute values quoted, as Django and the
    floors write them), each as {"action": ..., "fields": {name: value}, "choices": {radio name:
    [values]}}. Regular expressions rather than html.parser: in the load test the client
    shares the server's two cores, and parsing a month page took it 40 ms."""
    found = []
    for form_attributes, body in FORM.findall(page):
        form = {"action": attributes_of(form_attributes).get("action", ""), "fields": {}}
        form["choices"] = {}
        for input_attributes, textarea_attributes, text in FIELD.findall(body):
            if input_attributes:
                add_input(form, attributes_of(input_attributes))
            elif name := attributes_of(textarea_attributes).get("name"):
                form["fields"][name] = html.unescape(text)
        found.append(form)
    return found


def attributes_of(text: str) -> dict[str, str]:
    found = ATTRIBUTE.findall(text)
    return {name: html.unescape(double or single) for name, double, single in found}


def add_input(form: dict, attributes: dict) -> None:
    name, kind = attributes.get("name"), attributes.get("type", "text")
    if not name or kind in {"submit", "button"}:
        return
    if kind == "radio":
        form["choices"].setdefault(name, []).append(attributes.get("value", ""))
        if "checked" in attributes:
            form["fields"][name] = attributes.get("value", "")
    elif kind == "checkbox":
        if "checked" in attributes:
            form["fields"][name] = attributes.get("value", "on")
    else:
        form["fields"][name] = attributes.get("value", "")


def form_with(page: str, field: str) -> dict:
    """The form on `page` that has `field`."""
    for form in forms_of(page):
        if field in form["fields"]:
            return form
    raise LookupError(f"No form with {field!r} on the page")


def month_changes(form: dict, turn: int, how_many: int = 3) -> dict:
    """The month form's fields with `how_many` levels moved on by one (which ones turns
    with `turn`, so every save changes something)."""
    fields = dict(form["fields"])
    groups = sorted(
        (name for name in form["choices"] if name.endswith("-level")),
        key=lambda name: int(name.split("-")[1]),
    )
    for offset in range(how_many):
        name = groups[(turn * how_many + offset) % len(groups)]
        choices = form["choices"][name]
        now = fields.get(name, choices[0])
        fields[name] = choices[(choices.index(now) + 1) % len(choices)]
    return fields


# --- a signed-in session over HTTP -----------------------------------------------------------


class Session:
    """One user's cookies over one persistent (keep-alive) connection."""

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.connection = http.client.HTTPConnection(host, port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, data: dict | None = None):
        """Returns (status, body text, Location header)."""
        headers = {"Host": f"{self.host}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{self.host}:{self.port}{path}"
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        except (http.client.HTTPException, OSError):
            self.connection.close()  # the server closed a kept-alive connection: reopen
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
        content = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
        text = content.decode("utf-8", "replace")
        return response.status, text, response.getheader("Location", "")

    def get(self, path: str):
        return self.request("GET", path)

    def post(self, path: str, data: dict):
        return self.request("POST", path, data)

    def sign_in(self, username: str, password: str) -> None:
        """Through the real sign-in form, with its CSRF token."""
        status, page, _ = self.get("/sign-in/")
        form = form_with(page, "csrfmiddlewaretoken")
        fields = {**form["fields"], "username": username, "password": password}
        status, page, location = self.post("/sign-in/", fields)
        if status != 302:
            raise RuntimeError(f"Sign-in of {username} failed ({status})")


# --- gunicorn --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(database_url: str, *, workers: int = 4, port: int | None = None):
    """gunicorn on 127.0.0.1 with production settings (DEBUG off, persistent database
    connections), serving the app plus the benchmark's floors. Returns (process, port)."""
    port = port or free_port()
    environment = {
        **os.environ,
        "DATABASE_URL": database_url,
        "SECRET_KEY": os.environ.get("SECRET_KEY", "benchmark-only-" + "x" * 50),
        "DEBUG": "false",
        "CONN_MAX_AGE": "60",
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "ALLOWED_HOSTS": "127.0.0.1",
        # Nothing is collected: the plain storage names static files without a manifest.
        "STATICFILES_BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
        "PYTHONWARNINGS": "ignore",
    }
    log = Path(tempfile.mkdtemp(prefix="sendready-gunicorn-")) / "gunicorn.log"
    process = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("gunicorn")),
            "floors_wsgi:application",
            "--pythonpath",
            f"{ROOT},{ROOT / 'benchmarks'}",
            "--chdir",
            str(ROOT),
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--keep-alive",
            "75",
            "--timeout",
            "60",
        ],
        env=environment,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
    )
    wait_for(port, process, str(log))
    return process, port


def wait_for(port: int, process, log_name: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn stopped: see {log_name}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"gunicorn did not start: see {log_name}")


def stop(process) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


# --- figures ---------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, int(fraction * len(ordered) + 0.999) - 1))]


def load_average() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])
