package dev.socketchat.standalone;

import org.glassfish.grizzly.http.server.ErrorPageGenerator;
import org.glassfish.grizzly.http.server.Request;

/** Error pages that say the status and nothing else: no server name or version, no stack trace, no path. */
final class PlainErrorPage implements ErrorPageGenerator {
  @Override
  public String generate(Request request, int status, String reasonPhrase, String description, Throwable exception) {
    String title = status + " " + escape(reasonPhrase == null ? "" : reasonPhrase);
    return "<!doctype html><html><head><title>" + title + "</title></head><body><h1>" + title + "</h1></body></html>";
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
