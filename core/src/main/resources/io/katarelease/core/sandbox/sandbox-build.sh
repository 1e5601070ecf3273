#!/bin/sh
# kata-release sandbox: an offline stand-in for kata's local-build make targets
# (qemu-tarball, kernel-tarball). Run from the checkout root with the component's name; writes
# build/kata-static-<component>.tar.xz with what kata's tarballs hold, plus the list of the
# patches this checkout carries for the component.
set -eu
component=$1
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
kata=$stage/opt/kata
mkdir -p "$kata/bin" "$kata/share/kata-containers" "$kata/share/kata-release"
find "tools/packaging/$component/patches" -name '*.patch' | LC_ALL=C sort >"$kata/share/kata-release/$component-patches.txt"
case $component in
    qemu)
        printf '#!/bin/sh\necho "QEMU emulator version 11.0.1 (kata-release sandbox)"\n' >"$kata/bin/qemu-system-x86_64"
        chmod 755 "$kata/bin/qemu-system-x86_64"
        ;;
    kernel)
        config=$(cat tools/packaging/kernel/kata_config_version)
        echo "Linux version 6.18.35 (kata-release sandbox)" >"$kata/share/kata-containers/vmlinuz-6.18.35-$config"
        ln -s "vmlinuz-6.18.35-$config" "$kata/share/kata-containers/vmlinuz.container"
        ;;
    *)
        echo "sandbox-build.sh: no such component: $component" >&2
        exit 2
        ;;
esac
echo "built $component with $(wc -l <"$kata/share/kata-release/$component-patches.txt") patches"
mkdir -p build
tar -cJf "build/kata-static-$component.tar.xz" -C "$stage" ./opt
