package org.dtaas.library.http;

import io.quarkus.vertx.http.HttpServerOptionsCustomizer;
import io.vertx.core.http.HttpServerOptions;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Makes the library's Unix socket bindable when a killed process left its file behind (a clean stop
 * removes it; after {@code kill -9} binding would fail with "address in use" and the service would not
 * come back). Only a socket that nobody answers on is removed: a library that still runs keeps its own.
 */
@ApplicationScoped
public class LibrarySocket implements HttpServerOptionsCustomizer {

    private static final Logger LOG = Logger.getLogger(LibrarySocket.class);
    private static final int S_IFMT = 0170000;
    private static final int S_IFSOCK = 0140000;

    /**
     * A Unix socket's send buffer is net.core.wmem_default (208 KiB here), where TCP's grows to 4 MiB on
     * its own: with the default, a large upload through the gateway went ~20% slower than over TCP
     * (measured), its writes stalling more often. The receive buffer stays: set as large, every small
     * call cost both JVMs more than twice the CPU (measured; Netty sizes its reads by it).
     */
    static final int BUFFER_BYTES = 4 * 1024 * 1024;

    @Override
    public void customizeDomainSocketServer(HttpServerOptions options) {
        removeIfStale(Path.of(options.getHost()));
        options.setSendBufferSize(BUFFER_BYTES);
    }

    static void removeIfStale(Path socket) {
        try {
            int mode = (Integer) Files.getAttribute(socket, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            if ((mode & S_IFMT) != S_IFSOCK) {
                return; // not a socket (a file, a link, a folder): binding says what is wrong, nothing is deleted
            }
        } catch (IOException none) {
            return;
        }
        try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            probe.connect(UnixDomainSocketAddress.of(socket));
            LOG.warnf("%s is answered by another process: this library-service cannot listen there", socket);
        } catch (ConnectException nobodyAnswers) {
            try {
                Files.deleteIfExists(socket);
                LOG.infof("removed %s, left by a library-service that did not stop cleanly", socket);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot remove the stale socket " + socket, e);
            }
        } catch (IOException e) {
            LOG.warnf("cannot tell whether %s is in use: %s", socket, e);
        }
    }
}
