#!/bin/sh
# kata-release sandbox: an offline stand-in for kata's local-build make targets
# (qemu-tarball, kernel-tarball). Run from the checkout root with the component's name; writes
# build/kata-static-<component>.tar.xz with what kata's tarballs hold, plus the list of the
# patches this checkout carries for the component.
#
# The artefacts are small but real, so that `kata-release verify` checks them as it checks kata's:
# - opt/kata/bin/qemu-system-x86_64 is a static x86_64 ELF executable (one PT_LOAD segment, two
#   system calls) that prints "QEMU emulator version <versions.yaml's qemu version>";
# - opt/kata/share/kata-containers/vmlinuz-<kernel version>-<kata_config_version> has a valid x86
#   boot-protocol header (Documentation/arch/x86/boot.rst) whose kernel_version string starts
#   with versions.yaml's kernel version, and vmlinuz.container links to it.
# Versions come from the checkout's versions.yaml and kata_config_version, so every tag builds
# what its own files name.
set -eu
component=$1
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
kata=$stage/opt/kata
mkdir -p "$kata/bin" "$kata/share/kata-containers" "$kata/share/kata-release"
find "tools/packaging/$component/patches" -name '*.patch' | LC_ALL=C sort >"$kata/share/kata-release/$component-patches.txt"

# yaml_value PATH: the scalar at a dotted PATH of versions.yaml (block mappings, as kata writes
# the file), without quotes, trailing comment or a leading "v".
yaml_value() {
    awk -v want="$1" '
        /^[ \t]*(#|$)/ { next }
        {
            match($0, /^ */)
            indent = RLENGTH
            line = substr($0, indent + 1)
            if (line !~ /^[A-Za-z0-9_.-]+:/) next
            key = line
            sub(/:.*/, "", key)
            while (depth > 0 && indents[depth] >= indent) depth--
            depth++
            indents[depth] = indent
            keys[depth] = key
            path = keys[1]
            for (i = 2; i <= depth; i++) path = path "." keys[i]
            if (path == want) {
                value = line
                sub(/^[^:]*:[ \t]*/, "", value)
                sub(/[ \t]+#.*$/, "", value)
                gsub(/^["\047]|["\047]$/, "", value)
                sub(/^v/, "", value)
                print value
                found = 1
                exit
            }
        }
        END { if (!found) exit 1 }' versions.yaml || {
        echo "sandbox-build.sh: no $1 in versions.yaml" >&2
        exit 2
    }
}

# le COUNT VALUE: VALUE as COUNT little-endian bytes.
le() {
    n=$2
    i=0
    out=
    while [ "$i" -lt "$1" ]; do
        out="$out\\$(printf '%03o' $((n % 256)))"
        n=$((n / 256))
        i=$((i + 1))
    done
    printf "$out"
}

# zeros COUNT: COUNT zero bytes.
zeros() {
    head -c "$1" /dev/zero
}

# elf MESSAGE: a static x86_64 ELF executable that writes MESSAGE and a newline to standard
# output and exits 0, whatever its arguments (qemu --version prints its version the same way).
elf() {
    len=$((${#1} + 1))
    code=33                              # bytes of machine code below
    size=$((64 + 56 + code + len))
    # ELF header: 64-bit, little-endian, version 1, System V; ET_EXEC for EM_X86_64, entry after
    # the program header at 0x400000 + 120; one program header at offset 64; no sections.
    printf '\177ELF\002\001\001\000\000\000\000\000\000\000\000\000'
    le 2 2; le 2 62; le 4 1
    le 8 $((0x400000 + 120)); le 8 64; le 8 0
    le 4 0; le 2 64; le 2 56; le 2 1; le 2 64; le 2 0; le 2 0
    # PT_LOAD, R+X: the whole file at 0x400000.
    le 4 1; le 4 5; le 8 0; le 8 $((0x400000)); le 8 $((0x400000))
    le 8 "$size"; le 8 "$size"; le 8 4096
    # mov eax,1 (write); mov edi,1; lea rsi,[rip+16] (the message); mov edx,len; syscall;
    # mov eax,60 (exit); xor edi,edi; syscall
    printf '\270\001\000\000\000\277\001\000\000\000\110\215\065\020\000\000\000\272'
    le 4 "$len"
    printf '\017\005\270\074\000\000\000\061\377\017\005'
    printf '%s\n' "$1"
}

# bzimage VERSION_STRING: a bzImage-shaped kernel: one setup sector after the boot sector, the
# boot-protocol 2.15 header with its boot flag, "HdrS", loadflags LOADED_HIGH and a
# kernel_version pointer to VERSION_STRING, then 512 bytes of "protected-mode code" (syssize 32).
bzimage() {
    zeros $((0x1F1))
    le 1 1                               # 0x1F1 setup_sects
    le 2 0                               # 0x1F2 root_flags
    le 4 32                              # 0x1F4 syssize, in 16-byte units
    le 2 0; le 2 0; le 2 0               # 0x1F8 ram_size, vid_mode, root_dev
    printf '\125\252'                    # 0x1FE boot_flag 0xAA55
    printf '\353\146HdrS'                # 0x200 jump, 0x202 header magic
    le 2 $((0x020F))                     # 0x206 protocol version 2.15
    le 4 0                               # 0x208 realmode_swtch
    le 2 $((0x1000))                     # 0x20C start_sys_seg
    le 2 $((0x300 - 0x200))              # 0x20E kernel_version: the string at 0x300
    le 1 0                               # 0x210 type_of_loader
    le 1 1                               # 0x211 loadflags: LOADED_HIGH (a bzImage)
    zeros $((0x300 - 0x212))
    printf '%s\000' "$1"
    zeros $((0x400 - 0x300 - ${#1} - 1))
    zeros 512
}

case $component in
    qemu)
        version=$(yaml_value assets.hypervisor.qemu.version)
        elf "QEMU emulator version $version (kata-release sandbox)" >"$kata/bin/qemu-system-x86_64"
        chmod 755 "$kata/bin/qemu-system-x86_64"
        ;;
    kernel)
        version=$(yaml_value assets.kernel.version)
        config=$(cat tools/packaging/kernel/kata_config_version)
        bzimage "$version (kata-release sandbox) #1 SMP" >"$kata/share/kata-containers/vmlinuz-$version-$config"
        ln -s "vmlinuz-$version-$config" "$kata/share/kata-containers/vmlinuz.container"
        ;;
    *)
        echo "sandbox-build.sh: no such component: $component" >&2
        exit 2
        ;;
esac
echo "built $component with $(wc -l <"$kata/share/kata-release/$component-patches.txt") patches"
mkdir -p build
tar -cJf "build/kata-static-$component.tar.xz" -C "$stage" ./opt
