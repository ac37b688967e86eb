package org.yizhan.alert.notify;

import java.util.Map;

/**
 * One HTTP POST ready to go: the URL (signed, for DingTalk, at the moment of sending), headers and
 * JSON body. Built afresh for each attempt, so a DingTalk signature is never older than the attempt
 * that carries it.
 */
public record PreparedRequest(String url, Map<String, String> headers, String body) {

  public PreparedRequest {
    headers = Map.copyOf(headers);
  }
}
