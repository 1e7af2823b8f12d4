package org.dtaas.library.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The library's Unix socket after a kill -9: its file is in the way of the next bind, and only then removed. */
class LibrarySocketTest {

    @TempDir
    Path run;

    @Test
    void aSocketNobodyAnswersOnIsRemovedSoTheServiceCanBindAgain() throws Exception {
        Path socket = run.resolve("library.sock");
        try (ServerSocketChannel killed = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            killed.bind(UnixDomainSocketAddress.of(socket)); // closing leaves the file, as a killed process does
        }
        assertTrue(Files.exists(socket));
        LibrarySocket.removeIfStale(socket);
        assertFalse(Files.exists(socket), "the stale socket is gone");
        try (ServerSocketChannel next = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            next.bind(UnixDomainSocketAddress.of(socket)); // and the next start binds
        }
    }

    @Test
    void aSocketInUseAndAnythingElseStay() throws Exception {
        Path socket = run.resolve("library.sock");
        try (ServerSocketChannel running = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            running.bind(UnixDomainSocketAddress.of(socket));
            LibrarySocket.removeIfStale(socket);
            assertTrue(Files.exists(socket), "a library that still runs keeps its socket");
        }
        Path file = Files.writeString(run.resolve("not-a-socket"), "data");
        LibrarySocket.removeIfStale(file);
        assertEquals("data", Files.readString(file), "only sockets are ever removed");
        Path link = Files.createSymbolicLink(run.resolve("link.sock"), socket);
        LibrarySocket.removeIfStale(link);
        assertTrue(Files.isSymbolicLink(link), "a link is not followed nor removed");
    }
}
