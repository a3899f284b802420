package org.communal.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallTest {
  private static final String BASE = "http://127.0.0.1:8080/ctx/";

  @Test
  void aPlainPathResolvesByAppendingAsUriResolveWould() {
    for (String path : List.of("api/", "api/review-requests/12/reviews/5/", "a", "a.b/c~d_e-f",
        "users/some.name/", "")) {
      assertTrue(Call.isPlainPath(path), path);
      assertEquals(URI.create(BASE).resolve(path).toString(), BASE + path, path);
    }
  }

  @Test
  void pathsThatResolutionWouldChangeAreNotPlain() {
    for (String path : List.of("/api/", "../api/", "./api", "api/../x", "api//x", "a?b", "a#b",
        "http:x", "users/al ice/", "users/a@b/", "%41/", ".hidden")) {
      assertFalse(Call.isPlainPath(path), path);
    }
  }
}
