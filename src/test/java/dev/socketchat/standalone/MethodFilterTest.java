package dev.socketchat.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MethodFilterTest {
  @Test
  void getAndHeadPassEverywhere() {
    for (String path : new String[] {"/", "/status", "/socket.io/", "/socket.io/socket.io.js", "/chat", "*"}) {
      assertThat(MethodFilter.refusal("GET", path)).as(path).isZero();
      assertThat(MethodFilter.refusal("HEAD", path)).as(path).isZero();
    }
  }

  @Test
  void postAndOptionsPassOnlyToThePollingEndpoint() {
    String[] polling = {"/socket.io/", "/socket.io", "/socket.io/chat", "/%73ocket.io/", "/socket.io;a/"};
    for (String path : polling) {
      assertThat(MethodFilter.refusal("POST", path)).as(path).isZero();
      assertThat(MethodFilter.refusal("OPTIONS", path)).as(path).isZero();
    }
    for (String path : new String[] {"/", "/status", "/socket.io/socket.io.min.js", "/socket.iox", "/chat", "*"}) {
      assertThat(MethodFilter.refusal("POST", path)).as(path).isEqualTo(405);
      assertThat(MethodFilter.refusal("OPTIONS", path)).as(path).isEqualTo(204);
    }
  }

  @Test
  void methodsNoPathServesAreNotImplementedButEngineIoAnswersItsOwn() {
    for (String method : new String[] {"TRACE", "CONNECT"}) {
      assertThat(MethodFilter.refusal(method, "/socket.io/")).as(method).isEqualTo(501);
    }
    for (String method : new String[] {"PUT", "DELETE", "PATCH", "PRI", "get", "BREW"}) {
      assertThat(MethodFilter.refusal(method, "/socket.io/")).as(method).isZero();
    }
    for (String method : new String[] {"PUT", "DELETE", "PATCH", "TRACE", "CONNECT", "PRI", "get", "BREW"}) {
      assertThat(MethodFilter.refusal(method, "/socket.io/socket.io.min.js")).as(method).isEqualTo(501);
      assertThat(MethodFilter.refusal(method, "/")).as(method).isEqualTo(501);
    }
  }
}
