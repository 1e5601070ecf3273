package io.katarelease.core.versions;

/**
 * One QEMU or kernel entry of {@code versions.yaml}.
 *
 * @param component QEMU or the kernel
 * @param assetKey the key under {@code assets} (or {@code assets.hypervisor}) it belongs to, such
 *     as {@code kernel}, {@code kernel-dragonball-experimental} or {@code qemu-snp-experimental}
 * @param path the yq path of the value, such as {@code .assets.kernel.nvidia.version}
 * @param version the value, verbatim (with or without {@code v}; a tag, a SHA, a fork tag)
 * @param flavour whether the entry is nested under the asset ({@code kernel.nvidia},
 *     {@code qemu.tdx}): flavours select no build-type subdirectory
 */
public record VersionEntry(Component component, String assetKey, String path, String version, boolean flavour) {}
