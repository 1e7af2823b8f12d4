package org.dtaas.library;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.dtaas.identity.testing.TestPlatformHome;
import org.dtaas.identity.testing.TestTokens;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The REST file manager API: streamed, atomic uploads; ranged downloads; folders; moves; deletes. */
@QuarkusTest
@QuarkusTestResource(TestPlatformHome.class)
class FileOperationsTest {

    @TestHTTPResource("/")
    URI base;

    @BeforeEach
    void library() throws Exception {
        LibraryFixture.create();
    }

    static String alice() {
        return TestTokens.bearer("alice");
    }

    @Test
    void uploadCreatesParentsThenReplacesAndDownloadsTheSameBytes() {
        given().header("Authorization", alice()).body("t,x\n0,1\n").put("/api/library/raw/alice/tools/ops/run1/out.csv")
                .then().statusCode(201);
        given().header("Authorization", alice()).body("t,x\n0,2\n").put("/api/library/raw/alice/tools/ops/run1/out.csv")
                .then().statusCode(204);
        given().header("Authorization", alice()).get("/api/library/raw/alice/tools/ops/run1/out.csv")
                .then().statusCode(200).body(equalTo("t,x\n0,2\n"))
                .header("Content-Type", containsString("text/csv")).header("Accept-Ranges", "bytes");
    }

