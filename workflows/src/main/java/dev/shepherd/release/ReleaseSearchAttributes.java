package dev.shepherd.release;

import io.temporal.common.SearchAttributeKey;
import java.util.List;

/** The search attributes releases publish, so that the Web UI and {@code shepherd list} can filter. */
public final class ReleaseSearchAttributes {

  public static final SearchAttributeKey<String> APPLICATION = SearchAttributeKey.forKeyword("ReleaseApplication");
  public static final SearchAttributeKey<String> VERSION = SearchAttributeKey.forKeyword("ReleaseVersion");
  public static final SearchAttributeKey<String> PHASE = SearchAttributeKey.forKeyword("ReleasePhase");
  public static final SearchAttributeKey<String> INITIATOR = SearchAttributeKey.forKeyword("ReleaseInitiator");

  /** All of them; each is a Keyword attribute that the server must have registered. */
  public static final List<SearchAttributeKey<String>> ALL = List.of(APPLICATION, VERSION, PHASE, INITIATOR);

  private ReleaseSearchAttributes() {}
}
