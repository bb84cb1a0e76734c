package dev.engram.examples.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A static file server for the browser page, bound to the loopback address only (the JDK's
 * {@code jwebserver} needs Java 18; this needs only {@code com.sun.net.httpserver}).
 *
 * <p>Serves GET and HEAD for files under the root directory; a directory serves its
 * {@code index.html}. Content types are set per extension, in particular {@code application/wasm}
 * (browsers compile a {@code .wasm} with streaming only when it carries that type). Paths that leave
 * the root, after normalisation or through a symbolic link, and missing files answer 404; responses
 * are not cached, so a retrained model is picked up by a reload.
 *
 * <p>Usage: {@code DemoServer [root] [port]} (defaults {@code target/site}, 8080; port 0 picks a
 * free one).
 */
public final class DemoServer implements AutoCloseable {
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "json", "application/json",
            "wasm", "application/wasm",
            "bin", "application/octet-stream",
            "png", "image/png",
            "map", "application/json");

    private final Path root;
    private final HttpServer server;
    private final ExecutorService executor;

    private DemoServer(Path root, int port) throws IOException {
        this.root = root.toRealPath();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        server.createContext("/", this::handle);
        executor = Executors.newFixedThreadPool(4, r -> {
            Thread t = new Thread(r, "demo-server");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
    }

    /**
     * Starts serving {@code root} on the loopback address.
     *
     * @param port the port, or 0 for a free one (see {@link #port()})
     * @throws IOException if the root does not exist or the port cannot be bound
     */
    public static DemoServer start(Path root, int port) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException("site directory " + root.toAbsolutePath()
                    + " does not exist: build the example first");
        }
        DemoServer s = new DemoServer(root, port);
        s.server.start();
        return s;
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** The page's address, {@code http://127.0.0.1:<port>/}. */
    public URI uri() {
        return URI.create("http://" + server.getAddress().getAddress().getHostAddress() + ":" + port() + "/");
    }

    /** Stops the server at once. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Serves {@code args[0]} (default target/site) on port {@code args[1]} (default 8080) until killed. */
    public static void main(String[] args) throws IOException, InterruptedException {
        Path root = Path.of(args.length > 0 ? args[0] : "target/site");
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 8080;
        DemoServer s = start(root, port);
        if (!Files.isRegularFile(root.resolve("vendor/tf.min.js"))) {
            System.out.println("note: " + root.resolve("vendor/tf.min.js")
                    + " is missing: run `npm ci` in examples/browser, then build");
        }
        if (!Files.isRegularFile(root.resolve("model/model.json"))) {
            System.out.println("note: " + root.resolve("model/model.json") + " is missing: run the trainer first");
        }
        System.out.println("serving " + s.root + " at " + s.uri() + " (Ctrl-C stops)");
        Thread.currentThread().join();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String method = ex.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                send(ex, 405, "text/plain; charset=utf-8", "method not allowed\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            Path file = resolve(ex.getRequestURI().getPath());
            if (file == null) {
                send(ex, 404, "text/plain; charset=utf-8", "not found\n".getBytes(StandardCharsets.UTF_8));
                return;
            }
            send(ex, 200, contentType(file), Files.readAllBytes(file));
        }
    }

    /** The regular file under the root that {@code urlPath} names, or null. */
    private Path resolve(String urlPath) throws IOException {
        Path p = root.resolve(urlPath.replaceFirst("^/+", "")).normalize();
        if (!p.startsWith(root)) {
            return null;
        }
        if (Files.isDirectory(p)) {
            p = p.resolve("index.html");
        }
        if (!Files.isRegularFile(p) || !p.toRealPath().startsWith(root)) {
            return null;
        }
        return p;
    }

    private static String contentType(Path file) {
        String name = file.getFileName().toString();
        String ext = name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return TYPES.getOrDefault(ext, "application/octet-stream");
    }

    private static void send(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
