package dev.engram.examples.browser;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's static server without a browser: content types, the root boundary, methods. */
class DemoServerTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @TempDir
    Path tmp;

    private Path root;
    private DemoServer server;

    @BeforeEach
    void start() throws IOException {
        root = Files.createDirectories(tmp.resolve("site"));
        Files.writeString(root.resolve("index.html"), "<!DOCTYPE html>");
        Files.createDirectories(root.resolve("vendor"));
        Files.write(root.resolve("vendor/a.wasm"), new byte[] {0, 'a', 's', 'm'});
        Files.createDirectories(root.resolve("model"));
        Files.writeString(root.resolve("model/model.json"), "{}");
        Files.write(root.resolve("model/weights.bin"), new byte[] {1, 2, 3, 4});
        Files.writeString(tmp.resolve("secret.txt"), "outside the root");
        server = DemoServer.start(root, 0);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(server.uri() + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void listensOnLoopbackOnly() {
        assertEquals(InetAddress.getLoopbackAddress().getHostAddress(), server.uri().getHost());
    }

    @Test
    void servesFilesWithTheirContentTypes() throws Exception {
        assertEquals("text/html; charset=utf-8", get("").headers().firstValue("Content-Type").orElseThrow());
        HttpResponse<byte[]> wasm = get("vendor/a.wasm");
        assertEquals(200, wasm.statusCode());
        // Browsers compile a module with streaming only when it is served as application/wasm.
        assertEquals("application/wasm", wasm.headers().firstValue("Content-Type").orElseThrow());
        assertArrayEquals(new byte[] {0, 'a', 's', 'm'}, wasm.body());
        assertEquals("application/json", get("model/model.json").headers().firstValue("Content-Type").orElseThrow());
        assertEquals("application/octet-stream",
                get("model/weights.bin").headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void answers404OutsideTheRootAndForMissingFiles() throws Exception {
        assertEquals(404, get("model/missing.bin").statusCode());
        assertEquals(404, get("../secret.txt").statusCode());
        assertEquals(404, get("%2e%2e/secret.txt").statusCode());
        assertEquals(404, get("model/%2e%2e/%2e%2e/secret.txt").statusCode());
    }

    @Test
    void doesNotFollowSymbolicLinksOutOfTheRoot() throws Exception {
        Files.createSymbolicLink(root.resolve("link.txt"), tmp.resolve("secret.txt"));
        assertEquals(404, get("link.txt").statusCode());
    }

    @Test
    void refusesMethodsOtherThanGetAndHead() throws Exception {
        HttpResponse<Void> post = http.send(HttpRequest.newBuilder(server.uri())
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(405, post.statusCode());
        HttpResponse<Void> head = http.send(HttpRequest.newBuilder(URI.create(server.uri() + "model/model.json"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(200, head.statusCode());
    }

    @Test
    void refusesAMissingRoot() {
        IOException e = assertThrows(IOException.class, () -> DemoServer.start(tmp.resolve("nope"), 0));
        assertTrue(e.getMessage().contains("does not exist"), e.getMessage());
    }
}
