package dev.socketchat.socketio;

import dev.socketchat.web.AcceptEncoding;
import dev.socketchat.web.EntityTags;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * Serves the Socket.IO browser client at {@code /socket.io/socket.io.js} (and its minified, ESM and source-map
 * variants), as Socket.IO's own server does, so pages that load it with a script tag work unchanged.
 */
@WebServlet(
    urlPatterns = {
      "/socket.io/socket.io.js",
      "/socket.io/socket.io.js.map",
      "/socket.io/socket.io.min.js",
      "/socket.io/socket.io.min.js.map",
      "/socket.io/socket.io.esm.min.js",
      "/socket.io/socket.io.esm.min.js.map"
    },
    loadOnStartup = 1)
public final class ClientScriptServlet extends HttpServlet {
  /** The files this servlet serves, by name (its URL patterns'); the build puts them in {@value #FOLDER}. */
  public static final List<String> FILES =
      Stream.of(ClientScriptServlet.class.getAnnotation(WebServlet.class).urlPatterns())
          .map(pattern -> pattern.substring(pattern.lastIndexOf('/') + 1))
          .toList();

  private static final String FOLDER = "/dev/socketchat/socketio/client/";

  private transient Map<String, Script> scripts;
  private transient String etag;

  @Override
  public void init() throws ServletException {
    try {
      String version = new String(read("VERSION"), StandardCharsets.UTF_8).trim();
      etag = '"' + version + '"';
      scripts = FILES.stream().collect(Collectors.toUnmodifiableMap(name -> name, name -> Script.of(name, read(name))));
    } catch (UncheckedIOException missing) {
      throw new ServletException("the Socket.IO client bundle is missing from the build", missing);
    }
  }

  @Override
  protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
    String path = request.getServletPath();
    Script script = scripts.get(path.substring(path.lastIndexOf('/') + 1));
    if (script == null) {
      response.sendError(404);
      return;
    }
    response.setHeader("Cache-Control", "public, max-age=0");
    response.setHeader("ETag", etag);
    response.setHeader("Vary", "Accept-Encoding");
    if (EntityTags.matches(request.getHeader("If-None-Match"), etag)) {
      response.setStatus(304);
      return;
    }
    AcceptEncoding.Choice coding = AcceptEncoding.choose(request.getHeader("Accept-Encoding"));
    if (coding == AcceptEncoding.Choice.NONE) {
      response.sendError(406);
      return;
    }
    response.setContentType(script.contentType());
    byte[] body = script.plain();
    if (coding == AcceptEncoding.Choice.GZIP) {
      response.setHeader("Content-Encoding", "gzip");
      body = script.gzipped();
    }
    response.setContentLength(body.length);
    response.getOutputStream().write(body);
  }

  private static byte[] read(String name) {
    try (InputStream in = ClientScriptServlet.class.getResourceAsStream(FOLDER + name)) {
      if (in == null) {
        throw new UncheckedIOException(new IOException(FOLDER + name + " not found"));
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One served file: its bytes as built and gzipped once at start-up. */
  @SuppressWarnings("ArrayRecordComponent") // a private holder, never compared, hashed or printed
  private record Script(String contentType, byte[] plain, byte[] gzipped) {
    static Script of(String name, byte[] plain) {
      String type = name.endsWith(".map") ? "application/json; charset=utf-8" : "application/javascript; charset=utf-8";
      var gzipped = new ByteArrayOutputStream(plain.length / 3);
      try (var gzip = new GZIPOutputStream(gzipped)) {
        gzip.write(plain);
      } catch (IOException impossible) {
        throw new UncheckedIOException(impossible);
      }
      return new Script(type, plain, gzipped.toByteArray());
    }
  }
}
