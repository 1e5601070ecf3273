#!/usr/bin/env python3
"""Writes git fast-import streams for a synthetic, kata-containers-shaped history.

bench/sync-benchmark.sh imports them as the upstream and the fork on which it times
`kata-release sync` against bench/manual-procedure.sh; this script measures nothing itself.

Deterministic (fixed seed and dates), so every run yields the same commit ids.

Outputs, in OUT_DIR:
  upstream-1.fi  initial tree + commits 1..N on refs/heads/main, with release tags
                 (4.0.0 near commit 1600, 4.1.0 near commit 1990 for N=2000)
  upstream-2.fi  the "second release": EXTRA more commits continuing refs/heads/main
                 (from refs/heads/main^0) and tag 4.2.0 ten commits before the end
  fork.fi        refs/heads/do/main = refs/tags/4.0.0 + 5 fork commits; it touches only
                 paths that upstream never changes after the initial commit (no conflicts)
  frozen.txt     the upstream files the fork edits (upstream never touches them)
"""
import argparse
import os
import random

WORDS = ("agent sandbox container hypervisor qemu clh firecracker dragonball virtio fs block net "
         "vsock mount device guest host kernel image initrd rootfs config runtime shim task "
         "process signal oci spec annotation cgroup resource memory cpu hotplug pci vfio nvidia "
         "gpu tdx snp sev confidential attestation policy genpolicy trace metrics log event "
         "timeout retry handler client server rpc ttrpc grpc proto builder factory template "
         "network endpoint interface route neighbor tap macvtap bridge veth storage volume "
         "ephemeral local overlay erofs nydus snapshot image_pull cache state store manager "
         "watcher monitor probe health update stats options params payload request response "
         "error result context session stream channel reader writer buffer queue worker pool").split()
VERBS = ("fix add remove update refactor rework bump drop simplify handle support clean up "
         "improve avoid use move rename enable disable validate document test").split()
AREAS = ("runtime agent runtime-rs dragonball kata-deploy packaging kernel qemu ci tests docs "
         "genpolicy libs shim virtcontainers versions build static-build gha").split()
AUTHORS = [("Fabiano Fidencio", "fabiano@fidencio.org"), ("Greg Kurz", "groug@kaod.org"),
           ("Steve Horsman", "steven@uk.ibm.com"), ("Aurelien Bombo", "abombo@microsoft.com"),
           ("Hyounggyu Choi", "Hyounggyu.Choi@ibm.com"), ("Alex Lyn", "alex.lyn@antgroup.com"),
           ("Zvonko Kaiser", "zkaiser@nvidia.com"), ("Dan Mihai", "dmihai@microsoft.com"),
           ("Xuewei Niu", "niuxuewei.nxw@antgroup.com"), ("Wainer dos Santos Moschetta", "wainersm@redhat.com"),
           ("Hyounggyu Choi", "hyounggyu@example.org"), ("Pavel Mores", "pmores@redhat.com")]

