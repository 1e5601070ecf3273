package io.katarelease.core.versions;

/** A component kata-release builds with the fork's patches. */
public enum Component {
    QEMU("qemu"),
    KERNEL("kernel");

    private final String id;

    Component(String id) {
        this.id = id;
    }

    /** @return the lower-case name used in commands and kata's make targets ({@code qemu-tarball}) */
    public String id() {
        return id;
    }
}
