package dev.socketchat.standalone;

import dev.socketchat.web.AcceptEncoding;
import dev.socketchat.web.EntityTags;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.GZIPOutputStream;
import org.glassfish.grizzly.http.Method;
import org.glassfish.grizzly.http.server.HttpHandler;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.server.Response;

/**
 * Serves the page's files from a class-path folder as the WAR's container does: {@code GET} and {@code HEAD}, an
 * {@code ETag} per content with {@code If-None-Match} compared weakly, and text gzipped when the request accepts it.
 * Files are read once, on first request, and kept in memory (the page is a few small files).
 */
final class StaticFiles extends HttpHandler {
  private static final int GZIP_ABOVE_BYTES = 512;
  private static final Map<String, String> TYPES =
      Map.of(
          "html", "text/html; charset=utf-8",
          "js", "text/javascript; charset=utf-8",
          "css", "text/css; charset=utf-8",
          "svg", "image/svg+xml",
          "json", "application/json",
          "png", "image/png",
          "ico", "image/x-icon");

  private final ClassLoader loader;
  private final String folder;
  private final Map<String, File> files = new ConcurrentHashMap<>();

  /** Files under {@code folder} (such as {@code webapp/}) of the class path; {@code /} is its {@code index.html}. */
  StaticFiles(ClassLoader loader, String folder) {
    this.loader = Objects.requireNonNull(loader, "loader");
    this.folder = Objects.requireNonNull(folder, "folder");
  }

  @Override
  public void service(Request request, Response response) throws IOException {
    Method method = request.getMethod();
    String uri = request.getRequestURI();
    if (RequestChecks.pathProblem(uri) != null) {
      response.sendError(400);
      return;
    }
    Optional<File> found = find(request.getDecodedRequestURI());
    if (found.isEmpty()) {
      response.sendError(404);
      return;
    }
    if (!Method.GET.equals(method) && !Method.HEAD.equals(method)) {
      response.setHeader("Allow", "GET, HEAD");
      response.sendError(405);
      return;
    }
    File file = found.get();
    AcceptEncoding.Choice coding =
        file.gzipped() == null
            ? AcceptEncoding.Choice.IDENTITY
            : AcceptEncoding.choose(request.getHeader("Accept-Encoding"));
    if (coding == AcceptEncoding.Choice.NONE) {
      response.sendError(406);
      return;
    }
    boolean gzip = coding == AcceptEncoding.Choice.GZIP;
    String etag = gzip ? file.gzipTag() : file.tag();
    response.setHeader("ETag", etag);
    response.setHeader("Cache-Control", "no-cache");
    if (file.gzipped() != null) {
      response.setHeader("Vary", "Accept-Encoding");
    }
    String ifNoneMatch = request.getHeader("If-None-Match");
    if (EntityTags.matches(ifNoneMatch, file.tag()) || EntityTags.matches(ifNoneMatch, file.gzipTag())) {
      response.setStatus(304);
      return;
    }
    byte[] body = gzip ? file.gzipped() : file.bytes();
    response.setContentType(file.type());
    if (gzip) {
      response.setHeader("Content-Encoding", "gzip");
    }
    response.setContentLength(body.length);
    if (Method.GET.equals(method)) {
      response.getOutputStream().write(body);
    }
  }

  private Optional<File> find(String path) {
    String name = path.equals("/") ? "index.html" : path.substring(1);
    String upper = name.toUpperCase(Locale.ROOT);
    if (name.isEmpty()
        || upper.startsWith("WEB-INF")
        || upper.startsWith("META-INF")
        || !TYPES.containsKey(extension(name))) {
      return Optional.empty(); // only the page's kinds of file: never a folder (a directory listing) or anything else
    }
    File cached = files.get(name);
    if (cached != null) {
      return Optional.of(cached);
    }
    try (InputStream in = loader.getResourceAsStream(folder + name)) {
      if (in == null) {
        return Optional.empty(); // misses are not kept: anyone can ask for any name
      }
      File file = File.of(name, in.readAllBytes());
      files.putIfAbsent(name, file);
      return Optional.of(file);
    } catch (IOException e) {
      // a folder of the jar reads as an error on some class loaders; it is not a file
      return Optional.empty();
    }
  }

  private static String extension(String name) {
    return name.substring(name.lastIndexOf('.') + 1);
  }

  /** One file: its bytes, its type, its gzipped bytes when worth it, and the entity tags of both. */
  @SuppressWarnings("ArrayRecordComponent") // a cache entry, never compared, hashed or printed
  private record File(String type, byte[] bytes, String tag, byte[] gzipped, String gzipTag) {
    static File of(String name, byte[] bytes) {
      String extension = extension(name);
      String type = TYPES.getOrDefault(extension, "application/octet-stream");
      String hash = hash(bytes);
      boolean compressible = type.startsWith("text/") || type.startsWith("image/svg") || type.contains("json");
      byte[] gzipped = compressible && bytes.length > GZIP_ABOVE_BYTES ? gzip(bytes) : null;
      return new File(type, bytes, '"' + hash + '"', gzipped, '"' + hash + "-gzip\"");
    }

    private static String hash(byte[] bytes) {
      try {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 12);
      } catch (NoSuchAlgorithmException impossible) {
        throw new IllegalStateException(impossible);
      }
    }

    private static byte[] gzip(byte[] bytes) {
      var out = new ByteArrayOutputStream(bytes.length / 3);
      try (var gzip = new GZIPOutputStream(out)) {
        gzip.write(bytes);
      } catch (IOException impossible) {
        throw new UncheckedIOException(impossible);
      }
      return out.toByteArray();
    }
  }
}