# (directory, extension, number of files)
LAYOUT = [
    ("src/runtime/pkg/katautils", "go", 40), ("src/runtime/pkg/oci", "go", 20),
    ("src/runtime/pkg/govmm/qemu", "go", 30), ("src/runtime/pkg/device/drivers", "go", 35),
    ("src/runtime/pkg/device/config", "go", 15), ("src/runtime/pkg/containerd-shim-v2", "go", 45),
    ("src/runtime/pkg/katatestutils", "go", 15), ("src/runtime/pkg/resourcecontrol", "go", 20),
    ("src/runtime/virtcontainers", "go", 190), ("src/runtime/virtcontainers/pkg/annotations", "go", 10),
    ("src/runtime/virtcontainers/pkg/agent/protocols", "go", 25), ("src/runtime/virtcontainers/types", "go", 25),
    ("src/runtime/virtcontainers/utils", "go", 25), ("src/runtime/virtcontainers/device/manager", "go", 15),
    ("src/runtime/cmd/kata-runtime", "go", 45), ("src/runtime/cmd/kata-monitor", "go", 10),
    ("src/runtime/config", "toml.in", 15), ("src/runtime/vendor/github.com/containerd/containerd/api", "go", 180),
    ("src/runtime/vendor/github.com/opencontainers/runtime-spec/specs-go", "go", 40),
    ("src/runtime/vendor/golang.org/x/sys/unix", "go", 200), ("src/runtime/vendor/google.golang.org/grpc", "go", 170),
    ("src/agent/src", "rs", 45), ("src/agent/src/rpc", "rs", 15), ("src/agent/src/device", "rs", 15),
    ("src/agent/rustjail/src", "rs", 25), ("src/agent/rustjail/src/cgroups", "rs", 10),
    ("src/agent/policy/src", "rs", 10), ("src/agent/samples/policy", "rego", 20),
    ("src/libs/kata-types/src", "rs", 25), ("src/libs/kata-types/src/config/hypervisor", "rs", 20),
    ("src/libs/kata-sys-util/src", "rs", 20), ("src/libs/protocols/src", "rs", 15),
    ("src/libs/protocols/protos", "proto", 15), ("src/libs/shim-interface/src", "rs", 8),
    ("src/runtime-rs/crates/runtimes/src", "rs", 20), ("src/runtime-rs/crates/hypervisor/src", "rs", 40),
    ("src/runtime-rs/crates/hypervisor/src/ch", "rs", 15), ("src/runtime-rs/crates/resource/src", "rs", 40),
    ("src/runtime-rs/crates/resource/src/network", "rs", 25), ("src/runtime-rs/crates/agent/src", "rs", 20),
    ("src/runtime-rs/crates/shim/src", "rs", 15), ("src/runtime-rs/crates/service/src", "rs", 10),
    ("src/dragonball/src", "rs", 30), ("src/dragonball/src/device_manager", "rs", 30),
    ("src/dragonball/src/vm", "rs", 15), ("src/dragonball/dbs_virtio_devices/src", "rs", 40),
    ("src/dragonball/dbs_boot/src", "rs", 15), ("src/dragonball/dbs_address_space/src", "rs", 10),
    ("src/tools/genpolicy/src", "rs", 30), ("src/tools/genpolicy/tests", "yaml", 40),
    ("src/tools/kata-ctl/src", "rs", 20), ("src/tools/agent-ctl/src", "rs", 15),
    ("src/tools/csi-kata-directvolume/pkg", "go", 15), ("src/tools/trace-forwarder/src", "rs", 8),
    ("tools/packaging/kernel", "sh", 8), ("tools/packaging/kernel/configs/fragments/common", "conf", 45),
    ("tools/packaging/kernel/configs/fragments/x86_64", "conf", 20),
    ("tools/packaging/kernel/configs/fragments/arm64", "conf", 15),
    ("tools/packaging/kernel/configs/fragments/s390", "conf", 8),
    ("tools/packaging/kernel/configs/fragments/ppc64le", "conf", 6),
    ("tools/packaging/kernel/configs/fragments/gpu", "conf", 8),
    ("tools/packaging/qemu", "sh", 6), ("tools/packaging/static-build", "sh", 40),
    ("tools/packaging/static-build/qemu", "sh", 8), ("tools/packaging/static-build/kernel", "sh", 6),
    ("tools/packaging/kata-deploy/local-build", "sh", 20), ("tools/packaging/kata-deploy/helm-chart/kata-deploy/templates", "yaml", 20),
    ("tools/packaging/kata-deploy/binary/src", "rs", 20), ("tools/packaging/scripts", "sh", 15),
    ("tools/packaging/guest-image", "sh", 6), ("tools/osbuilder/rootfs-builder", "sh", 25),
    ("tools/osbuilder/image-builder", "sh", 8), ("tools/osbuilder/initrd-builder", "sh", 4),
    ("tests/integration/kubernetes", "bats", 60), ("tests/integration/kubernetes/runtimeclass_workloads", "yaml", 70),
    ("tests/integration/nydus", "sh", 6), ("tests/functional/kata-deploy", "bats", 6),
    ("tests/metrics", "sh", 30), ("tests/common", "sh", 10), ("ci", "sh", 15),
    (".github/workflows", "yaml", 80), ("docs", "md", 25), ("docs/how-to", "md", 45),
    ("docs/design", "md", 30), ("docs/install", "md", 15), ("utils", "sh", 6),
]

