package io.wpstack.cli.deploy;

import java.util.Optional;

/** What listens on this machine's TCP ports (the process, not Docker's view: see {@link Ports}). */
public interface PortHolders {
    /** Something listens on PORT (any address, IPv4 or IPv6). */
    boolean listening(int port);

    /** The process listening on PORT, as "NAME (pid N)", when it can be told. */
    Optional<String> process(int port);
}