    @Test
    void whatTheLibraryMakesBelongsToTheOwnersUnixAccount() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(org.dtaas.files.UnixAccounts.runsAsRoot(), "accounts need root");
        int alicesUid = org.dtaas.files.UnixAccounts.of(TestPlatformHome.home(), "auto", 200_000).uidOf("alice").getAsInt();
        given().header("Authorization", alice()).body("x").put("/api/library/raw/alice/tools/owned/deep/file.txt")
                .then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(201), equalTo(204)));
        given().header("Authorization", alice()).post("/api/library/dirs/alice/tools/owned/made").then().statusCode(
                org.hamcrest.Matchers.anyOf(equalTo(200), equalTo(201), equalTo(204)));
        Path owned = LibraryFixture.files().resolve("alice/tools/owned");
        for (Path made : new Path[] {owned, owned.resolve("deep"), owned.resolve("deep/file.txt"), owned.resolve("made")}) {
            assertEquals(alicesUid, Files.getAttribute(made, "unix:uid"), made + " is alice's");
            assertEquals(alicesUid, Files.getAttribute(made, "unix:gid"), made + " is alice's group's");
        }
        assertEquals(0L, partialFiles(), "nothing left in staging");
    }

    @Test
    void rangesAreServedAsPartialContent() {
        given().header("Authorization", alice()).body("0123456789").put("/api/library/raw/alice/tools/ops/digits.txt")
                .then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(201), equalTo(204)));
        given().header("Authorization", alice()).header("Range", "bytes=2-5").get("/api/library/raw/alice/tools/ops/digits.txt")
                .then().statusCode(206).body(equalTo("2345")).header("Content-Range", "bytes 2-5/10");
        given().header("Authorization", alice()).header("Range", "bytes=-3").get("/api/library/raw/alice/tools/ops/digits.txt")
                .then().statusCode(206).body(equalTo("789"));
        given().header("Authorization", alice()).header("Range", "bytes=50-").get("/api/library/raw/alice/tools/ops/digits.txt")
                .then().statusCode(416).header("Content-Range", "bytes */10");
    }

    @Test
    void uploadedPagesCannotScriptThePlatform() {
        given().header("Authorization", alice()).body("<script>alert(1)</script>").put("/api/library/raw/alice/tools/ops/page.html")
                .then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(201), equalTo(204)));
        given().header("Authorization", alice()).get("/api/library/raw/alice/tools/ops/page.html").then().statusCode(200)
                .header("Content-Type", "application/octet-stream").header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox");
    }

    @Test
    void onlyAdminsWriteCommon() {
        given().header("Authorization", alice()).body("x").put("/api/library/raw/common/data/x.txt")
                .then().statusCode(403).body("message", containsString("only admins"));
        given().header("Authorization", TestTokens.adminBearer("root")).body("x").put("/api/library/raw/common/data/x.txt")
                .then().statusCode(org.hamcrest.Matchers.anyOf(equalTo(201), equalTo(204)));
        given().header("Authorization", alice()).get("/api/library/raw/common/data/x.txt").then().statusCode(200);
    }

    @Test
    void tooLargeUploadsAreRefusedAndLeaveNothing() throws Exception {
        // the test profile limits files to 1 MiB
        given().header("Authorization", alice()).header("Content-Type", "application/octet-stream")
                .body(new byte[1024 * 1024 + 1]).put("/api/library/raw/alice/tools/ops/big.bin")
                .then().statusCode(413).body("message", containsString("limit"));
        HttpResponse<String> chunked = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri("/api/library/raw/alice/tools/ops/big2.bin"))
                .header("Authorization", alice())
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new ZeroStream(2L * 1024 * 1024))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(413, chunked.statusCode(), chunked.body());
        assertFalse(Files.exists(LibraryFixture.files().resolve("alice/tools/ops/big.bin")));
        assertFalse(Files.exists(LibraryFixture.files().resolve("alice/tools/ops/big2.bin")));
        assertEquals(0, partialFiles(), "no partial upload is left behind");
    }

    @Test
    void anUploadInProgressIsNeverVisible() throws Exception {
        CountDownLatch halfway = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        InputStream slow = new InputStream() {
            int sent;

            @Override
            public int read() throws IOException {
                if (sent == 100_000) {
                    halfway.countDown();
                    try {
                        finish.await(20, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        throw new IOException(e);
                    }
                }
                return sent++ < 200_000 ? 'a' : -1;
            }
        };
        CompletableFuture<HttpResponse<String>> upload = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(uri("/api/library/raw/alice/tools/ops/atomic.txt")).header("Authorization", alice())
                        .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> slow)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(halfway.await(20, TimeUnit.SECONDS));
        Thread.sleep(300);
        given().header("Authorization", alice()).get("/api/library/raw/alice/tools/ops/atomic.txt").then().statusCode(404);
        given().header("Authorization", alice()).get("/api/library/tree/alice/tools/ops")
                .then().body("name", not(hasItem("atomic.txt"))).body(not(containsString(".upload-")));
        finish.countDown();
        assertEquals(201, upload.get(20, TimeUnit.SECONDS).statusCode());
        assertEquals(200_000, Files.size(LibraryFixture.files().resolve("alice/tools/ops/atomic.txt")));
    }

    @Test
    void foldersAreMadeMovedAndDeleted() {
        given().header("Authorization", alice()).post("/api/library/dirs/alice/models/m1/v1").then().statusCode(201);
        given().header("Authorization", alice()).post("/api/library/dirs/alice/models/m1/v1").then().statusCode(204);
        given().header("Authorization", alice()).body("fmu").put("/api/library/raw/alice/models/m1/v1/model.fmu").then().statusCode(201);
        given().header("Authorization", alice()).body("fmu").put("/api/library/raw/alice/models/m1/v1/model.fmu").then().statusCode(204);
        given().header("Authorization", alice()).post("/api/library/dirs/alice/models/m1/v1/model.fmu").then().statusCode(409);
        move("alice/models/m1", "alice/models/m1/v1/inside").then().statusCode(409);
        move("alice/models/m1", "alice/models/m2").then().statusCode(204);
        move("alice/models/m2/v1/model.fmu", "alice/data/welcome.txt").then().statusCode(409);
        given().header("Authorization", alice()).get("/api/library/raw/alice/models/m2/v1/model.fmu").then().body(equalTo("fmu"));
        given().header("Authorization", alice()).delete("/api/library/files/alice/models/m2").then().statusCode(204);
        given().header("Authorization", alice()).get("/api/library/tree/alice/models/m2").then().statusCode(404);
        given().header("Authorization", alice()).delete("/api/library/files/alice/models/m2").then().statusCode(404);
        given().header("Authorization", alice()).delete("/api/library/files/alice").then().statusCode(400);
    }

    @Test
    void movesAcrossOwnersNeedWriteAccessToBoth() {
        move("bob/data/secret.txt", "alice/tools/ops/stolen.txt").then().statusCode(403);
        move("alice/data/welcome.txt", "common/data/welcome.txt").then().statusCode(403);
        given().header("Authorization", alice()).contentType("application/json").body("{}").post("/api/library/move")
                .then().statusCode(400);
    }

    @Test
    void deletingALinkNeverDeletesItsTarget() throws Exception {
        Path target = TestPlatformHome.home().resolve("keep-me.txt");
        Files.writeString(target, "precious");
        Files.createSymbolicLink(LibraryFixture.files().resolve("alice/tools/link"), target);
        given().header("Authorization", alice()).delete("/api/library/files/alice/tools/link").then().statusCode(204);
        assertEquals("precious", Files.readString(target));
        assertFalse(Files.exists(LibraryFixture.files().resolve("alice/tools/link"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    private io.restassured.response.Response move(String from, String to) {
        return given().header("Authorization", alice()).contentType("application/json")
                .body(Map.of("from", from, "to", to)).post("/api/library/move");
    }

    private URI uri(String path) {
        return URI.create(base.toString().replaceAll("/$", "") + path);
    }

    private static long partialFiles() throws IOException {
        try (Stream<Path> all = Files.walk(LibraryFixture.files())) {
            return all.filter(p -> p.getFileName().toString().startsWith(".upload-")).count();
        }
    }

    /** {@code size} zero bytes, without a length known in advance (sent chunked). */
    static final class ZeroStream extends InputStream {
        private long left;

        ZeroStream(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            return left-- > 0 ? 0 : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            return n;
        }
    }
}