# Upstream's real patch layout (names only), as in core/src/test/resources/kata-versions/4.0.0.patches.txt
PATCH_FILES = [
    "tools/packaging/kernel/patches/6.18.x/no_patches.txt",
    "tools/packaging/kernel/patches/6.18.x/0001-fs-dax-check-zero-or-empty-entry-before-converting-xarray.patch",
    "tools/packaging/kernel/patches/6.18.x/0002-virtio-fs-use-sync-release-for-submounts.patch",
    "tools/packaging/kernel/patches/6.18.x/dragonball-experimental/0001-upcall-establish-upcall-server.patch",
    "tools/packaging/kernel/patches/6.18.x/dragonball-experimental/0002-upcall-introduce-device-manager-upcall-service.patch",
    "tools/packaging/kernel/patches/6.12.x/no_patches.txt",
    "tools/packaging/kernel/patches/6.1.x/no_patches.txt",
    "tools/packaging/qemu/patches/11.0.x/no_patches.txt",
    "tools/packaging/qemu/patches/10.2.x/no_patches.txt",
    "tools/packaging/qemu/patches/tag_patches/v11.0.1/no_patches.txt",
    "tools/packaging/qemu/patches/tag_patches/v11.0.0/no_patches.txt",
    "tools/packaging/qemu/patches/tag_patches/gpu-tdx-20260430/0001-accel-kvm-Fix-kvm_convert_memory-calls-crossing-memo.patch",
    "tools/packaging/qemu/patches/tag_patches/gpu-snp-20260430/0001-accel-kvm-Fix-kvm_convert_memory-calls-crossing-memo.patch",
]
KATA_CONFIG = "tools/packaging/kernel/kata_config_version"
FROZEN = ["src/runtime/pkg/katautils/config.go", "src/agent/src/config.rs"]
NEVER_TOUCHED_DIRS = ("tools/packaging/kernel/patches/", "tools/packaging/qemu/patches/")


