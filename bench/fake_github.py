#!/usr/bin/env python3
"""A minimal GitHub release API on loopback for bench/upload-benchmark.sh (stdlib only).

Answers the calls `kata-release publish --github-repo` makes: list releases, look up a tag,
create a release, upload an asset (read in 1 MiB blocks, hashed, discarded), publish.
Usage: fake_github.py PORT_FILE TOKEN TAG   (writes the port it listens on to PORT_FILE)
"""
import hashlib
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlparse, parse_qs

PORT_FILE, TOKEN, TAG = sys.argv[1], sys.argv[2], sys.argv[3]
REPO = "bench/kata"
releases = []
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, body=None):
        data = b"" if body is None else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def auth(self):
        if self.headers.get("Authorization") != "Bearer " + TOKEN:
            self.reply(401, {"message": "Bad credentials"})
            return False
        return True

    def base(self):
        return "http://127.0.0.1:%d" % self.server.server_port

    def do_GET(self):
        if not self.auth():
            return
        path = urlparse(self.path).path
        if path == "/repos/%s/releases" % REPO:
            with lock:
                self.reply(200, releases)
        elif path == "/repos/%s/git/ref/tags/%s" % (REPO, TAG):
            self.reply(200, {"ref": "refs/tags/" + TAG, "object": {"type": "commit", "sha": "1" * 40}})
        else:
            self.reply(404, {"message": "Not Found"})

    def do_POST(self):
        if not self.auth():
            return
        url = urlparse(self.path)
        length = int(self.headers.get("Content-Length", "0"))
        if url.path == "/repos/%s/releases" % REPO:
            body = json.loads(self.rfile.read(length))
            with lock:
                rid = 1000 + len(releases)
                rel = {"id": rid, "tag_name": body["tag_name"], "name": body["tag_name"], "draft": True,
                       "html_url": "https://github.com/%s/releases/tag/%s" % (REPO, body["tag_name"]),
                       "upload_url": "%s/uploads/repos/%s/releases/%d/assets{?name,label}" % (self.base(), REPO, rid),
                       "assets": []}
                releases.append(rel)
            self.reply(201, rel)
        elif url.path.startswith("/uploads/repos/%s/releases/" % REPO):
            rid = int(url.path.split("/")[-2])
            name = parse_qs(url.query)["name"][0]
            sha, left = hashlib.sha256(), length
            while left > 0:
                block = self.rfile.read(min(left, 1 << 20))
                if not block:
                    break
                sha.update(block)
                left -= len(block)
            asset = {"id": 5000 + rid, "name": name, "state": "uploaded", "size": length - left,
                     "digest": "sha256:" + sha.hexdigest(),
                     "browser_download_url": "https://github.com/%s/releases/download/%s/%s" % (REPO, TAG, name)}
            with lock:
                for rel in releases:
                    if rel["id"] == rid:
                        rel["assets"].append(asset)
            self.reply(201, asset)
        else:
            self.reply(404, {"message": "Not Found"})

    def do_PATCH(self):
        if not self.auth():
            return
        length = int(self.headers.get("Content-Length", "0"))
        body = json.loads(self.rfile.read(length))
        rid = int(urlparse(self.path).path.split("/")[-1])
        with lock:
            for rel in releases:
                if rel["id"] == rid:
                    rel["draft"] = body.get("draft", rel["draft"])
                    self.reply(200, rel)
                    return
        self.reply(404, {"message": "Not Found"})


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(PORT_FILE, "w") as f:
    f.write(str(server.server_port))
server.serve_forever()