class Gen:
    def __init__(self, seed, files, versions_yaml):
        self.rnd = random.Random(seed)
        self.files = {}  # path -> list of lines
        self.when = 1704067200  # 2024-01-01T00:00:00Z
        self.mark = 0
        self.pr = 8000
        self.versions_yaml = versions_yaml
        self.target_files = files

    # ---- content -------------------------------------------------------------------------
    def ident(self):
        r = self.rnd
        return r.choice(WORDS) + "_" + r.choice(WORDS) if r.random() < 0.6 else r.choice(WORDS)

    def camel(self):
        return "".join(w.capitalize() for w in self.ident().split("_"))

    def line(self, ext):
        r = self.rnd
        a, b, c = self.ident(), self.ident(), self.camel()
        n = r.randint(0, 4096)
        if ext == "go":
            t = [f"\t{a} := {b}.{c}(ctx, {n})", f"\tif err := s.{c}({a}); err != nil {{",
                 f"\t\treturn fmt.Errorf(\"{a.replace('_', ' ')}: %w\", err)", "\t}",
                 f"\tlog.WithField(\"{a}\", {b}).Debug(\"{c}\")", f"\t// {c} keeps the {a} of the {b}",
                 f"func (s *{c}) {self.camel()}({a} string) error {{", f"\t{a}.{c} = {n}"]
        elif ext == "rs":
            t = [f"    let {a} = {b}.{a}()?;", f"    if {a}.is_empty() {{ return Err(anyhow!(\"{c} {n}\")); }}",
                 f"    info!(sl!(), \"{a.replace('_', ' ')}\"; \"{b}\" => {n});", "    }",
                 f"    /// {c} for the {a} of {b}", f"pub fn {a}(&self, {b}: &{c}) -> Result<()> {{",
                 f"        {b}.{a} = Some({n});", f"    Ok({c}::default())"]
        elif ext in ("sh", "bats"):
            t = [f"{a}=\"${{{b.upper()}:-{n}}}\"", f"info \"{a.replace('_', ' ')} {n}\"",
                 f"if [ -z \"${{{a}}}\" ]; then", "fi", f"\t{b} --{a.replace('_', '-')} \"${{{c.lower()}}}\"",
                 f"# {c}: {a} for {b}", f"{a}() {{", "}"]
        elif ext == "conf":
            t = [f"CONFIG_{a.upper()}=y", f"CONFIG_{b.upper()}_{n}=m", f"# CONFIG_{c.upper()} is not set",
                 f"CONFIG_{a.upper()}_{b.upper()}={n}"]
        elif ext in ("yaml", "rego", "proto", "toml.in"):
            t = [f"  {a}: {b}-{n}", f"    - name: {c}", f"      {b}: \"{a}\"", f"# {c} {n}",
                 f"  {a}:", f"    {b}: true"]
        else:
            t = [f"The {a.replace('_', ' ')} of the {b.replace('_', ' ')} is {c} ({n}).",
                 f"- `{a}`: {b.replace('_', ' ')}", "", f"## {c}", f"See [{c}](../{a}.md)."]
        return r.choice(t)

    def new_content(self, path):
        ext = path.split(".", 1)[1] if "." in os.path.basename(path) else "txt"
        head = {"go": ["// Copyright (c) 2024 Kata Containers", "// SPDX-License-Identifier: Apache-2.0", "",
                       f"package {os.path.basename(os.path.dirname(path)).replace('-', '')}", ""],
                "rs": ["// Copyright (c) 2024 Kata Containers", "// SPDX-License-Identifier: Apache-2.0", "",
                       "use anyhow::{anyhow, Result};", ""],
                "sh": ["#!/usr/bin/env bash", "# SPDX-License-Identifier: Apache-2.0", "", "set -o errexit", ""]}
        lines = list(head.get(ext, []))
        lines += [self.line(ext) for _ in range(self.rnd.randint(30, 130))]
        return lines

    def patch_content(self, path):
        subj = os.path.basename(path)[5:-6].replace("-", " ")
        lines = ["From 1a2b3c4d5e6f Mon Sep 17 00:00:00 2001", "From: Kata Containers <kata@example.org>",
                 f"Subject: [PATCH] {subj}", "", "---",
                 " fs/fuse/virtio_fs.c | 4 ++--", "", "diff --git a/fs/fuse/virtio_fs.c b/fs/fuse/virtio_fs.c",
                 "--- a/fs/fuse/virtio_fs.c", "+++ b/fs/fuse/virtio_fs.c", "@@ -120,7 +120,7 @@"]
        lines += [(" " if i % 3 else self.rnd.choice("+-")) + self.line("rs") for i in range(30)]
        return lines

    def ext_of(self, path):
        b = os.path.basename(path)
        return b.split(".", 1)[1] if "." in b else "txt"

    # ---- initial tree --------------------------------------------------------------------
    def initial_tree(self):
        for d, ext, n in LAYOUT:
            names = set()
            while len(names) < n:
                names.add(f"{d}/{self.ident()}.{ext}")
            for p in sorted(names):
                self.files[p] = self.new_content(p)
        for p in FROZEN:
            self.files[p] = self.new_content(p)
        for p in PATCH_FILES:
            self.files[p] = [] if p.endswith("no_patches.txt") else self.patch_content(p)
        self.files["versions.yaml"] = None  # raw bytes, written separately
        self.files["VERSION"] = ["3.18.0"]
        self.files[KATA_CONFIG] = ["170"]
        for p in ("README.md", "Makefile", "Cargo.toml", "go.mod", "rust-toolchain.toml", ".gitignore"):
            self.files[p] = self.new_content(p)
        # pad with more docs/tests to reach the target file count
        while len(self.files) < self.target_files:
            d = self.rnd.choice(["tests/integration/kubernetes/runtimeclass_workloads", "docs/how-to",
                                 "src/runtime/vendor/golang.org/x/sys/unix", "src/runtime/virtcontainers"])
            ext = {"docs/how-to": "md", "tests/integration/kubernetes/runtimeclass_workloads": "yaml"}.get(d, "go")
            p = f"{d}/{self.ident()}_{len(self.files)}.{ext}"
            self.files[p] = self.new_content(p)

    # ---- stream helpers ------------------------------------------------------------------
    @staticmethod
    def data(b):
        return b"data %d\n" % len(b) + b + b"\n"

    def blob_bytes(self, path):
        if path == "versions.yaml":
            return self.versions_yaml
        lines = self.files[path]
        return ("\n".join(lines) + "\n").encode() if lines else b""

    def commit(self, out, ref, msg, author, changes, deletes=(), frm=None):
        self.mark += 1
        self.when += self.rnd.randint(1200, 4 * 3600)
        name, email = author
        out.append(b"commit %s\nmark :%d\n" % (ref.encode(), self.mark))
        out.append(f"author {name} <{email}> {self.when} +0000\n".encode())
        out.append(f"committer GitHub <noreply@github.com> {self.when + 60} +0000\n".encode())
        out.append(self.data(msg.encode()))
        if frm:
            out.append(f"from {frm}\n".encode())
        for p in deletes:
            out.append(f"D {p}\n".encode())
        for p in changes:
            out.append(f"M 100644 inline {p}\n".encode())
            out.append(self.data(self.blob_bytes(p)))
        return self.mark

    def message(self, area):
        r = self.rnd
        subj = f"{area}: {r.choice(VERBS)} {self.ident().replace('_', ' ')} {r.choice(['handling', 'support', 'in ' + self.ident(), 'for ' + self.camel(), 'checks'])}"
        body = " ".join(self.ident().replace("_", " ") for _ in range(r.randint(8, 30)))
        a = r.choice(AUTHORS)
        self.pr += r.randint(1, 7)
        return (f"{subj}\n\n{body}.\n\nFixes: #{self.pr}\n\nSigned-off-by: {a[0]} <{a[1]}>\n"), a

    # ---- upstream history ----------------------------------------------------------------
    def mutable(self):
        return [p for p in self.files if p not in FROZEN and p not in ("VERSION", "versions.yaml", KATA_CONFIG)
                and not p.startswith(NEVER_TOUCHED_DIRS)]

    def modify(self, p):
        r = self.rnd
        lines = self.files[p]
        ext = self.ext_of(p)
        k = r.random()
        pos = r.randint(0, max(0, len(lines) - 1))
        if k < 0.45 and lines:
            for i in range(pos, min(len(lines), pos + r.randint(1, 4))):
                lines[i] = self.line(ext)
        elif k < 0.85 or len(lines) < 20:
            lines[pos:pos] = [self.line(ext) for _ in range(r.randint(1, 12))]
        else:
            del lines[pos:pos + r.randint(1, 5)]
        if len(lines) > 400:
            del lines[200:260]

    def upstream_commits(self, out, count, first_from, tags, start_index):
        """tags: {commit_index: tag}; the commit at that index only bumps VERSION."""
        pool = self.mutable()
        hot = self.rnd.sample(pool, 150)
        for i in range(start_index, start_index + count):
            frm = first_from if i == start_index else None
            if i in tags:
                self.files["VERSION"] = [tags[i]]
                a = self.rnd.choice(AUTHORS)
                m = self.commit(out, "refs/heads/main", f"release: Kata Containers {tags[i]}\n\n"
                                f"- Bump VERSION to {tags[i]}\n\nSigned-off-by: {a[0]} <{a[1]}>\n", a,
                                ["VERSION"], frm=frm)
                out.append(f"reset refs/tags/{tags[i]}\nfrom :{m}\n\n".encode())
                continue
            if i % 97 == 0:
                self.files[KATA_CONFIG] = [str(int(self.files[KATA_CONFIG][0]) + 1)]
                msg, a = self.message("kernel")
                self.commit(out, "refs/heads/main", msg, a, [KATA_CONFIG], frm=frm)
                continue
            r = self.rnd
            changes, deletes = [], []
            for _ in range(r.choice([1, 1, 1, 2, 2, 3])):
                k = r.random()
                if k < 0.08:  # a new file next to an existing one
                    base = r.choice(pool)
                    p = os.path.join(os.path.dirname(base), f"{self.ident()}_{i}.{self.ext_of(base)}")
                    self.files[p] = self.new_content(p)
                    pool.append(p)
                elif k < 0.10 and len(pool) > 100:
                    p = r.choice(pool)
                    if p in hot or p in changes:
                        continue
                    pool.remove(p)
                    del self.files[p]
                    deletes.append(p)
                    continue
                else:
                    p = r.choice(hot) if r.random() < 0.5 else r.choice(pool)
                    self.modify(p)
                if p not in changes:
                    changes.append(p)
            if not changes and not deletes:
                p = r.choice(hot)
                self.modify(p)
                changes.append(p)
            area = "runtime" if changes and changes[0].startswith("src/runtime/") else self.rnd.choice(AREAS)
            msg, a = self.message(area)
            self.commit(out, "refs/heads/main", msg, a, changes, deletes, frm=frm)

    # ---- fork ----------------------------------------------------------------------------
    def fork_commits(self, out, base):
        do = ("DigitalOcean Kata Team", "kata@digitalocean.example")
        kp = "tools/packaging/kernel/patches/6.18.x/0003-virtio-net-digitalocean-mtu-probe.patch"
        qp = "tools/packaging/qemu/patches/tag_patches/v11.0.1/0001-hw-i386-digitalocean-cpuid-leaf.patch"
        cf = "tools/packaging/kernel/configs/fragments/x86_64/digitalocean.conf"
        self.files[kp] = self.patch_content(kp)
        self.files[qp] = self.patch_content(qp)
        self.files[cf] = ["# DigitalOcean droplet guest options", "CONFIG_VIRTIO_NET_DO_MTU=y",
                          "CONFIG_HW_RANDOM_VIRTIO=y", "CONFIG_VIRTIO_BALLOON=y", "# CONFIG_DEBUG_INFO is not set"]
        go, rs = FROZEN
        commits = [
            ("kernel: carry virtio-net MTU probe patch for DigitalOcean", [kp]),
            ("qemu: carry DigitalOcean cpuid leaf patch on v11.0.1", [qp]),
            ("kernel: add DigitalOcean x86_64 config fragment", [cf]),
            ("runtime: default to the DigitalOcean hypervisor paths", [go]),
            ("agent: raise the default vsock connection timeout", [rs]),
        ]
        self.files[go][6:6] = ['\t// DigitalOcean: droplet guests use /opt/do-kata paths',
                               '\tdefaultHypervisorPath = "/opt/do-kata/bin/qemu-system-x86_64"']
        self.files[rs][8:9] = ["    const DEFAULT_VSOCK_TIMEOUT_SECS: u64 = 30; // DigitalOcean: was 10"]
        first = True
        for subject, paths in commits:
            msg = f"{subject}\n\nCarried by the DigitalOcean fork.\n\nSigned-off-by: {do[0]} <{do[1]}>\n"
            self.commit(out, "refs/heads/do/main", msg, do, paths, frm=base if first else None)
            first = False


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", required=True)
    ap.add_argument("--versions-yaml", required=True)
    ap.add_argument("--files", type=int, default=2800, help="files in the initial tree")
    ap.add_argument("--commits", type=int, default=2000, help="commits on main, the root included")
    ap.add_argument("--extra", type=int, default=200, help="commits of the second release")
    ap.add_argument("--seed", type=int, default=20240101)
    args = ap.parse_args()
    with open(args.versions_yaml, "rb") as f:
        vy = f.read()
    g = Gen(args.seed, args.files, vy)
    g.initial_tree()

    n = args.commits
    scale = n / 2000.0
    tags = {int(200 * scale): "3.18.0", int(600 * scale): "3.19.0", int(1000 * scale): "3.20.0",
            int(1300 * scale): "3.21.0", int(1600 * scale): "4.0.0", int(1990 * scale): "4.1.0"}
    out = []
    a = g.rnd.choice(AUTHORS)
    root = g.commit(out, "refs/heads/main", "Initial import of the kata-containers tree\n", a, sorted(g.files))
    g.upstream_commits(out, n - 1, None, tags, 2)
    with open(os.path.join(args.out, "upstream-1.fi"), "wb") as f:
        f.write(b"".join(out))
    frozen_snapshot = {p: list(g.files[p]) for p in FROZEN}

    out = []
    g.upstream_commits(out, args.extra, "refs/heads/main^0", {n + args.extra - 10: "4.2.0"}, n + 1)
    with open(os.path.join(args.out, "upstream-2.fi"), "wb") as f:
        f.write(b"".join(out))

    # The fork's commits sit on 4.0.0; the frozen files upstream never changed since the root.
    for p in FROZEN:
        g.files[p] = frozen_snapshot[p]
    out = []
    g.fork_commits(out, "refs/tags/4.0.0^0")
    with open(os.path.join(args.out, "fork.fi"), "wb") as f:
        f.write(b"".join(out))
    with open(os.path.join(args.out, "frozen.txt"), "w") as f:
        f.write("\n".join(FROZEN) + "\n")
    del root


if __name__ == "__main__":
    main()
